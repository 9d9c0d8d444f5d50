-- trailview store, schema 9: an index on the error code.
-- error:AccessDenied is the investigator's most common filter and errors
-- are a few percent of events, so a partial index over them costs a few
-- bytes per event and turns a scan of every event into a read of the
-- errors alone (top, timeline, first sightings and pages under that
-- filter). lookupcols.go declares the same index for the bulk load's
-- rebuild.
CREATE INDEX IF NOT EXISTS events_error ON events(error_id, region_id, cat, time_us) WHERE error_id IS NOT NULL;
