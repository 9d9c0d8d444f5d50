package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/trailview/trailview/history"
)

// SightingField is what first sightings are about: one field, or a pair
// of fields (Second not zero) whose values are new together ("ci-deploy"
// and "CreateUser": ci-deploy's first CreateUser).
type SightingField struct {
	First, Second history.Field
}

// PairSeparator joins the two values of a pair in a FirstSighting.
const PairSeparator = " + "

// sightingSource is the window's grouping and the test that a value was
// never seen before the window.
type sightingSource struct {
	join, keys, notBefore string
	pair                  bool
	noStartArg            bool // notBefore holds the start in its text
}

// sightingSourceOf chooses, for each field, how "seen before" is probed
// when the summaries cannot say (sightings_summary.go answers single
// fields they count): through the column's own index where it has one,
// otherwise by one scan of the events before the window, from which
// SQLite builds a set. A pair is probed through the summaries' shared
// rows (sightingPairSeenBefore).
func sightingSourceOf(f SightingField, start time.Time) (sightingSource, error) {
	switch f.First {
	case history.FieldResourceName, history.FieldResourceType:
		if f.Second != 0 {
			break
		}
		col := "name_id"
		if f.First == history.FieldResourceType {
			col = "type_id"
		}
		return sightingSource{join: "JOIN " + resourceTableOf(col) + " rf ON rf.event = e.id", keys: "rf." + col,
			notBefore: "NOT EXISTS (SELECT 1 FROM " + resourceTableOf(col) + " p WHERE p." + col + " = w.k1 AND p.time_us < ?)"}, nil
	}
	c1 := lookupColumnOf(f.First)
	if c1 == nil {
		return sightingSource{}, fmt.Errorf("field %v has no first sightings", f.First)
	}
	if f.Second == 0 {
		src := sightingSource{keys: "e." + c1.col}
		if c1.index.name != "" {
			src.notBefore = "NOT EXISTS (SELECT 1 FROM events p INDEXED BY " + c1.index.name + " WHERE p." + c1.col + " = w.k1 AND p.time_us < ?)"
		} else {
			src.notBefore = "w.k1 NOT IN (SELECT p." + c1.col + " FROM events p WHERE p.time_us < ? AND p." + c1.col + " IS NOT NULL)"
		}
		return src, nil
	}
	c2 := lookupColumnOf(f.Second)
	if c2 == nil || c1.index.name == "" {
		return sightingSource{}, fmt.Errorf("fields %v and %v have no first sightings as a pair", f.First, f.Second)
	}
	src := sightingSource{keys: "e." + c1.col + ", e." + c2.col, pair: true,
		notBefore: "NOT EXISTS (SELECT 1 FROM events p INDEXED BY " + c1.index.name + " WHERE p." + c1.col + " = w.k1 AND p." + c2.col + " = w.k2 AND p.time_us < ?)"}
	if summarised(c1.kind) && summarised(c2.kind) {
		src.notBefore, src.noStartArg = "NOT "+sightingPairSeenBefore(c1, c2, start), true
	}
	return src, nil
}

// FirstSightings lists the values of field among q's events that no
// event of the store, in any Region, account or category, holds before
// q.Start: newest first sighting first, then by value, at most limit of
// them. q needs a start.
func (s *Store) FirstSightings(ctx context.Context, q history.Query, field SightingField, limit int) ([]history.FirstSighting, error) {
	if limit <= 0 {
		return nil, fmt.Errorf("first sightings: limit %d: must be at least 1", limit)
	}
	if q.Start.IsZero() {
		return nil, errors.New("first sightings: the window needs a start")
	}
	if out, handled, err := s.firstSightingsFromSummaries(ctx, q, field, limit); handled {
		return out, err
	}
	src, err := sightingSourceOf(field, q.Start)
	if err != nil {
		return nil, err
	}
	b, err := s.build(ctx, q)
	if errors.Is(err, errNoMatch) {
		return []history.FirstSighting{}, nil
	}
	if err != nil {
		return nil, err
	}
	value := "(SELECT value FROM dict WHERE id = w.k1)"
	group := src.keys + " IS NOT NULL"
	if src.pair {
		value += " || '" + PairSeparator + "' || (SELECT value FROM dict WHERE id = w.k2)"
		group = "e." + lookupColumnOf(field.First).col + " IS NOT NULL AND e." + lookupColumnOf(field.Second).col + " IS NOT NULL"
	}
	names := "k1"
	if src.pair {
		names = "k1, k2"
	}
	from := b.from
	if src.pair && q.Pred == nil && q.Lookup == nil && q.RowIDs == nil {
		// Without a filter the planner skip-scans the first column's index
		// over every value (193,000 keys at 1M events); the window's time
		// range in the scope index is what bounds the read.
		from += " INDEXED BY events_scope"
	}
	query := "WITH w(" + names + ", n, lo) AS (SELECT " + src.keys + ", count(*), min(" + b.timeCo + ") FROM " + from + " " + src.join +
		b.where(group) + " GROUP BY " + src.keys + ")" +
		" SELECT v, n, lo FROM (SELECT " + value + " AS v, n, lo FROM w WHERE " + src.notBefore + ") WHERE v <> ''" +
		" ORDER BY lo DESC, v ASC LIMIT ?"
	args := append([]any(nil), b.args...)
	if !src.noStartArg {
		args = append(args, q.Start.UnixMicro())
	}
	args = append(args, limit)
	return s.scanSightings(ctx, query, args)
}
