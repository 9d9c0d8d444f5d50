-- trailview store, schema 2: what 'trailview fetch' has copied from the
-- LookupEvents API. Each row is a complete span: every event of Event
-- history of that account, Region and category with eventTime in
-- [start_us, end_us] (microseconds since the epoch, both inclusive) is in
-- the store. Spans of one key never overlap or touch: coverage.go merges
-- them as they are recorded, so the table stays a handful of rows.
CREATE TABLE coverage(
  account    TEXT NOT NULL,
  region     TEXT NOT NULL,
  cat        INTEGER NOT NULL,
  start_us   INTEGER NOT NULL,
  end_us     INTEGER NOT NULL,
  updated_us INTEGER NOT NULL,
  PRIMARY KEY(account, region, cat, start_us)
) WITHOUT ROWID;
