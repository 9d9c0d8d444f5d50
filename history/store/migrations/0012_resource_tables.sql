-- trailview store, schema 12: resource rows kept once, in lookup order.
-- Schema 1 kept them in a rowid table read only through its two partial
-- covering indexes (by name and by type): the table itself, about 28
-- bytes per event, was never read on its own, and no query finds rows by
-- event through it either. Here each index becomes a WITHOUT ROWID table
-- keyed as that index was, so the rows are stored once, in the order the
-- lookups read them. As before, an event has one name row per distinct
-- resource name and one type row per distinct type, so a lookup never
-- returns an event twice. time_us, region_id and cat repeat the event's.

-- Like the other migrations, this one may run again on a store that has
-- it already (one whose version was set back): the old table is then
-- made empty, to be copied from and dropped like a real one.
CREATE TABLE IF NOT EXISTS resources(event, name_id, type_id, region_id, cat, time_us);
CREATE TABLE IF NOT EXISTS resource_names(
  name_id   INTEGER NOT NULL,
  region_id INTEGER NOT NULL,
  cat       INTEGER NOT NULL,
  time_us   INTEGER NOT NULL,
  event     INTEGER NOT NULL,
  PRIMARY KEY (name_id, region_id, cat, time_us, event)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS resource_types(
  type_id   INTEGER NOT NULL,
  region_id INTEGER NOT NULL,
  cat       INTEGER NOT NULL,
  time_us   INTEGER NOT NULL,
  event     INTEGER NOT NULL,
  PRIMARY KEY (type_id, region_id, cat, time_us, event)
) WITHOUT ROWID;

-- Each table is copied in key order through the index it replaces (no
-- sort: memory stays bounded however large the store), and each old
-- index is dropped as soon as it has been read, so that the next copy
-- takes the pages it frees instead of growing the file (by ~13 MB on a
-- million events instead of ~48).
DROP INDEX IF EXISTS dict_value;
INSERT INTO resource_types SELECT type_id, region_id, cat, time_us, event
  FROM resources WHERE type_id IS NOT NULL ORDER BY 1, 2, 3, 4, 5;
DROP INDEX IF EXISTS resources_type;
INSERT INTO resource_names SELECT name_id, region_id, cat, time_us, event
  FROM resources WHERE name_id IS NOT NULL ORDER BY 1, 2, 3, 4, 5;
DROP INDEX IF EXISTS resources_name;
DROP TABLE resources;

-- The dictionary keeps one index, for exact and case-insensitive lookups
-- both (dict_index.go). dict_value (dropped first, above) served exact
-- lookups only and duplicated dict_nocase, at about 20 bytes per event.
-- dict_nocase is created here in case a bulk load of an older trailview,
-- which dropped it until the end, died before building it again.
CREATE INDEX IF NOT EXISTS dict_nocase ON dict(kind, value COLLATE NOCASE);
