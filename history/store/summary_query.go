package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/trailview/trailview/history"
)

// Top and Timeline answer from the summary tables (summary_counts.go)
// when the query has no row list and no filter or lookup attribute but
// read-only ones (summary_readonly.go): others the summaries cannot see,
// so such queries count the events as before. Only
// the whole hours or days of the window come from the summaries; its
// partial edges are counted from the events through the scope index, so
// the answer is exact for any window.

// summaryApplies says whether q's conditions are all in the summaries'
// keys (Region, category, account, read-only, time).
func (s *Store) summaryApplies(q history.Query) bool {
	_, ok := summaryROKeys(q)
	return ok && !q.Start.IsZero() && !q.End.IsZero() && !s.stalled()
}

// summarySpan is the whole buckets of a grain inside a window (bucket
// numbers lo to hi) and the query narrowed to each partial edge.
type summarySpan struct {
	lo, hi int64
	edges  []history.Query
}

// splitWindow splits q's window into whole buckets of grain and edges;
// ok is false when no whole bucket fits.
func splitWindow(q history.Query, grain int64) (summarySpan, bool) {
	start, end := q.Start.UnixMicro(), q.End.UnixMicro()
	sp := summarySpan{lo: floorDiv(start+grain-1, grain), hi: floorDiv(end+1, grain) - 1}
	if sp.lo > sp.hi {
		return sp, false
	}
	if start < sp.lo*grain {
		e := q
		e.End = time.UnixMicro(sp.lo*grain - 1)
		sp.edges = append(sp.edges, e)
	}
	if end >= (sp.hi+1)*grain {
		e := q
		e.Start = time.UnixMicro((sp.hi + 1) * grain)
		sp.edges = append(sp.edges, e)
	}
	return sp, true
}

// summaryScope is the condition of q's Region, category, accounts and
// read-only on a summary table's columns.
func (s *Store) summaryScope(ctx context.Context, q history.Query) (string, []any, error) {
	conds, args := []string{"cat = ?"}, []any{int64(q.Category)}
	if q.Region != "" {
		id, err := s.lookupDictID(ctx, kindRegion, q.Region)
		if err != nil {
			return "", nil, err
		}
		if id == 0 {
			return "", nil, errNoMatch
		}
		conds, args = append(conds, "region_id = ?"), append(args, id)
	}
	if len(q.Accounts) > 0 {
		var ids []any
		for _, a := range q.Accounts {
			id, err := s.lookupDictID(ctx, kindAccount, a)
			if err != nil {
				return "", nil, err
			}
			if id != 0 {
				ids = append(ids, id)
			}
		}
		if len(ids) == 0 {
			return "", nil, errNoMatch
		}
		conds, args = append(conds, "account_id IN ("+placeholders(len(ids))+")"), append(args, ids...)
	}
	ro, _ := summaryROKeys(q)
	switch len(ro) {
	case 0:
		return "", nil, errNoMatch
	case len(allROKeys):
	default:
		for _, k := range ro {
			args = append(args, k)
		}
		conds = append(conds, "ro IN ("+placeholders(len(ro))+")")
	}
	return strings.Join(conds, " AND "), args, nil
}

// countEvents counts q's events from the events table.
func (s *Store) countEvents(ctx context.Context, q history.Query) (int64, error) {
	b, err := s.build(ctx, q)
	if errors.Is(err, errNoMatch) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	var n int64
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM "+b.from+b.where(), b.args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count events: %w", err)
	}
	return n, nil
}

// summaryTotal counts q's events: whole hours from summary_hour, the
// rest from the events.
func (s *Store) summaryTotal(ctx context.Context, q history.Query, scope string, scopeArgs []any) (int64, error) {
	sp, ok := splitWindow(q, hourUS)
	if !ok {
		return s.countEvents(ctx, q)
	}
	var total int64
	err := s.db.QueryRowContext(ctx, "SELECT coalesce(sum(events), 0) FROM summary_hour WHERE "+scope+" AND hour BETWEEN ? AND ?",
		append(append([]any(nil), scopeArgs...), sp.lo, sp.hi)...).Scan(&total)
	if err != nil {
		return 0, fmt.Errorf("count events per hour: %w", err)
	}
	for _, e := range sp.edges {
		n, err := s.countEvents(ctx, e)
		if err != nil {
			return 0, err
		}
		total += n
	}
	return total, nil
}
