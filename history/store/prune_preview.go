package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// PrunePreview says what Prune(ctx, cutoff) would remove, removing
// nothing: Events is the number of events older than cutoff, OldestKept
// the eventTime of the oldest event that would stay.
func (s *Store) PrunePreview(ctx context.Context, cutoff time.Time) (PruneResult, error) {
	var res PruneResult
	err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM events WHERE time_us <> 0 AND time_us < ?",
		cutoff.UnixMicro()).Scan(&res.Events)
	if err != nil {
		return res, fmt.Errorf("prune preview: %w", err)
	}
	if res.OldestKept, err = oldestKept(ctx, s.db, cutoff); err != nil {
		return res, fmt.Errorf("prune preview: %w", err)
	}
	return res, nil
}

// oldestKept is the eventTime of the oldest event at or after cutoff (zero
// when there is none). Events without a time are not counted: they have
// no age to report.
func oldestKept(ctx context.Context, q rowQuerier, cutoff time.Time) (time.Time, error) {
	var us sql.NullInt64
	if err := q.QueryRowContext(ctx, "SELECT min(time_us) FROM events WHERE time_us >= ? AND time_us <> 0",
		cutoff.UnixMicro()).Scan(&us); err != nil {
		return time.Time{}, fmt.Errorf("oldest event kept: %w", err)
	}
	if !us.Valid {
		return time.Time{}, nil
	}
	return time.UnixMicro(us.Int64).UTC(), nil
}
