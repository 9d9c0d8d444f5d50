package store

import (
	"database/sql"
	"strings"

	"github.com/trailview/trailview/history"
)

// lookupColumn is one lookup column of the events table: a string of the
// event kept as an ID of the dict table.
type lookupColumn struct {
	col   string        // the events column
	kind  dictKind      // the dict family of its strings
	field history.Field // the filter field that compares it
	// required columns are never NULL: an empty string is stored as the
	// ID of "" (the Region and account every event has).
	required bool
	// value is the Event field the column fills and is read from.
	value func(e *history.Event) *string
	// index, when the column has one (a LookupEvents attribute, or the
	// error code: the investigator's filter), is the
	// index a bulk load drops and rebuilds; it must match the migration
	// that created it.
	index indexDef
}

// lookupColumns is the one place a lookup column is added (with its
// migration, which adds the column and its index): the writer, the
// readers, the dictionary resolvers, the predicate compiler and the bulk
// load's index rebuild all work from it.
var lookupColumns = [...]lookupColumn{
	{"region_id", kindRegion, history.FieldRegion, true, func(e *history.Event) *string { return &e.Region }, indexDef{}},
	{"account_id", kindAccount, history.FieldAccount, true, func(e *history.Event) *string { return &e.Account }, indexDef{}},
	{"name_id", kindEventName, history.FieldEventName, false, func(e *history.Event) *string { return &e.EventName }, indexDef{"events_name", "CREATE INDEX IF NOT EXISTS events_name ON events(name_id, region_id, cat, time_us)"}},
	{"source_id", kindEventSource, history.FieldEventSource, false, func(e *history.Event) *string { return &e.EventSource }, indexDef{"events_source", "CREATE INDEX IF NOT EXISTS events_source ON events(source_id, region_id, cat, time_us)"}},
	{"user_id", kindUsername, history.FieldUsername, false, func(e *history.Event) *string { return &e.Username }, indexDef{"events_user", "CREATE INDEX IF NOT EXISTS events_user ON events(user_id, region_id, cat, time_us) WHERE user_id IS NOT NULL"}},
	{"key_id", kindAccessKey, history.FieldAccessKeyID, false, func(e *history.Event) *string { return &e.AccessKeyID }, indexDef{"events_key", "CREATE INDEX IF NOT EXISTS events_key ON events(key_id, region_id, cat, time_us) WHERE key_id IS NOT NULL"}},
	{"error_id", kindErrorCode, history.FieldErrorCode, false, func(e *history.Event) *string { return &e.ErrorCode }, indexDef{"events_error", "CREATE INDEX IF NOT EXISTS events_error ON events(error_id, region_id, cat, time_us) WHERE error_id IS NOT NULL"}},
	{"ip_id", kindSourceIP, history.FieldSourceIP, false, func(e *history.Event) *string { return &e.SourceIP }, indexDef{"events_ip", "CREATE INDEX IF NOT EXISTS events_ip ON events(ip_id, region_id, cat, time_us, read_only, error_id) WHERE ip_id IS NOT NULL"}},
	{"agent_id", kindUserAgent, history.FieldUserAgent, false, func(e *history.Event) *string { return &e.UserAgent }, indexDef{}},
	{"type_id", kindEventType, history.FieldEventType, false, func(e *history.Event) *string { return &e.EventType }, indexDef{}},
	{"itype_id", kindIdentityType, history.FieldIdentityType, false, func(e *history.Event) *string { return &e.IdentityType }, indexDef{}},
	{"iarn_id", kindIdentityARN, history.FieldIdentityARN, false, func(e *history.Event) *string { return &e.IdentityARN }, indexDef{}},
}

// lookupColumnOf is the lookup column of a filter field, or nil.
func lookupColumnOf(f history.Field) *lookupColumn {
	for i := range lookupColumns {
		if lookupColumns[i].field == f {
			return &lookupColumns[i]
		}
	}
	return nil
}

// joinLookupColumns is the lookup columns' names, each with prefix, joined
// by ", ".
func joinLookupColumns(prefix string) string {
	names := make([]string, len(lookupColumns))
	for i, c := range lookupColumns {
		names[i] = prefix + c.col
	}
	return strings.Join(names, ", ")
}

// eventColumns is what readers select of an events row aliased e, in the
// order eventScanner.scanStored reads.
var eventColumns = "e.id, e.event_id, e.time_us, e.cat, e.read_only, e.request_id, e.res, e.flags, " + joinLookupColumns("e.")

// eventsTable is the writer's insert target, in the order eventRow
// fills: its fixed columns, then the lookup columns.
var eventsTable = "events(id, event_id, time_us, cat, read_only, request_id, res, flags, file_id, raw, " + joinLookupColumns("") + ")"

// eventsFixedColumns is how many columns of eventsTable come before the
// lookup columns.
const eventsFixedColumns = 10

// scanIDs holds the dictionary references of one row until resolved.
type scanIDs struct {
	dict [len(lookupColumns)]sql.NullInt64 // in lookupColumns order
	res  []byte                            // the resources list (forEachResourceRef)
}

// eachID calls fn with every dictionary ID the row refers to.
func (x *scanIDs) eachID(fn func(int64)) {
	for _, n := range x.dict {
		if n.Valid {
			fn(n.Int64)
		}
	}
	forEachResourceRef(x.res, func(t, n int64) {
		if t != 0 {
			fn(t)
		}
		fn(n)
	})
}

// fill sets e's lookup strings and resources from the row's IDs, given
// their texts.
func (x *scanIDs) fill(e *history.Event, text func(int64) string) {
	for i, n := range x.dict {
		v := ""
		if n.Valid {
			v = text(n.Int64)
		}
		*lookupColumns[i].value(e) = v
	}
	e.Resources = e.Resources[:0]
	forEachResourceRef(x.res, func(t, n int64) {
		r := history.Resource{Name: text(n)}
		if t != 0 {
			r.Type = text(t)
		}
		e.Resources = append(e.Resources, r)
	})
	if len(e.Resources) == 0 {
		e.Resources = nil
	}
}

// lookupIndexes are the lookup columns' indexes, in table order.
func lookupIndexes() []indexDef {
	var out []indexDef
	for _, c := range lookupColumns {
		if c.index.name != "" {
			out = append(out, c.index)
		}
	}
	return out
}
