-- trailview store, schema 6: counts for top and timeline.
-- Kept by the writer in the transaction that adds the events
-- (summary_counts.go) and recomputed for the days a prune touches, so that
-- top and timeline over whole hours and days read these rows instead of
-- grouping every event of a 90-day window. ro is read_only with 2 for
-- NULL (a key column cannot be NULL); hour and day are floor(time_us /
-- size), so negative times fall in the bucket that holds them.

-- Events, events with an error code and their time bounds per hour.
CREATE TABLE summary_hour(
  region_id  INTEGER NOT NULL,
  cat        INTEGER NOT NULL,
  hour       INTEGER NOT NULL,
  account_id INTEGER NOT NULL,
  ro         INTEGER NOT NULL,
  events     INTEGER NOT NULL,
  errors     INTEGER NOT NULL,
  first_us   INTEGER NOT NULL,
  last_us    INTEGER NOT NULL,
  PRIMARY KEY (region_id, cat, hour, account_id, ro)
) WITHOUT ROWID;

-- Events per value of a field per day. The key puts the value before the
-- Region and day, so that counting per value over a window reads rows in
-- value order and needs no sort. kind is the value's dict kind
-- (the field); value_id 0 of a resource kind counts the events that have
-- at least one non-empty value of it (an event with several resources
-- counts once for each distinct value, and once there).
CREATE TABLE summary_day(
  kind       INTEGER NOT NULL,
  region_id  INTEGER NOT NULL,
  cat        INTEGER NOT NULL,
  day        INTEGER NOT NULL,
  value_id   INTEGER NOT NULL,
  account_id INTEGER NOT NULL,
  ro         INTEGER NOT NULL,
  n          INTEGER NOT NULL,
  first_us   INTEGER NOT NULL,
  last_us    INTEGER NOT NULL,
  PRIMARY KEY (kind, cat, value_id, region_id, day, account_id, ro)
) WITHOUT ROWID;

INSERT INTO summary_hour
  SELECT region_id, cat, (time_us - (time_us < 0) * 3599999999) / 3600000000 AS h, account_id, coalesce(read_only, 2) AS r,
    count(*), count(error_id), min(time_us), max(time_us)
  FROM events GROUP BY region_id, cat, h, account_id, r;
INSERT INTO summary_day
  SELECT 3, region_id, cat, (time_us - (time_us < 0) * 86399999999) / 86400000000 AS d, name_id, account_id, coalesce(read_only, 2) AS r,
    count(*), min(time_us), max(time_us)
  FROM events WHERE name_id IS NOT NULL GROUP BY region_id, cat, d, name_id, account_id, r;
INSERT INTO summary_day
  SELECT 4, region_id, cat, (time_us - (time_us < 0) * 86399999999) / 86400000000 AS d, source_id, account_id, coalesce(read_only, 2) AS r,
    count(*), min(time_us), max(time_us)
  FROM events WHERE source_id IS NOT NULL GROUP BY region_id, cat, d, source_id, account_id, r;
INSERT INTO summary_day
  SELECT 5, region_id, cat, (time_us - (time_us < 0) * 86399999999) / 86400000000 AS d, user_id, account_id, coalesce(read_only, 2) AS r,
    count(*), min(time_us), max(time_us)
  FROM events WHERE user_id IS NOT NULL GROUP BY region_id, cat, d, user_id, account_id, r;
INSERT INTO summary_day
  SELECT 6, region_id, cat, (time_us - (time_us < 0) * 86399999999) / 86400000000 AS d, key_id, account_id, coalesce(read_only, 2) AS r,
    count(*), min(time_us), max(time_us)
  FROM events WHERE key_id IS NOT NULL GROUP BY region_id, cat, d, key_id, account_id, r;
INSERT INTO summary_day
  SELECT 7, region_id, cat, (time_us - (time_us < 0) * 86399999999) / 86400000000 AS d, error_id, account_id, coalesce(read_only, 2) AS r,
    count(*), min(time_us), max(time_us)
  FROM events WHERE error_id IS NOT NULL GROUP BY region_id, cat, d, error_id, account_id, r;
