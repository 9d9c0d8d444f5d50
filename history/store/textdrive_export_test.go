package store

import (
	"context"
	"strings"

	"github.com/trailview/trailview/history"
)

// PagePlanForTest is SQLite's plan of the first page of q, one step a
// line, so that a test can see which table a query starts from.
func (s *Store) PagePlanForTest(ctx context.Context, q history.Query) (string, error) {
	b, err := s.build(ctx, q)
	if err != nil {
		return "", err
	}
	rows, err := s.db.QueryContext(ctx, "EXPLAIN QUERY PLAN SELECT e.id FROM "+b.from+b.where()+b.orderBy("DESC")+" LIMIT 50", b.args...)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			return "", err
		}
		lines = append(lines, detail)
	}
	return strings.Join(lines, "\n"), rows.Err()
}

// ErrNoMatchForTest is the error of a query that the store knows selects
// nothing before running it.
var ErrNoMatchForTest = errNoMatch
