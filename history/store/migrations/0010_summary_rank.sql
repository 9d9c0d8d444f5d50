-- trailview store, schema 10: every value's all-time count, for the
-- fields with a value per event or so (access keys, resource names).
-- A top of such a field over the whole days read one summary_day row per
-- value (hundreds of thousands at a million events) to find twenty.
-- Events in any window and scope are a subset of all events, so a
-- value's count here bounds its count in any query: reading values from
-- the most counted down, a top stops once the limit-th exact count is
-- above the next value's bound (summary_rank.go). Kept by the writer
-- with summary_day (summary_counts.go), recounted by prune.
CREATE TABLE summary_rank(
  kind     INTEGER NOT NULL,
  cat      INTEGER NOT NULL,
  value_id INTEGER NOT NULL,
  n        INTEGER NOT NULL,
  PRIMARY KEY (kind, cat, value_id)
) WITHOUT ROWID;
CREATE INDEX summary_rank_n ON summary_rank(kind, cat, n);

-- summaryRankRecountSQL (summary_rank.go): value 0 of a resource kind
-- counts the events with a value, not a value.
INSERT INTO summary_rank
  SELECT kind, cat, value_id, sum(n) FROM summary_day
  WHERE kind IN (6, 14) AND value_id <> 0 GROUP BY kind, cat, value_id;
