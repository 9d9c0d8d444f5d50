package store

import (
	"context"
	"time"

	"github.com/trailview/trailview/history"
)

// countSlices is how many parts of the window CountProgress counts one
// after the other: each part is a range of the scope index, so the parts
// cost no more together than the whole, and between them the caller
// learns a lower bound.
const countSlices = 32

// CountProgress returns how many events q selects, as Count does, and
// meanwhile calls partial, at most once per every, with how many it has
// counted so far: a lower bound the browser shows ("≥ 1,000") until the
// exact count is known. It counts the window newest first, part by part;
// a query without both window ends, or one that starts from its own
// candidates (a resource lookup, a full-text term in few groups), is
// counted in one go, as it is fast or has nothing to split.
func (s *Store) CountProgress(ctx context.Context, q history.Query, every time.Duration, partial func(n int64)) (int64, error) {
	if q.Start.IsZero() || q.End.IsZero() || !q.End.After(q.Start) {
		return s.Count(ctx, q)
	}
	if q.Lookup != nil && (q.Lookup.Key == history.AttrResourceName || q.Lookup.Key == history.AttrResourceType) {
		return s.Count(ctx, q)
	}
	if q.Pred != nil {
		// Not through build: that would take a stalled query's turn
		// (testhooks.go) for a query that is never run.
		if _, driven, err := s.textDrive(ctx, q.Pred); err != nil || driven {
			if err != nil {
				return 0, err
			}
			return s.Count(ctx, q)
		}
	}
	// The step first: span times the part's number could overflow a
	// Duration for a window of years.
	step := q.End.Sub(q.Start) / countSlices
	last := time.Now()
	var total int64
	for i := range countSlices {
		part := q
		part.End = q.End.Add(-step * time.Duration(i))
		part.Start = q.End.Add(-step*time.Duration(i+1) + time.Microsecond)
		if i == countSlices-1 {
			part.Start = q.Start
		}
		n, err := s.Count(ctx, part)
		if err != nil {
			return total, err
		}
		total += n
		if i < countSlices-1 && time.Since(last) >= every {
			partial(total)
			last = time.Now()
		}
	}
	return total, nil
}
