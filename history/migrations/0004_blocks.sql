-- trailview store, schema 4: records compressed 64 at a time.
-- Block id holds the records of the events with id >> 6 = id (blocks.go
-- gives the format); such an events row has the single byte 3 in raw.
-- Rows written before this schema keep their own compressed record in raw.
CREATE TABLE blocks(
  id INTEGER PRIMARY KEY,
  z  BLOB NOT NULL
);
