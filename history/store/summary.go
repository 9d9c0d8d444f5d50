package store

import (
	"context"
	"fmt"
	"time"

	"github.com/trailview/trailview/history"
)

// Scopes lists every Region and account of the store with counts, most
// events first. It reads the scopes table the writer keeps, so it costs the
// same on any store size.
func (s *Store) Scopes(ctx context.Context) ([]history.Scope, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT region_id, account_id,
		SUM(CASE cat WHEN 0 THEN events ELSE 0 END), SUM(CASE cat WHEN 1 THEN events ELSE 0 END),
		MIN(oldest_us), MAX(newest_us)
		FROM scopes GROUP BY region_id, account_id
		ORDER BY SUM(events) DESC, region_id, account_id`)
	if err != nil {
		return nil, fmt.Errorf("listing Regions: %w", err)
	}
	defer rows.Close()
	type row struct {
		region, account int64
		mgmt, insights  int64
		oldest, newest  int64
	}
	var raw []row
	ids := map[int64]string{}
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.region, &r.account, &r.mgmt, &r.insights, &r.oldest, &r.newest); err != nil {
			return nil, fmt.Errorf("listing Regions: %w", err)
		}
		raw = append(raw, r)
		ids[r.region], ids[r.account] = "", ""
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("listing Regions: %w", err)
	}
	if err := s.texts(ctx, ids); err != nil {
		return nil, fmt.Errorf("listing Regions: %w", err)
	}
	out := make([]history.Scope, 0, len(raw))
	for _, r := range raw {
		out = append(out, history.Scope{
			Region: ids[r.region], Account: ids[r.account],
			Management: r.mgmt, Insights: r.insights,
			Oldest: time.UnixMicro(r.oldest).UTC(), Newest: time.UnixMicro(r.newest).UTC(),
		})
	}
	return out, nil
}

// BusiestRegion is the Region with the most events, the last step of the
// default Region chain; "" for an empty store.
func (s *Store) BusiestRegion(ctx context.Context) (string, error) {
	scopes, err := s.Scopes(ctx)
	if err != nil {
		return "", err
	}
	counts := map[string]int64{}
	best := ""
	for _, sc := range scopes {
		counts[sc.Region] += sc.Management + sc.Insights
		if best == "" || counts[sc.Region] > counts[best] || (counts[sc.Region] == counts[best] && sc.Region < best) {
			best = sc.Region
		}
	}
	return best, nil
}
