-- trailview store, schema 1.
-- Strings that repeat across events (names, sources, users, keys, agents,
-- IPs, ARNs, Regions, accounts, resource names and types) live once in dict
-- and events refer to them by ID: this keeps rows and indexes small, which is
-- what makes ingest fast and the store a few hundred bytes per event.

CREATE TABLE meta(
  key   TEXT PRIMARY KEY,
  value BLOB NOT NULL
) WITHOUT ROWID;

CREATE TABLE dict(
  id    INTEGER PRIMARY KEY,
  kind  INTEGER NOT NULL,
  value TEXT NOT NULL
);
CREATE UNIQUE INDEX dict_value ON dict(kind, value);
-- Filters match values case-insensitively; this index serves exact and
-- prefix matches without scanning a whole kind.
CREATE INDEX dict_nocase ON dict(kind, value COLLATE NOCASE);

-- One row per input file loaded completely, so that an unchanged file is
-- skipped quickly on the next load.
CREATE TABLE files(
  id        INTEGER PRIMARY KEY,
  path      TEXT NOT NULL,
  size      INTEGER NOT NULL,
  mtime_ns  INTEGER NOT NULL,
  sha256    BLOB NOT NULL,
  loaded_at INTEGER NOT NULL,
  records   INTEGER NOT NULL,
  added     INTEGER NOT NULL
);
-- No index: a load reads the whole table into memory once (knownFiles in
-- load.go), and a busy tree has a file for every few events, so indexes on
-- paths would cost more bytes per event than the events' own lookups.

-- Management and Insights events. time_us is eventTime in microseconds since
-- the epoch (0 when the record has none); read_only is 1, 0 or NULL.
-- raw is the complete record, compact, compressed (see compress.go).
CREATE TABLE events(
  id         INTEGER PRIMARY KEY,
  event_id   BLOB NOT NULL,
  time_us    INTEGER NOT NULL,
  region_id  INTEGER NOT NULL,
  account_id INTEGER NOT NULL,
  cat        INTEGER NOT NULL,
  read_only  INTEGER,
  name_id    INTEGER,
  source_id  INTEGER,
  user_id    INTEGER,
  key_id     INTEGER,
  error_id   INTEGER,
  ip_id      INTEGER,
  agent_id   INTEGER,
  type_id    INTEGER,
  itype_id   INTEGER,
  iarn_id    INTEGER,
  request_id BLOB,
  res        BLOB,
  flags      INTEGER NOT NULL,
  file_id    INTEGER,
  raw        BLOB NOT NULL
);
CREATE UNIQUE INDEX events_event_id ON events(event_id);
CREATE INDEX events_scope ON events(region_id, cat, time_us, read_only);

-- Lookup attributes. They are dropped during a bulk load and rebuilt after
-- it (secondaryIndexes in store.go lists them), so keep the two in step.
CREATE INDEX events_name ON events(name_id, region_id, cat, time_us);
CREATE INDEX events_source ON events(source_id, region_id, cat, time_us);
CREATE INDEX events_user ON events(user_id, region_id, cat, time_us) WHERE user_id IS NOT NULL;
CREATE INDEX events_key ON events(key_id, region_id, cat, time_us) WHERE key_id IS NOT NULL;

-- Resource lookups (spec 8). name_id is set on the first row of each
-- distinct name of an event and type_id on the first row of each distinct
-- type, so that a lookup never returns an event twice.
CREATE TABLE resources(
  event     INTEGER NOT NULL,
  name_id   INTEGER,
  type_id   INTEGER,
  region_id INTEGER NOT NULL,
  cat       INTEGER NOT NULL,
  time_us   INTEGER NOT NULL
);
CREATE INDEX resources_name ON resources(name_id, region_id, cat, time_us, event) WHERE name_id IS NOT NULL;
CREATE INDEX resources_type ON resources(type_id, region_id, cat, time_us, event) WHERE type_id IS NOT NULL;

-- Full-text search over record values at the level of 64-event groups
-- (rowid = events.id >> 6): small and cheap to build; candidates are then
-- checked exactly with tv_text on the record.
CREATE VIRTUAL TABLE words USING fts5(w, content='', detail=none, tokenize='ascii');
