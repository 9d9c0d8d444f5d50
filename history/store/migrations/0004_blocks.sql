-- trailview store, schema 4: records compressed 64 at a time.
-- Block id holds the records of the events with id >> 6 = id (blocks.go
-- gives the format); such an events row has the single byte 3 in raw.
-- Rows written before this schema keep their own compressed record in raw.
CREATE TABLE blocks(
  id INTEGER PRIMARY KEY,
  z  BLOB NOT NULL
);

-- A loaded file's directory lives once in dict (kind 15) and files.path
-- keeps the rest of the name: a tree writes a few hundred files per
-- directory, and full paths were ~60 bytes per event on a busy tree.
-- dir_id is NULL for rows written before (path is the whole name) and for
-- inputs without a directory (standard input, zip members).
ALTER TABLE files ADD COLUMN dir_id INTEGER;
