package store

import (
	"database/sql/driver"

	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/record"
	"modernc.org/sqlite"
)

// The order of events everywhere (table pages, LookupEvents and its
// tokens, exports) is eventTime descending, then eventID descending.
//
// The spec (event-history-spec.md, 2.6 Ordering): "Results are sorted by
// event time, most recent first [C]. Tie-breaking for equal EventTime
// (second granularity) is [U]; recommended secondary key: EventId
// descending, so pagination is deterministic." The AWS CLI run against the
// same events orders ties that way too. A tie-break on the store's row ID
// listed the same events in load order, so two stores holding the same
// events (one loaded from S3, one from lookup-events output) paged and
// exported differently.
//
// The IDs compare as strings, byte by byte (Go's string order). SQL orders
// on tieKey instead, which sorts exactly as the text does but costs
// nothing for the usual ID: a canonical UUID is stored (ids.go) as a tag
// byte and its 16 bytes, which sort as its text does, so its stored form
// is its key. Only other IDs (upper-case or foreign forms, synthetic
// "trailview-..." IDs) go through tv_tiekey. Ordering on the text rebuilt
// in SQL instead cost an export about 2.5 µs more per event.
//
// No index holds the key: the queries walk an index in time order (the
// scope index, a lookup index or a resources index) and SQLite sorts only
// the events of one time at a time ("USE TEMP B-TREE FOR RIGHT PART OF
// ORDER BY"), stopping at the page's LIMIT, as it did for the row-ID
// tie-break (the scope index has read_only after time_us). Measured on the
// 100,000-event benchmark store (best of several runs on a busy machine):
// a first page 0.3-0.6 ms before and after; an export of every event
// 0.51 s before, 0.58 s after (0.60 and 0.63 s with records). On a
// synthetic million-event store (sqlite3 shell), a page inside a burst of
// 5,000 events of one second costs 2-6 ms with either tie-break. An index
// on (scope, time_us, event_id) would cost ~40 bytes per event to save
// the sort of each second's events.

// tieKeySQL is the ORDER BY term (after time) of the events row aliased
// alias. Stored IDs below x'02' are canonical UUIDs (tag 1, EncodeID).
func tieKeySQL(alias string) string {
	id := alias + ".event_id"
	return "(CASE WHEN " + id + " < x'02' THEN " + id + " ELSE tv_tiekey(" + id + ") END)"
}

// tieKey returns a blob that sorts among the keys of other IDs exactly as
// id sorts among their texts. A canonical UUID's key is its stored form,
// 0x01 and its 16 bytes. Any other ID lies strictly between two
// consecutive UUIDs in text order (or below them all): its key is the
// stored form of the lower one followed by 0x00 and the ID's text, which
// sorts after that UUID's key (a proper prefix), before the next one's
// (their 16 bytes differ) and, among the IDs between the same two UUIDs,
// as the texts do. An ID below every UUID is 0x00 and its text.
func tieKey(id string) []byte {
	if b, ok := record.ParseUUID(id); ok {
		return append([]byte{record.IDTagUUID}, b[:]...)
	}
	lower, ok := uuidBelow(id)
	if !ok {
		return append([]byte{0x00}, id...)
	}
	key := make([]byte, 0, 1+16+1+len(id))
	key = append(key, record.IDTagUUID)
	for i := 0; i < 32; i += 2 {
		key = append(key, lower[i]<<4|lower[i+1])
	}
	key = append(key, 0x00)
	return append(key, id...)
}

// uuidBelow returns, as 32 nibbles, the greatest canonical UUID whose text
// sorts before id, which is not a canonical UUID itself; false when id
// sorts before every UUID.
func uuidBelow(id string) ([32]byte, bool) {
	var nib [32]byte
	n, i := 0, 0 // nibbles read, characters read: id[:i] starts some UUID
	for ; i < len(id) && i < 36; i++ {
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if id[i] != '-' {
				break
			}
			continue
		}
		v, ok := record.LowerHex(id[i])
		if !ok {
			break
		}
		nib[n] = v
		n++
	}
	// id is above every UUID starting with nib[:m] (the greatest of them is
	// the answer), or below every one starting with nib[:n] (the answer is
	// the UUID just before the least of them).
	m, above := n, false
	switch {
	case i == 36: // a UUID followed by more text
		above = true
	case i == len(id): // a proper prefix of UUIDs
	case i == 8 || i == 13 || i == 18 || i == 23:
		above = id[i] > '-'
	case id[i] > 'f':
		above = true
	case id[i] > '9': // between the digits and the letters
		nib[n], m, above = 9, n+1, true
	}
	fill := byte(0)
	if above {
		fill = 0xf
	}
	for k := m; k < 32; k++ {
		nib[k] = fill
	}
	if above {
		return nib, true
	}
	for k := 31; k >= 0; k-- { // the UUID just before: subtract one
		if nib[k] > 0 {
			nib[k]--
			return nib, true
		}
		nib[k] = 0xf
	}
	return nib, false
}

func registerTieKey() {
	sqlite.MustRegisterDeterministicScalarFunction("tv_tiekey", 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		switch v := args[0].(type) {
		case []byte:
			return tieKey(record.DecodeID(v)), nil
		case string:
			return tieKey(record.DecodeID([]byte(v))), nil
		}
		return nil, nil
	})
}

// newerFirst reports whether an event at (timeUS, eventID) comes before
// one at c in newest-first order: the Go side of the SQL order, for
// merging sorted cursors.
func newerFirst(timeUS int64, eventID string, c history.Cursor) bool {
	if timeUS != c.TimeUS {
		return timeUS > c.TimeUS
	}
	return eventID > c.EventID
}
