package history

// The order of events everywhere (table pages, LookupEvents and its
// tokens, exports) is eventTime descending, then eventID descending.
//
// The spec (event-history-spec.md, 2.6 Ordering): "Results are sorted by
// event time, most recent first [C]. Tie-breaking for equal EventTime
// (second granularity) is [U]; recommended secondary key: EventId
// descending, so pagination is deterministic." The AWS CLI run against the
// same events orders ties that way too. A tie-break on the store's row ID
// would list the same events in load order, so two stores holding the same
// events (one loaded from S3, one from lookup-events output) would page
// and export differently.
//
// The IDs compare as strings, byte by byte (Go's string order, SQLite's
// BINARY collation). Stored IDs are encoded (ids.go): a canonical UUID as
// a tag and 16 bytes, anything else as another tag and its text. Between
// two UUIDs the bytes sort as the text does, but the tags would put every
// non-UUID ID above every UUID, so SQL orders on the ID's text, rebuilt
// from the stored bytes by eventIDText.
//
// No index holds that text: the queries walk an index in time order (the
// scope index, a lookup index or a resources index) and SQLite sorts only
// the events of one time at a time ("USE TEMP B-TREE FOR RIGHT PART OF
// ORDER BY"), stopping at the page's LIMIT. On a synthetic store of a
// million events a page costs the same as with the row-ID tie-break
// (under 1 ms, 2-6 ms inside a burst of 5,000 events in one second), and
// an export of a Region the same (0.3-0.4 s), so an index of ~40 bytes
// per event would buy nothing.

// eventIDText returns the SQL expression of the event ID's text of the
// events row aliased alias: the inverse of EncodeID, with built-in
// functions only, so that any SQLite reading the store agrees.
func eventIDText(alias string) string {
	id := alias + ".event_id"
	part := func(from, n string) string { return "hex(substr(" + id + ", " + from + ", " + n + "))" }
	return "(CASE WHEN length(" + id + ") = 17 AND substr(" + id + ", 1, 1) = x'01' THEN lower(" +
		part("2", "4") + " || '-' || " + part("6", "2") + " || '-' || " + part("8", "2") + " || '-' || " +
		part("10", "2") + " || '-' || " + part("12", "6") +
		") WHEN substr(" + id + ", 1, 1) = x'02' THEN CAST(substr(" + id + ", 2) AS TEXT)" +
		" ELSE CAST(" + id + " AS TEXT) END)"
}

// newerFirst reports whether an event at (timeUS, eventID) comes before
// one at c in newest-first order: the Go side of the SQL order, for
// merging sorted cursors.
func newerFirst(timeUS int64, eventID string, c Cursor) bool {
	if timeUS != c.TimeUS {
		return timeUS > c.TimeUS
	}
	return eventID > c.EventID
}
