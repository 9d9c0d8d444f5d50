-- trailview store, schema 8: request IDs indexed. A bare word in a filter
-- also matches an event whose event ID or request ID it is (the full-text
-- index leaves the record's own IDs out); with this index that part of the
-- search is a lookup, so a search can start from its few candidate events
-- instead of testing every event's request ID (predsql_textdrive.go). It
-- costs about 25 bytes per event.
CREATE INDEX IF NOT EXISTS events_request ON events(request_id) WHERE request_id IS NOT NULL;
