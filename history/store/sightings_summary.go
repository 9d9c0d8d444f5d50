package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/trailview/trailview/history"
)

// First sightings of a single field read the summaries instead of the
// events: "seen before the window" is a probe of the value's summary rows
// (a few index entries), and, for a window without a filter, the window's
// whole days are its summary_day rows. Every read of the summary tables
// for sightings is in this file (sightingSeenBefore, sightingDayRows), so
// a change of their layout stays here.

// everyCategory lists every category a summary row can carry (the store
// keeps management and Insights events only, history/event.go): "seen
// before" looks across all of them, as the events probe did, and each
// costs one more search per candidate.
var everyCategory = strconv.Itoa(int(history.Management)) + ", " + strconv.Itoa(int(history.Insight))

// sightingSeenBefore is the condition, on the candidate w.k1, that some
// event of the store, in any scope, holds the value before start, with
// its arguments: region and account from summary_hour's first times,
// other fields from summary_day's. A row's first time is its first
// event's, so the start day's part before the start needs no events. ok
// is false when the summaries do not count field.
func sightingSeenBefore(field history.Field, start time.Time) (cond string, args []any, ok bool) {
	us := start.UnixMicro()
	switch field {
	case history.FieldRegion:
		return "EXISTS (SELECT 1 FROM summary_hour p WHERE p.region_id = w.k1 AND p.first_us < ?)", []any{us}, true
	case history.FieldAccount:
		return "EXISTS (SELECT 1 FROM summary_hour p WHERE p.account_id = w.k1 AND p.first_us < ?)", []any{us}, true
	}
	kind, ok := sightingKind(field)
	if !ok {
		return "", nil, false
	}
	// The day bound skips a busy value's later rows without computing
	// their times; the first time decides inside the start day.
	return "EXISTS (SELECT 1 FROM summary_day p WHERE p.kind = " + strconv.Itoa(int(kind)) + " AND p.cat IN (" + everyCategory +
		") AND p.value_id = w.k1 AND p.day <= ? AND p.day * " + strconv.FormatInt(dayUS, 10) + " + p.first_off < ?)", []any{floorDiv(us, dayUS), us}, true
}

// sightingKind is the summary_day kind of a field's values.
func sightingKind(field history.Field) (dictKind, bool) {
	sf, ok := summaryFacetOf(field)
	if !ok || sf.table != "summary_day" {
		return 0, false
	}
	return sf.kind, true
}

// sightingDayRows is the SELECT (k, n, lo, hi, named so) of field's summary_day
// rows in scope for days lo to hi, with its arguments.
func sightingDayRows(field history.Field, scope string, scopeArgs []any, lo, hi int64) (string, []any) {
	kind, _ := sightingKind(field)
	day := strconv.FormatInt(dayUS, 10)
	return "SELECT value_id AS k, n, day * " + day + " + first_off AS lo, day * " + day + " + first_off + span_us AS hi FROM summary_day WHERE kind = ? AND " +
			scope + " AND day BETWEEN ? AND ? AND value_id <> 0",
		append(append([]any{int64(kind)}, scopeArgs...), lo, hi)
}

// sightingWindowFromSummaries is the SELECT of (k, n, lo, hi) rows whose
// sums per k are the window's counts and first times, from summary_day
// for every day from the start's to the last whole one and from the
// events for the partial day at the end. The start day is read whole:
// a value with an event in it before the start is not new anyway, and a
// new value's rows that day hold only events at or after the start. ok
// is false when no summary applies (a filter, or no whole day).
func (s *Store) sightingWindowFromSummaries(ctx context.Context, q history.Query, field history.Field) (string, []any, bool, error) {
	if _, ok := sightingKind(field); !ok || !s.summaryApplies(q) {
		return "", nil, false, nil
	}
	start, end := q.Start.UnixMicro(), q.End.UnixMicro()
	lo, hi := floorDiv(start, dayUS), floorDiv(end+1, dayUS)-1
	if hi < lo {
		return "", nil, false, nil
	}
	scope, scopeArgs, err := s.summaryScope(ctx, q)
	if err != nil {
		return "", nil, true, err
	}
	rows, args := sightingDayRows(field, scope, scopeArgs, lo, hi)
	var edges []history.Query
	if end >= (hi+1)*dayUS {
		e := q
		e.Start = time.UnixMicro((hi + 1) * dayUS)
		edges = append(edges, e)
	}
	sf, _ := summaryFacetOf(field)
	src, err := facetSourceOf(field)
	if err != nil {
		return "", nil, true, err
	}
	parts, edgeArgs, _, err := s.edgeFacetParts(ctx, q, edges, sf, src)
	if err != nil {
		return "", nil, true, err
	}
	return rows + parts, append(args, edgeArgs...), true, nil
}

