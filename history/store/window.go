package history

import (
	"context"
	"fmt"
	"time"
)

// RetentionWindow is how far back Event history reaches (spec 1.1).
const RetentionWindow = 90 * 24 * time.Hour

// Window is a time range shown or exported by default, and why.
type Window struct {
	Start, End time.Time
	// Archive is true when the store's newest event in scope is older than
	// the window ending now, so the window ends at that event instead: an
	// old incident's archive would otherwise open on an empty table.
	Archive bool
}

// DefaultWindow is the UI's and export's window when the user gives none:
// the 90 days ending now, or, for an archive, the 90 days ending at the
// newest event of the Region (every Region when region is "").
func (s *Store) DefaultWindow(ctx context.Context, region string, now time.Time) (Window, error) {
	w := Window{Start: now.Add(-RetentionWindow), End: now}
	q := "SELECT MAX(newest_us) FROM scopes"
	var args []any
	if region != "" {
		id, err := s.DictID(ctx, KindRegion, region)
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
			return Window{Start: t.Add(-RetentionWindow), End: t, Archive: true}, nil
		}
	}
	return w, nil
}
