package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"time"

	"github.com/trailview/trailview/history"
)

// This file answers the UI's start-up and switcher questions from the
// scopes table the writer keeps (migration 0003) and the events_scope
// index, never from the events' rows: the UI must show its first screen in
// a fraction of a second whatever the store's size.

// RegionCounts lists the Regions of the store with their event counts,
// most events first (ties by name).
func (s *Store) RegionCounts(ctx context.Context) ([]history.ScopeCount, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT region_id, cat, SUM(events) FROM scopes GROUP BY region_id, cat`)
	if err != nil {
		return nil, fmt.Errorf("counting Regions: %w", err)
	}
	return s.scopeCounts(ctx, rows)
}

// AccountCounts lists the accounts of one Region ("" for every Region)
// with their event counts, most events first.
func (s *Store) AccountCounts(ctx context.Context, region string) ([]history.ScopeCount, error) {
	q := `SELECT account_id, cat, SUM(events) FROM scopes GROUP BY account_id, cat`
	var args []any
	if region != "" {
		id, err := s.lookupDictID(ctx, kindRegion, region)
		if err != nil {
			return nil, fmt.Errorf("counting accounts: %w", err)
		}
		q = `SELECT account_id, cat, SUM(events) FROM scopes WHERE region_id = ? GROUP BY account_id, cat`
		args = append(args, id)
	}
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("counting accounts: %w", err)
	}
	return s.scopeCounts(ctx, rows)
}

func (s *Store) scopeCounts(ctx context.Context, rows *sql.Rows) ([]history.ScopeCount, error) {
	defer rows.Close()
	type row struct{ id, cat, n int64 }
	var raw []row
	ids := map[int64]string{}
	for rows.Next() {
		var r row
		var id sql.NullInt64
		if err := rows.Scan(&id, &r.cat, &r.n); err != nil {
			return nil, fmt.Errorf("counting events: %w", err)
		}
		if !id.Valid {
			continue // events without an account
		}
		r.id = id.Int64
		raw = append(raw, r)
		ids[r.id] = ""
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("counting events: %w", err)
	}
	if err := s.texts(ctx, ids); err != nil {
		return nil, fmt.Errorf("counting events: %w", err)
	}
	index := map[string]int{}
	var out []history.ScopeCount
	for _, r := range raw {
		name := ids[r.id]
		i, ok := index[name]
		if !ok {
			i = len(out)
			index[name] = i
			out = append(out, history.ScopeCount{Name: name})
		}
		c := &out[i]
		if history.Category(r.cat) == history.Insight {
			c.Insights += r.n
		} else {
			c.Management += r.n
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i].Management+out[i].Insights, out[j].Management+out[j].Insights
		if a != b {
			return a > b
		}
		return out[i].Name < out[j].Name
	})
	return out, nil
}

// newestEvent returns the eventTime of the newest event of a Region (""
// for every Region), any category; ok is false for an empty store. Each
// (Region, category) is one seek in the scope index, so this stays
// instant whatever the store's size.
func (s *Store) newestEvent(ctx context.Context, region string) (newest time.Time, ok bool, err error) {
	var regions []int64
	if region != "" {
		id, err := s.lookupDictID(ctx, kindRegion, region)
		if err != nil {
			return time.Time{}, false, fmt.Errorf("newest event: %w", err)
		}
		regions = append(regions, id)
	} else {
		rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT region_id FROM scopes`)
		if err != nil {
			return time.Time{}, false, fmt.Errorf("newest event: %w", err)
		}
		for rows.Next() {
			var id sql.NullInt64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return time.Time{}, false, fmt.Errorf("newest event: %w", err)
			}
			if id.Valid {
				regions = append(regions, id.Int64)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return time.Time{}, false, fmt.Errorf("newest event: %w", err)
		}
	}
	var best int64
	for _, r := range regions {
		for _, cat := range []history.Category{history.Management, history.Insight} {
			var t sql.NullInt64
			if err := s.db.QueryRowContext(ctx, `SELECT MAX(time_us) FROM events WHERE region_id = ? AND cat = ?`, r, int64(cat)).Scan(&t); err != nil {
				return time.Time{}, false, fmt.Errorf("newest event: %w", err)
			}
			if t.Valid && (!ok || t.Int64 > best) {
				best, ok = t.Int64, true
			}
		}
	}
	if !ok {
		return time.Time{}, false, nil
	}
	return time.UnixMicro(best).UTC(), true, nil
}
