package store

import (
	"container/heap"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sync/atomic"

	"github.com/trailview/trailview/history"
)

// A top of a ranked field (summary_rank.go) reads values from the most
// counted over all time down (Fagin's threshold algorithm with one list):
// a value's count in the query, its whole days from summary_day plus the
// window's edges, is at most its all-time count, so once the limit-th
// exact count is above the all-time count of the next value, no value
// still unread can rank, nor tie (ties rank by text, unknown until read).
// Distinct and the events with a value come from summary_values when the
// window holds every event of the scope (summary_values.go); otherwise
// they need every whole-day row of the scope, counted in the key's order
// with no grouping kept. Once Distinct values are found, none is left.

// rankReadLimit bounds the values read by count: past it (a scope whose
// values are all rare, where no value stands out) grouping every row
// (mergeTop) costs less than reading on.
var rankReadLimit = 30000 // a var for the test of the fallback

// rankReads counts the values tops read from summary_rank, and
// valuesAnswers the tops that took Distinct from summary_values: tests
// check that a top stops early and which path it took.
var rankReads, valuesAnswers atomic.Int64

// rankList is the summary_rank counts a top reads: its category's, of
// every event or of read-only false alone.
type rankList struct{ cat, ro int64 }

// rankListOf is the counts q's top reads: read-only false alone has its
// own, tighter, ones.
func rankListOf(q history.Query) rankList {
	l := rankList{int64(q.Category), rankAnyRO}
	if ro, _ := summaryROKeys(q); slices.Equal(ro, []int64{0}) {
		l.ro = 0
	}
	return l
}

// topCovered fills res when q's window holds every event of its scope
// (coveredValues): then a value's count is that of its summary_day rows
// of the scope, any day, and the window's edges need no counting.
// gaveUp is true when it read rankReadLimit values without finishing.
func (s *Store) topCovered(ctx context.Context, q history.Query, sf summaryFacet, scope string, scopeArgs []any, limit int, res *TopResult) (done, gaveUp bool, err error) {
	covered, err := s.coveredValues(ctx, q, sf.kind, scope, scopeArgs)
	if err != nil || covered == nil {
		return false, false, err
	}
	present, handled, err := s.topByRank(ctx, sf, rankListOf(q), " FROM summary_day WHERE "+scope+sf.cond, scopeArgs, nil, covered, limit, res)
	if !handled || err != nil {
		return false, true, err
	}
	res.Missing = res.Total - present
	return true, false, nil
}

// topByRank fills res like mergeTop does, from summary_rank; handled is
// false when it read rankReadLimit values without finishing.
// covered, when not nil, is the distinct values and events with a value
// of the whole window (coveredValues).
func (s *Store) topByRank(ctx context.Context, sf summaryFacet, list rankList, whole string, wholeArgs []any, edges map[int64]facetCount, covered *valuesSum, limit int, res *TopResult) (present int64, handled bool, err error) {
	empty, err := s.lookupDictID(ctx, sf.kind, "")
	if err != nil {
		return 0, false, err
	}
	// Distinct first: it ends the reading by count.
	if covered != nil {
		res.Distinct, present = covered.values, covered.events
	} else if res.Distinct, present, err = s.windowValues(ctx, sf, whole, wholeArgs, edges, empty); err != nil {
		return 0, false, err
	}
	cands, read, err := s.readRanked(ctx, sf, list, whole, wholeArgs, edges, empty, res.Distinct, limit)
	rankReads.Add(int64(read))
	if err != nil || cands == nil {
		return 0, false, err
	}
	if covered != nil {
		valuesAnswers.Add(1)
	}
	if err := s.rankBounds(ctx, sf, whole, wholeArgs, edges, cands); err != nil {
		return 0, false, err
	}
	return present, true, s.rankTop(ctx, sf, cands, limit, res)
}

