package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/trailview/trailview/history"
)

// timelineFromSummaries adds q's events and errors to out (buckets of us
// microseconds from bucket first) from summary_hour for the window's whole
// hours and from the events for its edges; handled is false when buckets
// are not whole hours or the summaries cannot see q's conditions.
func (s *Store) timelineFromSummaries(ctx context.Context, q history.Query, first, us int64, out []TimeBucket) (handled bool, err error) {
	if us%hourUS != 0 || !s.summaryApplies(q) {
		return false, nil
	}
	sp, ok := splitWindow(q, hourUS)
	if !ok {
		return false, nil
	}
	s.summaryAnswers.Add(1)
	scope, args, err := s.summaryScope(ctx, q)
	if err != nil {
		return true, err
	}
	rows, err := s.db.QueryContext(ctx, "SELECT hour, sum(events), sum(errors) FROM summary_hour WHERE "+scope+
		" AND hour BETWEEN ? AND ? GROUP BY hour", append(args, sp.lo, sp.hi)...)
	if err != nil {
		return true, fmt.Errorf("timeline: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var hour, events, errs int64
		if err := rows.Scan(&hour, &events, &errs); err != nil {
			return true, fmt.Errorf("timeline: read: %w", err)
		}
		// Whole hours lie inside the window, at or after bucket first.
		i := (hour*hourUS - first*us) / us
		if i < 0 || i >= int64(len(out)) {
			return true, fmt.Errorf("timeline: hour %d outside the window", hour)
		}
		out[i].Events += events
		out[i].Errors += errs
	}
	if err := rows.Err(); err != nil {
		return true, fmt.Errorf("timeline: %w", err)
	}
	qs, conds, err := s.edgeQueries(ctx, q, sp.edges)
	if err != nil {
		return true, fmt.Errorf("timeline: %w", err)
	}
	for i, e := range qs {
		b, err := s.build(ctx, e, conds[i]...)
		if errors.Is(err, errNoMatch) {
			continue
		}
		if err != nil {
			return true, err
		}
		if err := s.timelineCount(ctx, "events e INDEXED BY events_scope", b, first, us, out); err != nil {
			return true, err
		}
	}
	return true, nil
}
