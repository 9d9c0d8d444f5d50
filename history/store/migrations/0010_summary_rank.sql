-- trailview store, schema 10: every value's all-time count, for the
-- fields with a value per event or so (access keys, resource names).
-- A top of such a field over the whole days read one summary_day row per
-- value (hundreds of thousands at a million events) to find twenty.
-- Events in any window and scope are a subset of all events, so a
-- value's count here bounds its count in any query: reading values from
-- the most counted down, a top stops once the limit-th exact count is
-- above the next value's bound (summary_rank_top.go). ro 3 counts every
-- event; ro 0 the events with read-only false alone, the browser's
-- default attribute, which few events match and whose bound would
-- otherwise be loose. Kept by the writer with summary_day
-- (summary_rank.go), recounted by prune.
CREATE TABLE IF NOT EXISTS summary_rank(
  kind     INTEGER NOT NULL,
  cat      INTEGER NOT NULL,
  ro       INTEGER NOT NULL,
  value_id INTEGER NOT NULL,
  n        INTEGER NOT NULL,
  PRIMARY KEY (kind, cat, ro, value_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS summary_rank_n ON summary_rank(kind, cat, ro, n);

-- summaryRankRecountSQL (summary_rank.go): value 0 of a resource kind
-- counts the events with a value, not a value. A store whose schema
-- number was set back (tests do) already has the tables: recount them.
DELETE FROM summary_rank;
INSERT INTO summary_rank
  SELECT kind, cat, 3, value_id, sum(n) FROM summary_day
  WHERE kind IN (6, 14) AND value_id <> 0 GROUP BY kind, cat, value_id;
INSERT INTO summary_rank
  SELECT kind, cat, 0, value_id, sum(n) FROM summary_day
  WHERE kind IN (6, 14) AND value_id <> 0 AND ro = 0 GROUP BY kind, cat, value_id;

-- The distinct values and the events with a value of the same kinds over
-- all time, per Region (0: every Region) and per set of read-only keys
-- (ro_mask: bit 1 << ro for each ro kept), which no sum of other rows
-- gives (summary_values.go). A top whose window holds every event of its
-- scope reads them here instead of from every summary_day row.
CREATE TABLE IF NOT EXISTS summary_values(
  kind      INTEGER NOT NULL,
  cat       INTEGER NOT NULL,
  region_id INTEGER NOT NULL,
  ro_mask   INTEGER NOT NULL,
  vals      INTEGER NOT NULL,
  events    INTEGER NOT NULL,
  PRIMARY KEY (kind, cat, region_id, ro_mask)
) WITHOUT ROWID;

-- summaryValuesRecountSQL (summary_values.go).
DELETE FROM summary_values;
INSERT INTO summary_values
WITH m(mask) AS (VALUES (1), (2), (3), (4), (5), (6), (7)),
p AS (SELECT kind, cat, value_id, region_id, (max(ro = 0) | (max(ro = 1) << 1) | (max(ro = 2) << 2)) AS bits FROM summary_day
  WHERE kind IN (6, 14) AND value_id <> 0 AND value_id NOT IN (SELECT id FROM dict WHERE value = '')
  GROUP BY kind, cat, value_id, region_id),
pa AS (SELECT kind, cat, region_id, bits FROM p
  UNION ALL SELECT kind, cat, 0, max(bits & 1) | max(bits & 2) | max(bits & 4) FROM p GROUP BY kind, cat, value_id),
e AS (SELECT kind, cat, region_id, ro, sum(n) AS n FROM summary_day
  WHERE kind IN (6, 14) AND (value_id = 0 OR kind NOT IN (13, 14)) GROUP BY kind, cat, region_id, ro),
ea AS (SELECT kind, cat, region_id, ro, n FROM e UNION ALL SELECT kind, cat, 0, ro, n FROM e)
SELECT kind, cat, region_id, mask, sum(v), sum(ev) FROM (
  SELECT kind, cat, region_id, mask, 1 AS v, 0 AS ev FROM pa JOIN m ON bits & mask <> 0
  UNION ALL SELECT kind, cat, region_id, mask, 0, n FROM ea JOIN m ON (mask >> ro) & 1 = 1)
GROUP BY kind, cat, region_id, mask;