// firstSightingsFromSummaries answers FirstSightings for a single field
// the summaries count; handled is false for pairs and other fields.
func (s *Store) firstSightingsFromSummaries(ctx context.Context, q history.Query, field SightingField, limit int) (out []history.FirstSighting, handled bool, err error) {
	if field.Second != 0 {
		return nil, false, nil
	}
	seen, seenArgs, ok := sightingSeenBefore(field.First, q.Start)
	if !ok {
		return nil, false, nil
	}
	window, args, fromSummary, err := s.sightingWindowFromSummaries(ctx, q, field.First)
	if errors.Is(err, errNoMatch) {
		return []history.FirstSighting{}, true, nil
	}
	if err != nil {
		return nil, true, fmt.Errorf("first sightings: %w", err)
	}
	if !fromSummary {
		src, err := sightingSourceOf(field, q.Start)
		if err != nil {
			return nil, true, err
		}
		b, err := s.build(ctx, q)
		if errors.Is(err, errNoMatch) {
			return []history.FirstSighting{}, true, nil
		}
		if err != nil {
			return nil, true, err
		}
		window = "SELECT " + src.keys + " AS k, 1 AS n, " + b.timeCo + " AS lo, " + b.timeCo + " AS hi FROM " + b.from + " " + src.join + b.where(src.keys+" IS NOT NULL")
		args = b.args
	}
	query := "WITH w(k1, n, lo) AS (SELECT k, sum(n), min(lo) FROM (" + window + ") GROUP BY k)" +
		" SELECT v, n, lo FROM (SELECT (SELECT value FROM dict WHERE id = w.k1) AS v, n, lo FROM w WHERE NOT " + seen + ") WHERE v <> ''" +
		" ORDER BY lo DESC, v ASC LIMIT ?"
	all := append(append(append([]any(nil), args...), seenArgs...), limit)
	out, err = s.scanSightings(ctx, query, all)
	return out, true, err
}

// scanSightings runs a first-sightings query whose rows are (value,
// count, first time).
func (s *Store) scanSightings(ctx context.Context, query string, args []any) ([]history.FirstSighting, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("first sightings: %w", err)
	}
	defer rows.Close()
	out := []history.FirstSighting{}
	for rows.Next() {
		var f history.FirstSighting
		var lo int64
		if err := rows.Scan(&f.Value, &f.Count, &lo); err != nil {
			return nil, fmt.Errorf("first sightings: read: %w", err)
		}
		f.FirstSeen = time.UnixMicro(lo).UTC()
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("first sightings: %w", err)
	}
	return out, nil
}

// sightingPairSeenBefore is the condition, on the candidate pair (w.k1,
// w.k2), that one event before start holds both values. The summaries
// narrow the search: the two values can only meet in an event on a day,
// Region, category, account and read-only where both have a row, inside
// the overlap of the two rows' time spans; only that span of the events
// is read, through the index of the value with fewer events in the row
// (index1 or index2, the columns' indexes; index2 may be ""), and no
// events at all when the values never shared a row. This replaces a walk
// of all the first value's older events, which took seconds for a busy
// user. The times are integers the store computed, written into the SQL.
func sightingPairSeenBefore(c1, c2 *lookupColumn, start time.Time) string {
	day := strconv.FormatInt(dayUS, 10)
	us := strconv.FormatInt(start.UnixMicro(), 10)
	lo := "max(a.day * " + day + " + a.first_off, b.day * " + day + " + b.first_off)"
	hi := "min(a.day * " + day + " + a.first_off + a.span_us, b.day * " + day + " + b.first_off + b.span_us, " + us + " - 1)"
	probe := func(c *lookupColumn, other *lookupColumn, key, otherKey string) string {
		return "EXISTS (SELECT 1 FROM events p INDEXED BY " + c.index.name + " WHERE p." + c.col + " = " + key +
			" AND p.region_id = a.region_id AND p.cat = a.cat AND p.time_us BETWEEN " + lo + " AND " + hi + " AND p." + other.col + " = " + otherKey + ")"
	}
	events := probe(c1, c2, "w.k1", "w.k2")
	if c2.index.name != "" {
		events = "(a.n <= b.n AND " + events + " OR a.n > b.n AND " + probe(c2, c1, "w.k2", "w.k1") + ")"
	}
	return "EXISTS (SELECT 1 FROM summary_day a JOIN summary_day b ON b.kind = " + strconv.Itoa(int(c2.kind)) +
		" AND b.cat = a.cat AND b.value_id = w.k2 AND b.region_id = a.region_id AND b.day = a.day AND b.account_id = a.account_id AND b.ro = a.ro" +
		" WHERE a.kind = " + strconv.Itoa(int(c1.kind)) + " AND a.cat IN (" + everyCategory + ") AND a.value_id = w.k1 AND a.day <= " +
		strconv.FormatInt(floorDiv(start.UnixMicro(), dayUS), 10) + " AND " + lo + " <= " + hi + " AND " + events + ")"
}
