-- trailview store, schema 3.
-- Counts and time bounds per Region, account and category, kept by the
-- writer in the transaction that adds the events. The Region switcher, the
-- default Region (the one with the most events) and the default window
-- read this instead of grouping millions of rows.
CREATE TABLE scopes(
  region_id  INTEGER NOT NULL,
  account_id INTEGER NOT NULL,
  cat        INTEGER NOT NULL,
  events     INTEGER NOT NULL,
  oldest_us  INTEGER NOT NULL,
  newest_us  INTEGER NOT NULL,
  PRIMARY KEY (region_id, account_id, cat)
) WITHOUT ROWID;

INSERT INTO scopes
  SELECT region_id, account_id, cat, count(*), min(time_us), max(time_us)
  FROM events GROUP BY region_id, account_id, cat;
