package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/trailview/trailview/history"
)

// TimeBucket is the events of one interval of a timeline.
type TimeBucket struct {
	Start  time.Time
	Events int64
	Errors int64 // events with an error code
}

// MaxTimeBuckets bounds a timeline, whose every bucket is held in memory.
const MaxTimeBuckets = 100_000

// TimelineBuckets is how many buckets of size cover [start, end], bucket
// starts being multiples of size since the Unix epoch (so UTC-aligned).
func TimelineBuckets(start, end time.Time, size time.Duration) int64 {
	if size <= 0 || end.Before(start) {
		return 0
	}
	us := size.Microseconds()
	return floorDiv(end.UnixMicro(), us) - floorDiv(start.UnixMicro(), us) + 1
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// Timeline counts q's events and errors per bucket of size over q's
// window, every bucket present; the counting runs in SQLite, one row per
// non-empty bucket. q must have both window bounds.
func (s *Store) Timeline(ctx context.Context, q history.Query, size time.Duration) ([]TimeBucket, error) {
	if q.Start.IsZero() || q.End.IsZero() {
		return nil, errors.New("timeline: the window needs a start and an end")
	}
	if size < time.Second {
		return nil, fmt.Errorf("timeline: bucket %v: must be at least a second", size)
	}
	n := TimelineBuckets(q.Start, q.End, size)
	if n > MaxTimeBuckets {
		return nil, fmt.Errorf("timeline: %d buckets of %v: at most %d", n, size, MaxTimeBuckets)
	}
	us := size.Microseconds()
	first := floorDiv(q.Start.UnixMicro(), us)
	out := make([]TimeBucket, max(n, 0))
	for i := range out {
		out[i].Start = time.UnixMicro((first + int64(i)) * us).UTC()
	}
	if ok, err := s.timelineFromSummaries(ctx, q, first, us, out); ok || err != nil {
		if errors.Is(err, errNoMatch) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		return out, nil
	}
	if err := s.timelineFromEvents(ctx, q, first, us, out); err != nil {
		return nil, err
	}
	return out, nil
}

// timelineFromEvents adds q's events and errors to the buckets of size us
// of out, which start at bucket first.
func (s *Store) timelineFromEvents(ctx context.Context, q history.Query, first, us int64, out []TimeBucket) error {
	b, err := s.build(ctx, q)
	if errors.Is(err, errNoMatch) {
		return nil
	}
	if err != nil {
		return err
	}
	return s.timelineCount(ctx, termsFrom(q, b.from), b, first, us, out)
}

// timelineCount adds the events of b, read from from, to out.
func (s *Store) timelineCount(ctx context.Context, from string, b *builder, first, us int64, out []TimeBucket) error {
	// Window bounds make every time non-negative relative to first*us, so
	// integer division is the floor.
	query := "SELECT (e.time_us - ?) / ? AS i, count(*), count(e.error_id) FROM " + from + b.where() + " GROUP BY i"
	args := append([]any{first * us, us}, b.args...)
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("timeline: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var i, events, errs int64
		if err := rows.Scan(&i, &events, &errs); err != nil {
			return fmt.Errorf("timeline: read: %w", err)
		}
		if i < 0 || i >= int64(len(out)) {
			return fmt.Errorf("timeline: bucket %d outside the window", i)
		}
		out[i].Events += events
		out[i].Errors += errs
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("timeline: %w", err)
	}
	return nil
}