INSERT INTO summary_day
  SELECT 8, region_id, cat, (time_us - (time_us < 0) * 86399999999) / 86400000000 AS d, ip_id, account_id, coalesce(read_only, 2) AS r,
    count(*), min(time_us), max(time_us)
  FROM events WHERE ip_id IS NOT NULL GROUP BY region_id, cat, d, ip_id, account_id, r;
INSERT INTO summary_day
  SELECT 9, region_id, cat, (time_us - (time_us < 0) * 86399999999) / 86400000000 AS d, agent_id, account_id, coalesce(read_only, 2) AS r,
    count(*), min(time_us), max(time_us)
  FROM events WHERE agent_id IS NOT NULL GROUP BY region_id, cat, d, agent_id, account_id, r;
INSERT INTO summary_day
  SELECT 10, region_id, cat, (time_us - (time_us < 0) * 86399999999) / 86400000000 AS d, type_id, account_id, coalesce(read_only, 2) AS r,
    count(*), min(time_us), max(time_us)
  FROM events WHERE type_id IS NOT NULL GROUP BY region_id, cat, d, type_id, account_id, r;
INSERT INTO summary_day
  SELECT 11, region_id, cat, (time_us - (time_us < 0) * 86399999999) / 86400000000 AS d, itype_id, account_id, coalesce(read_only, 2) AS r,
    count(*), min(time_us), max(time_us)
  FROM events WHERE itype_id IS NOT NULL GROUP BY region_id, cat, d, itype_id, account_id, r;
INSERT INTO summary_day
  SELECT 12, region_id, cat, (time_us - (time_us < 0) * 86399999999) / 86400000000 AS d, iarn_id, account_id, coalesce(read_only, 2) AS r,
    count(*), min(time_us), max(time_us)
  FROM events WHERE iarn_id IS NOT NULL GROUP BY region_id, cat, d, iarn_id, account_id, r;
INSERT INTO summary_day
  SELECT 13, e.region_id, e.cat, (e.time_us - (e.time_us < 0) * 86399999999) / 86400000000 AS d, rf.type_id, e.account_id, coalesce(e.read_only, 2) AS r,
    count(*), min(e.time_us), max(e.time_us)
  FROM resources rf JOIN events e ON e.id = rf.event WHERE rf.type_id IS NOT NULL GROUP BY e.region_id, e.cat, d, rf.type_id, e.account_id, r;
INSERT INTO summary_day
  SELECT 13, e.region_id, e.cat, (e.time_us - (e.time_us < 0) * 86399999999) / 86400000000 AS d, 0, e.account_id, coalesce(e.read_only, 2) AS r,
    count(*), min(e.time_us), max(e.time_us)
  FROM events e WHERE EXISTS (SELECT 1 FROM resources rf WHERE rf.event = e.id AND rf.type_id IS NOT NULL
    AND rf.type_id NOT IN (SELECT id FROM dict WHERE kind = 13 AND value = ''))
  GROUP BY e.region_id, e.cat, d, e.account_id, r;
INSERT INTO summary_day
  SELECT 14, e.region_id, e.cat, (e.time_us - (e.time_us < 0) * 86399999999) / 86400000000 AS d, rf.name_id, e.account_id, coalesce(e.read_only, 2) AS r,
    count(*), min(e.time_us), max(e.time_us)
  FROM resources rf JOIN events e ON e.id = rf.event WHERE rf.name_id IS NOT NULL GROUP BY e.region_id, e.cat, d, rf.name_id, e.account_id, r;
INSERT INTO summary_day
  SELECT 14, e.region_id, e.cat, (e.time_us - (e.time_us < 0) * 86399999999) / 86400000000 AS d, 0, e.account_id, coalesce(e.read_only, 2) AS r,
    count(*), min(e.time_us), max(e.time_us)
  FROM events e WHERE EXISTS (SELECT 1 FROM resources rf WHERE rf.event = e.id AND rf.name_id IS NOT NULL
    AND rf.name_id NOT IN (SELECT id FROM dict WHERE kind = 14 AND value = ''))
  GROUP BY e.region_id, e.cat, d, e.account_id, r;
