package store

import (
	"context"
	"fmt"
	"time"

	"github.com/trailview/trailview/history"
)

// DefaultWindow is the UI's and export's window when the user gives none:
// the 90 days ending now, or, for an archive, the 90 days ending at the
// newest event of the Region (every Region when region is "").
func (s *Store) DefaultWindow(ctx context.Context, region string, now time.Time) (history.Window, error) {
	w := history.Window{Start: now.Add(-history.RetentionWindow), End: now}
	q := "SELECT MAX(newest_us) FROM scopes"
	var args []any
	if region != "" {
		id, err := s.lookupDictID(ctx, kindRegion, region)
		if err != nil {
			return w, fmt.Errorf("default window: %w", err)
		}
		q += " WHERE region_id = ?"
		args = append(args, id)
	}
	var newest *int64
	if err := s.db.QueryRowContext(ctx, q, args...).Scan(&newest); err != nil {
		return w, fmt.Errorf("default window: %w", err)
	}
	if newest != nil {
		t := time.UnixMicro(*newest).UTC()
		if t.Before(w.Start) {
			return history.Window{Start: t.Add(-history.RetentionWindow), End: t, Archive: true}, nil
		}
	}
	return w, nil
}
