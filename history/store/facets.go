package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/trailview/trailview/history"
)

// FacetValue is one value of a field among the events of a query.
type FacetValue struct {
	Value     string
	Count     int64 // events holding the value
	FirstSeen time.Time
	LastSeen  time.Time
}

// TopResult is the most frequent values of one field among a query's
// events.
type TopResult struct {
	Total    int64 // events the query selects
	Missing  int64 // of those, events without the field
	Distinct int64 // distinct values, not only those in Values
	Values   []FacetValue
}

// facetSource is where the values of a field come from in SQL.
type facetSource struct {
	join  string // joined to the query's FROM, if the values live elsewhere
	key   string // the grouped expression: a dictionary ID, or read_only
	value string // the text of g.k, the grouped key
}

// facetSourceOf maps a filter field to its column. Dictionary columns come
// from lookupColumns; resource fields from the resource tables, whose
// name_id and type_id are set on one row per distinct value of an event,
// so an event counts once for each of its distinct values.
func facetSourceOf(f history.Field) (facetSource, error) {
	const dictValue = "(SELECT value FROM dict WHERE id = g.k)"
	switch f {
	case history.FieldResourceName:
		return facetSource{"JOIN " + resourceNamesTable + " rf ON rf.event = e.id", "rf.name_id", dictValue}, nil
	case history.FieldResourceType:
		return facetSource{"JOIN " + resourceTypesTable + " rf ON rf.event = e.id", "rf.type_id", dictValue}, nil
	case history.FieldReadOnly:
		return facetSource{"", "e.read_only", "CASE g.k WHEN 1 THEN 'true' ELSE 'false' END"}, nil
	}
	if c := lookupColumnOf(f); c != nil {
		return facetSource{"", "e." + c.col, dictValue}, nil
	}
	return facetSource{}, fmt.Errorf("field %v has no values to count", f)
}

// Top returns the limit most frequent values of field among q's events,
// by count descending then value ascending. Grouping, ordering and the
// limit run in SQLite, so memory holds limit values, whatever the store's
// size. The empty string counts as no value (required columns store it
// for a missing Region or account).
func (s *Store) Top(ctx context.Context, q history.Query, field history.Field, limit int) (TopResult, error) {
	var res TopResult
	if limit <= 0 {
		return res, fmt.Errorf("top: limit %d: must be at least 1", limit)
	}
	src, err := facetSourceOf(field)
	if err != nil {
		return res, err
	}
	if ok, err := s.topFromSummaries(ctx, q, field, src, limit, &res); ok || err != nil {
		if errors.Is(err, errNoMatch) {
			return TopResult{}, nil
		}
		return res, err
	}
	b, err := s.build(ctx, q)
	if errors.Is(err, errNoMatch) {
		return res, nil
	}
	if err != nil {
		return res, err
	}
	if countsInGrouping(q, src, b) {
		return res, s.topInOnePass(ctx, q, field, src, b, limit, &res)
	}
	s.topCounts.Add(1)
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM "+termsFrom(q, b.from)+b.where(), b.args...).Scan(&res.Total); err != nil {
		return res, fmt.Errorf("top %v: count events: %w", field, err)
	}
	if src.join != "" && !resourcesAlone(q) {
		return res, s.topResourcesFromLists(ctx, b, field, limit, &res)
	}
	from, timeCol, args, err := s.facetRows(ctx, q, field, src, b)
	if errors.Is(err, errNoMatch) {
		return res, nil
	}
	if err != nil {
		return res, err
	}
	query := "WITH g AS (SELECT " + src.key + " AS k, count(*) AS n, min(" + timeCol + ") AS lo, max(" + timeCol + ") AS hi FROM " + from +
		" GROUP BY " + src.key + "), v AS (SELECT " + src.value + " AS value, n, lo, hi FROM g)" +
		" SELECT value, n, lo, hi, count(*) OVER (), sum(n) OVER () FROM v WHERE value <> ''" +
		" ORDER BY n DESC, value ASC LIMIT ?"
	rows, err := s.db.QueryContext(ctx, query, append(append([]any(nil), args...), limit)...)
	if err != nil {
		return res, fmt.Errorf("top %v: %w", field, err)
	}
	defer rows.Close()
	var present int64
	for rows.Next() {
		var v FacetValue
		var lo, hi int64
		if err := rows.Scan(&v.Value, &v.Count, &lo, &hi, &res.Distinct, &present); err != nil {
			return res, fmt.Errorf("top %v: read: %w", field, err)
		}
		v.FirstSeen, v.LastSeen = time.UnixMicro(lo).UTC(), time.UnixMicro(hi).UTC()
		res.Values = append(res.Values, v)
	}
	if err := rows.Err(); err != nil {
		return res, fmt.Errorf("top %v: %w", field, err)
	}
	if src.join != "" {
		// An event with several values counts in several groups: the
		// events holding any value are counted on their own.
		q := "SELECT count(DISTINCT rf.event) FROM " + from + " AND " + src.key + " NOT IN (SELECT id FROM dict WHERE value = '' COLLATE NOCASE)"
		if err := s.db.QueryRowContext(ctx, q, args...).Scan(&present); err != nil {
			return res, fmt.Errorf("top %v: count events with a value: %w", field, err)
		}
	}
	res.Missing = res.Total - present
	return res, nil
}

// resourcesAlone says whether q's scope is all in the resources table's
// own columns (Region, category, time), so that a resource facet need not
// join the events.
func resourcesAlone(q history.Query) bool {
	return q.Pred == nil && len(q.Accounts) == 0 && q.ReadOnly == "" && q.Lookup == nil && q.RowIDs == nil
}

// facetRows is the FROM and WHERE of the rows holding field's values among
// q's events (b, built from q), the column of their times and the
// arguments.
func (s *Store) facetRows(ctx context.Context, q history.Query, field history.Field, src facetSource, b *builder) (from, timeCol string, args []any, err error) {
	from = b.from + " " + src.join + b.where(src.key+" IS NOT NULL")
	if src.join == "" {
		from = termsFrom(q, b.from) + b.where(src.key+" IS NOT NULL")
	}
	if c := lookupColumnOf(field); c != nil && c.index.name != "" && resourcesAlone(q) && b.from == "events e" {
		// The column's own index holds the scope's columns too: reading it
		// whole beats the planner's choice of the scope index, which
		// reads every row of the Region (a third of the time on a
		// million events).
		from = "events e INDEXED BY " + c.index.name + b.where(src.key+" IS NOT NULL")
	}
	timeCol, args = "e.time_us", b.args
	if src.join != "" && resourcesAlone(q) {
		// The resources rows repeat the scope's columns: their covering
		// indexes answer without reading events (6.5 s instead of 0.x s
		// on a million events).
		rb := &builder{from: resourceTableOf(src.key) + " rf", timeCo: "rf.time_us"}
		if err := s.addScope(ctx, rb, q, "rf"); errors.Is(err, errNoMatch) {
			return "", "", nil, errNoMatch
		} else if err != nil {
			return "", "", nil, err
		}
		from, timeCol, args = rb.from+rb.where(src.key+" IS NOT NULL"), "rf.time_us", rb.args
	}
	return from, timeCol, args, nil
}
