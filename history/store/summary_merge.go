package store

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"time"
)

// A top from the summaries adds the counts of the window's edges (a few
// thousand values at most) to those of its whole days (up to one per
// value in the store). Joining the two in SQLite made it scan the edges
// once per value; grouping them together sorted every value. Instead the
// whole days are counted in the summary key's order (no sort), and only
// the values that can rank are merged here: every edge value, and the
// other values counted at least as often as the limit-th of them (their
// count is final). Texts are read only for the values that rank.

// facetCount is one value's events and time bounds.
type facetCount struct{ n, lo, hi int64 }

// edgeCounts runs the edge SELECTs (each starting with UNION ALL) and
// returns the counts per value.
func (s *Store) edgeCounts(ctx context.Context, parts string, args []any) (map[int64]facetCount, error) {
	out := map[int64]facetCount{}
	if parts == "" {
		return out, nil
	}
	rows, err := s.db.QueryContext(ctx, "SELECT k, sum(n), min(lo), max(hi) FROM (SELECT NULL AS k, 0 AS n, 0 AS lo, 0 AS hi WHERE 0"+
		parts+") GROUP BY k", args...)
	if err != nil {
		return nil, fmt.Errorf("count the window's edges: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k int64
		var c facetCount
		if err := rows.Scan(&k, &c.n, &c.lo, &c.hi); err != nil {
			return nil, fmt.Errorf("count the window's edges: %w", err)
		}
		out[k] = c
	}
	return out, rows.Err()
}

// mergeTop fills res's Values, Distinct and the events with a value from
// the whole days (the rows of summary table sf matching whole, with
// wholeArgs) and the edges' counts.
func (s *Store) mergeTop(ctx context.Context, sf summaryFacet, whole string, wholeArgs []any, edges map[int64]facetCount, limit int, res *TopResult) (present int64, err error) {
	empty := int64(-1) // read-only has no empty value
	if sf.kind != 0 {
		if empty, err = s.lookupDictID(ctx, sf.kind, ""); err != nil {
			return 0, err
		}
	}
	edgeIDs := make([]int64, 0, len(edges))
	for k := range edges {
		edgeIDs = append(edgeIDs, k)
	}
	idsJSON, err := json.Marshal(edgeIDs)
	if err != nil {
		return 0, err
	}
	group := "SELECT " + sf.key + " AS k, sum(" + sf.n + ") AS n, min(" + sf.lo + ") AS lo, max(" + sf.hi + ") AS hi" + whole +
		" AND " + sf.key + " <> " + strconv.FormatInt(empty, 10) + " GROUP BY " + sf.key
	// The row tagged 0 has the whole days' distinct values and events;
	// those tagged 1 are the candidates: the edge values' whole-day
	// counts, and the values at or above the threshold.
	query := "WITH g AS MATERIALIZED (" + group + ")," +
		" x AS (SELECT value FROM json_each(?))," +
		" t AS (SELECT n FROM g WHERE k NOT IN x ORDER BY n DESC LIMIT 1 OFFSET ?)" +
		" SELECT 0, 0, count(*), coalesce(sum(n), 0), 0 FROM g" +
		" UNION ALL SELECT 1, k, n, lo, hi FROM g WHERE n >= coalesce((SELECT n FROM t), 0) OR k IN x"
	args := append(append([]any(nil), wholeArgs...), string(idsJSON), limit-1)
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	cands := map[int64]facetCount{}
	for rows.Next() {
		var tag, k int64
		var c facetCount
		if err := rows.Scan(&tag, &k, &c.n, &c.lo, &c.hi); err != nil {
			return 0, fmt.Errorf("read: %w", err)
		}
		if tag == 0 {
			res.Distinct, present = c.n, c.lo
			continue
		}
		cands[k] = c
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for k, e := range edges {
		if k == empty {
			continue
		}
		present += e.n
		c, ok := cands[k]
		if !ok {
			// Counted in the whole days but below the threshold: its
			// whole-day count came with the candidates (the IN list), so
			// a value missing here has none.
			res.Distinct++
			cands[k] = e
			continue
		}
		cands[k] = facetCount{c.n + e.n, min(c.lo, e.lo), max(c.hi, e.hi)}
	}
	return present, s.rankTop(ctx, sf, cands, limit, res)
}

// rankTop puts the limit most frequent candidates in res.Values, by count
// descending then value ascending.
func (s *Store) rankTop(ctx context.Context, sf summaryFacet, cands map[int64]facetCount, limit int, res *TopResult) error {
	// The limit-th count: values below it cannot rank, ties at it can.
	counts := make([]int64, 0, len(cands))
	for _, c := range cands {
		counts = append(counts, c.n)
	}
	sort.Slice(counts, func(i, j int) bool { return counts[i] > counts[j] })
	var floor int64
	if len(counts) >= limit {
		floor = counts[limit-1]
	}
	names := make(map[int64]string, limit)
	for k, c := range cands {
		if c.n >= floor {
			names[k] = ""
		}
	}
	if sf.kind != 0 {
		if err := s.texts(ctx, names); err != nil {
			return err
		}
	} else {
		for k := range names {
			names[k] = strconv.FormatBool(k == 1)
		}
	}
	vals := make([]FacetValue, 0, len(names))
	for k := range names {
		c := cands[k]
		vals = append(vals, FacetValue{Value: names[k], Count: c.n, FirstSeen: time.UnixMicro(c.lo).UTC(), LastSeen: time.UnixMicro(c.hi).UTC()})
	}
	sort.Slice(vals, func(i, j int) bool {
		if vals[i].Count != vals[j].Count {
			return vals[i].Count > vals[j].Count
		}
		return vals[i].Value < vals[j].Value
	})
	if len(vals) > 0 { // none stays nil, as from the events
		res.Values = vals[:min(limit, len(vals))]
	}
	return nil
}
