package store

import (
	"context"
	"strings"

	"github.com/trailview/trailview/history"
)

// TermPlansForTest is the query plans of q's count, of its timeline and
// of its top values of field, as Top and Timeline run them.
func (s *Store) TermPlansForTest(ctx context.Context, q history.Query, field history.Field) (count, timeline, top string, err error) {
	b, err := s.build(ctx, q)
	if err != nil {
		return "", "", "", err
	}
	src, err := facetSourceOf(field)
	if err != nil {
		return "", "", "", err
	}
	from, _, args, err := s.facetRows(ctx, q, field, src, b)
	if err != nil {
		return "", "", "", err
	}
	if count, err = s.planForTest(ctx, "SELECT count(*) FROM "+termsFrom(q, b.from)+b.where(), b.args); err != nil {
		return "", "", "", err
	}
	tl := "SELECT (e.time_us - ?) / ? AS i, count(*), count(e.error_id) FROM " + termsFrom(q, b.from) + b.where() + " GROUP BY i"
	if timeline, err = s.planForTest(ctx, tl, append([]any{0, 3600000000}, b.args...)); err != nil {
		return "", "", "", err
	}
	top, err = s.planForTest(ctx, "SELECT "+src.key+", count(*) FROM "+from+" GROUP BY "+src.key, args)
	return count, timeline, top, err
}

func (s *Store) planForTest(ctx context.Context, query string, args []any) (string, error) {
	rows, err := s.db.QueryContext(ctx, "EXPLAIN QUERY PLAN "+query, args...)
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

// TopCountsForTest is how many times Top counted its events in a pass of
// their own.
func (s *Store) TopCountsForTest() int64 { return s.topCounts.Load() }
