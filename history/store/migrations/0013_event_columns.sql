-- trailview store, schema 13: the event columns (colchunk.go). Top and
-- timeline under a filter read, per Region, category and UTC day, chunks
-- holding the counted fields column by column, and count them in Go:
-- SQLite reading every event of a window under agent:, arn: or a broad
-- eventtype: took 0.2-3.5 s at a million events. The writer appends a
-- chunk per day it adds events to and merges a day's chunks when they
-- pile up; a prune rebuilds the days it touches. The chunks of the
-- events already stored are built by Go code after this file runs
-- (store_migrate.go), in the same transaction, from scratch: a store
-- an older trailview migrated down again holds stale ones.
CREATE TABLE IF NOT EXISTS event_columns(
  id        INTEGER PRIMARY KEY,
  region_id INTEGER NOT NULL,
  cat       INTEGER NOT NULL,
  day       INTEGER NOT NULL, -- floor(time_us / 86400000000)
  n         INTEGER NOT NULL, -- events in the chunk
  data      BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS event_columns_day ON event_columns(region_id, cat, day);
