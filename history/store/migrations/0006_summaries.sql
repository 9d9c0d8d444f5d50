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

-- Events per value of a field per day (a store of 100,000 events has
-- about two rows per event: hence small numbers for the times, 0 for the
-- span of a single event taking no bytes). The key puts the value before the
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
  first_off  INTEGER NOT NULL, -- the first event's time after the day's start
  span_us    INTEGER NOT NULL, -- the last event's time after the first's
  PRIMARY KEY (kind, cat, value_id, region_id, day, account_id, ro)
) WITHOUT ROWID;

-- The statements of summaryRecountSQL (summary_prune.go) over every event.
INSERT INTO summary_hour
  SELECT e.region_id, e.cat, (e.time_us - (e.time_us < 0) * 3599999999) / 3600000000 AS h, e.account_id, coalesce(e.read_only, 2) AS r,
  count(*), count(e.error_id), min(e.time_us), max(e.time_us)
  FROM events e GROUP BY e.region_id, e.cat, h, e.account_id, r;
INSERT INTO summary_day
  SELECT 3, e.region_id, e.cat, (e.time_us - (e.time_us < 0) * 86399999999) / 86400000000 AS d, e.name_id, e.account_id, coalesce(e.read_only, 2) AS r,
  count(*), min(e.time_us) - (e.time_us - (e.time_us < 0) * 86399999999) / 86400000000 * 86400000000, max(e.time_us) - min(e.time_us)
  FROM events e WHERE e.name_id IS NOT NULL GROUP BY e.region_id, e.cat, d, e.name_id, e.account_id, r;
INSERT INTO summary_day
  SELECT 4, e.region_id, e.cat, (e.time_us - (e.time_us < 0) * 86399999999) / 86400000000 AS d, e.source_id, e.account_id, coalesce(e.read_only, 2) AS r,
  count(*), min(e.time_us) - (e.time_us - (e.time_us < 0) * 86399999999) / 86400000000 * 86400000000, max(e.time_us) - min(e.time_us)
  FROM events e WHERE e.source_id IS NOT NULL GROUP BY e.region_id, e.cat, d, e.source_id, e.account_id, r;
INSERT INTO summary_day
  SELECT 5, e.region_id, e.cat, (e.time_us - (e.time_us < 0) * 86399999999) / 86400000000 AS d, e.user_id, e.account_id, coalesce(e.read_only, 2) AS r,
  count(*), min(e.time_us) - (e.time_us - (e.time_us < 0) * 86399999999) / 86400000000 * 86400000000, max(e.time_us) - min(e.time_us)
  FROM events e WHERE e.user_id IS NOT NULL GROUP BY e.region_id, e.cat, d, e.user_id, e.account_id, r;
INSERT INTO summary_day
  SELECT 6, e.region_id, e.cat, (e.time_us - (e.time_us < 0) * 86399999999) / 86400000000 AS d, e.key_id, e.account_id, coalesce(e.read_only, 2) AS r,
  count(*), min(e.time_us) - (e.time_us - (e.time_us < 0) * 86399999999) / 86400000000 * 86400000000, max(e.time_us) - min(e.time_us)
  FROM events e WHERE e.key_id IS NOT NULL GROUP BY e.region_id, e.cat, d, e.key_id, e.account_id, r;
INSERT INTO summary_day
  SELECT 7, e.region_id, e.cat, (e.time_us - (e.time_us < 0) * 86399999999) / 86400000000 AS d, e.error_id, e.account_id, coalesce(e.read_only, 2) AS r,
  count(*), min(e.time_us) - (e.time_us - (e.time_us < 0) * 86399999999) / 86400000000 * 86400000000, max(e.time_us) - min(e.time_us)
  FROM events e WHERE e.error_id IS NOT NULL GROUP BY e.region_id, e.cat, d, e.error_id, e.account_id, r;
INSERT INTO summary_day
  SELECT 8, e.region_id, e.cat, (e.time_us - (e.time_us < 0) * 86399999999) / 86400000000 AS d, e.ip_id, e.account_id, coalesce(e.read_only, 2) AS r,
  count(*), min(e.time_us) - (e.time_us - (e.time_us < 0) * 86399999999) / 86400000000 * 86400000000, max(e.time_us) - min(e.time_us)
  FROM events e WHERE e.ip_id IS NOT NULL GROUP BY e.region_id, e.cat, d, e.ip_id, e.account_id, r;
INSERT INTO summary_day
  SELECT 9, e.region_id, e.cat, (e.time_us - (e.time_us < 0) * 86399999999) / 86400000000 AS d, e.agent_id, e.account_id, coalesce(e.read_only, 2) AS r,
  count(*), min(e.time_us) - (e.time_us - (e.time_us < 0) * 86399999999) / 86400000000 * 86400000000, max(e.time_us) - min(e.time_us)
  FROM events e WHERE e.agent_id IS NOT NULL GROUP BY e.region_id, e.cat, d, e.agent_id, e.account_id, r;