// readRanked reads values by all-time count until none unread can rank,
// and returns the values that rank or tie with their exact counts (times
// not yet set), and how many values it read; nil when it gave up.
func (s *Store) readRanked(ctx context.Context, sf summaryFacet, list rankList, whole string, wholeArgs []any, edges map[int64]facetCount, empty, distinct int64, limit int) (map[int64]facetCount, int, error) {
	if distinct == 0 {
		return map[int64]facetCount{}, 0, nil
	}
	rows, err := s.db.QueryContext(ctx, "SELECT r.value_id, r.n, (SELECT coalesce(sum("+sf.n+"), 0)"+whole+" AND "+sf.key+" = r.value_id)"+
		" FROM summary_rank r INDEXED BY summary_rank_n WHERE r.kind = ? AND r.cat = ? AND r.ro = ? ORDER BY r.n DESC",
		append(append([]any(nil), wholeArgs...), int64(sf.kind), list.cat, list.ro)...)
	if err != nil {
		return nil, 0, fmt.Errorf("read values by count: %w", err)
	}
	defer rows.Close()
	exact := map[int64]int64{}
	var best countHeap // the limit highest exact counts
	read := 0
	for rows.Next() {
		var id, bound, n int64
		if err := rows.Scan(&id, &bound, &n); err != nil {
			return nil, read, fmt.Errorf("read values by count: %w", err)
		}
		if len(best) == limit && bound < best[0] {
			break
		}
		if read++; read > rankReadLimit {
			return nil, read, nil
		}
		if id == empty {
			continue
		}
		n += edges[id].n
		if n == 0 {
			continue
		}
		exact[id] = n
		if len(best) < limit {
			heap.Push(&best, n)
		} else if n > best[0] {
			best[0] = n
			heap.Fix(&best, 0)
		}
		if int64(len(exact)) == distinct {
			break
		}
	}
	if err := rows.Err(); err != nil {
		return nil, read, fmt.Errorf("read values by count: %w", err)
	}
	cands := map[int64]facetCount{}
	for id, n := range exact {
		if len(best) < limit || n >= best[0] {
			cands[id] = facetCount{n: n}
		}
	}
	return cands, read, nil
}

// windowValues counts the distinct values and the events with a value in
// the whole days and the edges.
func (s *Store) windowValues(ctx context.Context, sf summaryFacet, whole string, wholeArgs []any, edges map[int64]facetCount, empty int64) (distinct, present int64, err error) {
	err = s.db.QueryRowContext(ctx, "SELECT count(*), coalesce(sum(n), 0) FROM (SELECT sum("+sf.n+") AS n"+whole+
		" AND "+sf.key+" <> ? GROUP BY "+sf.key+")", append(append([]any(nil), wholeArgs...), empty)...).Scan(&distinct, &present)
	if err != nil {
		return 0, 0, fmt.Errorf("count values: %w", err)
	}
	edgeOnly, err := s.edgeOnlyValues(ctx, sf, whole, wholeArgs, edges, empty)
	if err != nil {
		return 0, 0, err
	}
	for k, e := range edges {
		if k != empty {
			present += e.n
		}
	}
	return distinct + edgeOnly, present, nil
}

// edgeOnlyValues counts the edge values with no whole-day row.
func (s *Store) edgeOnlyValues(ctx context.Context, sf summaryFacet, whole string, wholeArgs []any, edges map[int64]facetCount, empty int64) (int64, error) {
	ids := make([]int64, 0, len(edges))
	for k := range edges {
		if k != empty {
			ids = append(ids, k)
		}
	}
	if len(ids) == 0 {
		return 0, nil
	}
	j, err := json.Marshal(ids)
	if err != nil {
		return 0, err
	}
	var n int64
	err = s.db.QueryRowContext(ctx, "SELECT count(*) FROM json_each(?) x WHERE NOT EXISTS (SELECT 1"+whole+" AND "+sf.key+" = x.value)",
		append([]any{string(j)}, wholeArgs...)...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count values of the edges: %w", err)
	}
	return n, nil
}

// rankBounds sets the first and last times of cands, from their whole
// days and the edges.
func (s *Store) rankBounds(ctx context.Context, sf summaryFacet, whole string, wholeArgs []any, edges map[int64]facetCount, cands map[int64]facetCount) error {
	ids := make([]int64, 0, len(cands))
	for id, c := range cands {
		ids = append(ids, id)
		if e, ok := edges[id]; ok {
			c.lo, c.hi = e.lo, e.hi
			cands[id] = c
		}
	}
	j, err := json.Marshal(ids)
	if err != nil {
		return err
	}
	rows, err := s.db.QueryContext(ctx, "SELECT "+sf.key+", min("+sf.lo+"), max("+sf.hi+")"+whole+" AND "+sf.key+
		" IN (SELECT value FROM json_each(?)) GROUP BY "+sf.key, append(append([]any(nil), wholeArgs...), string(j))...)
	if err != nil {
		return fmt.Errorf("read first and last times: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, lo, hi int64
		if err := rows.Scan(&id, &lo, &hi); err != nil {
			return fmt.Errorf("read first and last times: %w", err)
		}
		c := cands[id]
		if _, ok := edges[id]; ok {
			lo, hi = min(lo, c.lo), max(hi, c.hi)
		}
		c.lo, c.hi = lo, hi
		cands[id] = c
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read first and last times: %w", err)
	}
	return nil
}

// countHeap is a min-heap of counts.
type countHeap []int64

func (h countHeap) Len() int           { return len(h) }
func (h countHeap) Less(i, j int) bool { return h[i] < h[j] }
func (h countHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *countHeap) Push(x any)        { *h = append(*h, x.(int64)) }
func (h *countHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
