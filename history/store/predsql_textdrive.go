package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/record"
)

// Driving a query from the full-text index. A full-text term compiles to
// "the event's group is among the index's groups for these words, and the
// record holds the phrase" (or, for a bare word, the event or request ID
// is the word), which SQLite tests row by row while it walks the Region's
// events in time order. For a word in few groups that walk reads the whole
// Region to find a handful of events (230 to 680 ms for a word in one
// group of a million-event store, about as long for a word in none).
// When the groups are few, the query instead starts from them: each group
// is a range of 64 row IDs, read by the primary key, and only the rows
// found there are tested and sorted. The condition stays in the WHERE
// clause, so the result is the same either way; only the order in which
// SQLite visits rows changes.

// maxDriveGroups is the most groups a query is driven from. Past it the
// matches are dense enough that the time-ordered walk fills a page
// quickly, while reading and sorting every candidate would not: 1,024
// groups are 65,536 row IDs, a few dozen milliseconds of primary-key
// reads.
const maxDriveGroups = 1024

// requestIndex is the index of request IDs (schema 8); a bulk load drops
// it for its duration, and a query then walks as before.
const requestIndex = "events_request"

// rowRange is the row IDs lo to hi-1.
type rowRange [2]int64

// textDrive returns row ID ranges that hold every event q's predicate
// selects, when its top-level AND has a full-text term in at most
// maxDriveGroups groups; ok is false when there is no such term. No ranges
// means nothing can match.
func (s *Store) textDrive(ctx context.Context, p history.Predicate) (ranges []rowRange, ok bool, err error) {
	var terms []history.TextTerm
	kids := []history.Predicate{p}
	if and, isAnd := p.(history.And); isAnd {
		kids = and
	}
	for _, k := range kids {
		switch k := k.(type) {
		case history.TextTerm:
			terms = append(terms, k)
		case history.PathTerm:
			if t, ok := pathWords(k); ok {
				terms = append(terms, t)
			}
		}
	}
	for _, t := range terms {
		r, found, err := s.termRanges(ctx, t)
		if err != nil {
			return nil, false, err
		}
		if found && (!ok || len(r) < len(ranges)) {
			ranges, ok = r, true
		}
	}
	return ranges, ok, nil
}

// pathWords is a full-text term that holds for every event an exact
// JSON-path term holds for: a value equal to the term's (in ASCII case)
// has the same words, and full text covers every string and number
// value. Not for what full text leaves out: the record's own eventID and
// requestID, true and false (null never matches), and objects, whose JSON
// text the path term compares but whose keys are not words of the index.
func pathWords(p history.PathTerm) (history.TextTerm, bool) {
	if p.Cmp != history.CmpEqual || p.Path == "eventID" || p.Path == "requestID" {
		return history.TextTerm{}, false
	}
	v := history.LowerASCII(p.Value)
	if v == "true" || v == "false" || strings.HasPrefix(v, "{") || len(record.ParsePhrase(v).Words) == 0 {
		return history.TextTerm{}, false
	}
	return history.TextTerm{Text: p.Value}, true
}

// termRanges returns the row ranges that hold every event t matches, when
// its words are in at most maxDriveGroups groups.
func (s *Store) termRanges(ctx context.Context, t history.TextTerm) ([]rowRange, bool, error) {
	ph := record.ParsePhrase(t.Text)
	ph.Prefix = t.Prefix
	// A broad prefix is not searched through the index (predsql_prefix.go);
	// a refused one is reported when the query is built.
	indexed, err := s.prefixRoute(ctx, t)
	if broad := new(PrefixTooBroadError); errors.As(err, &broad) || err == nil && !indexed {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	var groups []int64
	if len(ph.Words) > 0 {
		if groups, err = s.matchGroups(ctx, ph.MatchQuery(), maxDriveGroups); err != nil {
			return nil, false, err
		}
		if len(groups) > maxDriveGroups {
			return nil, false, nil
		}
	}
	var ranges []rowRange
	for _, g := range groups {
		ranges = append(ranges, rowRange{g << blockShift, (g + 1) << blockShift})
	}
	if !t.IDs {
		return ranges, true, nil
	}
	rows, ok, err := s.idRows(ctx, t.Text)
	if err != nil || !ok {
		return nil, false, err
	}
	for _, id := range rows {
		ranges = append(ranges, rowRange{id, id + 1})
	}
	return ranges, true, nil
}

// idRows returns the rows whose event ID or request ID is text as
// idTerm matches it; ok is false while the request ID index is missing.
func (s *Store) idRows(ctx context.Context, text string) ([]int64, bool, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = ?", requestIndex).Scan(&n); err != nil {
		return nil, false, fmt.Errorf("full-text index: %w", err)
	}
	if n == 0 {
		return nil, false, nil
	}
	ids := idArgs(text)
	in := "(" + argList(len(ids)) + ")"
	ids = append(ids, ids...)
	out, err := s.int64s(ctx, "SELECT id FROM events WHERE event_id IN "+in+
		" UNION SELECT id FROM events INDEXED BY "+requestIndex+" WHERE request_id IS NOT NULL AND request_id IN "+in, ids...)
	return out, err == nil, err
}

// matchGroups returns up to limit+1 groups of the words index matching
// the FTS5 query.
func (s *Store) matchGroups(ctx context.Context, match string, limit int) ([]int64, error) {
	return s.int64s(ctx, "SELECT rowid FROM words WHERE words MATCH ? LIMIT ?", match, limit+1)
}

// int64s runs a query of one integer column.
func (s *Store) int64s(ctx context.Context, query string, args ...any) ([]int64, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("full-text candidates: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("full-text candidates: %w", err)
		}
		out = append(out, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("full-text candidates: %w", err)
	}
	return out, nil
}

// driveText makes b start from the row ranges of p when textDrive finds
// few (errNoMatch for none). It must run last in build: the ranges'
// argument belongs to the FROM clause, ahead of every WHERE argument.
func (s *Store) driveText(ctx context.Context, b *builder, p history.Predicate) error {
	if p == nil || b.from != "events e" {
		return nil // a resource lookup drives the query from its own index
	}
	ranges, ok, err := s.textDrive(ctx, p)
	if err != nil || !ok {
		return err
	}
	if len(ranges) == 0 {
		return errNoMatch
	}
	// Ranges in order and apart, so that no row is read twice (an ID
	// match may lie inside a group).
	slices.SortFunc(ranges, func(a, b rowRange) int { return int(a[0] - b[0]) })
	merged := ranges[:1]
	for _, r := range ranges[1:] {
		if last := &merged[len(merged)-1]; r[0] <= last[1] {
			last[1] = max(last[1], r[1])
			continue
		}
		merged = append(merged, r)
	}
	list, err := json.Marshal(merged)
	if err != nil {
		return fmt.Errorf("full-text candidates: %w", err)
	}
	// The ranges are the outer loop (CROSS JOIN keeps SQLite from
	// reordering it) and NOT INDEXED makes each a primary-key range:
	// otherwise SQLite reads the Region's scope index for every range.
	b.from = "json_each(?) tvg CROSS JOIN events e NOT INDEXED"
	b.args = append([]any{string(list)}, b.args...)
	b.add("e.id >= (tvg.value ->> 0) AND e.id < (tvg.value ->> 1)")
	return nil
}