INSERT INTO summary_day
  SELECT 10, e.region_id, e.cat, (e.time_us - (e.time_us < 0) * 86399999999) / 86400000000 AS d, e.type_id, e.account_id, coalesce(e.read_only, 2) AS r,
  count(*), min(e.time_us) - (e.time_us - (e.time_us < 0) * 86399999999) / 86400000000 * 86400000000, max(e.time_us) - min(e.time_us)
  FROM events e WHERE e.type_id IS NOT NULL GROUP BY e.region_id, e.cat, d, e.type_id, e.account_id, r;
INSERT INTO summary_day
  SELECT 11, e.region_id, e.cat, (e.time_us - (e.time_us < 0) * 86399999999) / 86400000000 AS d, e.itype_id, e.account_id, coalesce(e.read_only, 2) AS r,
  count(*), min(e.time_us) - (e.time_us - (e.time_us < 0) * 86399999999) / 86400000000 * 86400000000, max(e.time_us) - min(e.time_us)
  FROM events e WHERE e.itype_id IS NOT NULL GROUP BY e.region_id, e.cat, d, e.itype_id, e.account_id, r;
INSERT INTO summary_day
  SELECT 12, e.region_id, e.cat, (e.time_us - (e.time_us < 0) * 86399999999) / 86400000000 AS d, e.iarn_id, e.account_id, coalesce(e.read_only, 2) AS r,
  count(*), min(e.time_us) - (e.time_us - (e.time_us < 0) * 86399999999) / 86400000000 * 86400000000, max(e.time_us) - min(e.time_us)
  FROM events e WHERE e.iarn_id IS NOT NULL GROUP BY e.region_id, e.cat, d, e.iarn_id, e.account_id, r;
INSERT INTO summary_day
  SELECT 13, e.region_id, e.cat, (e.time_us - (e.time_us < 0) * 86399999999) / 86400000000 AS d, rf.type_id, e.account_id, coalesce(e.read_only, 2) AS r,
  count(*), min(e.time_us) - (e.time_us - (e.time_us < 0) * 86399999999) / 86400000000 * 86400000000, max(e.time_us) - min(e.time_us)
  FROM resources rf JOIN events e ON e.id = rf.event WHERE rf.type_id IS NOT NULL
  GROUP BY e.region_id, e.cat, d, rf.type_id, e.account_id, r;
INSERT INTO summary_day
  SELECT 13, e.region_id, e.cat, (e.time_us - (e.time_us < 0) * 86399999999) / 86400000000 AS d, 0, e.account_id, coalesce(e.read_only, 2) AS r,
  count(*), min(e.time_us) - (e.time_us - (e.time_us < 0) * 86399999999) / 86400000000 * 86400000000, max(e.time_us) - min(e.time_us)
  FROM events e WHERE EXISTS (SELECT 1 FROM resources rf WHERE rf.event = e.id AND rf.type_id IS NOT NULL
  AND rf.type_id NOT IN (SELECT id FROM dict WHERE kind = 13 AND value = ''))
  GROUP BY e.region_id, e.cat, d, e.account_id, r;
INSERT INTO summary_day
  SELECT 14, e.region_id, e.cat, (e.time_us - (e.time_us < 0) * 86399999999) / 86400000000 AS d, rf.name_id, e.account_id, coalesce(e.read_only, 2) AS r,
  count(*), min(e.time_us) - (e.time_us - (e.time_us < 0) * 86399999999) / 86400000000 * 86400000000, max(e.time_us) - min(e.time_us)
  FROM resources rf JOIN events e ON e.id = rf.event WHERE rf.name_id IS NOT NULL
  GROUP BY e.region_id, e.cat, d, rf.name_id, e.account_id, r;
INSERT INTO summary_day
  SELECT 14, e.region_id, e.cat, (e.time_us - (e.time_us < 0) * 86399999999) / 86400000000 AS d, 0, e.account_id, coalesce(e.read_only, 2) AS r,
  count(*), min(e.time_us) - (e.time_us - (e.time_us < 0) * 86399999999) / 86400000000 * 86400000000, max(e.time_us) - min(e.time_us)
  FROM events e WHERE EXISTS (SELECT 1 FROM resources rf WHERE rf.event = e.id AND rf.name_id IS NOT NULL
  AND rf.name_id NOT IN (SELECT id FROM dict WHERE kind = 14 AND value = ''))
  GROUP BY e.region_id, e.cat, d, e.account_id, r;
