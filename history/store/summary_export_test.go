package store

import (
	"context"
	"fmt"
	"strings"
)

// RowIDsForTest lists the row ID of every event: a query listing them all
// selects what it would without the list, but cannot use the summaries,
// so it gives the events' own counts.
func (s *Store) RowIDsForTest(ctx context.Context) ([]int64, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT id FROM events ORDER BY id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// SummaryDumpForTest is every row of the summary tables as text, in key
// order.
func (s *Store) SummaryDumpForTest(ctx context.Context) (string, error) {
	var b strings.Builder
	for _, q := range []string{
		"SELECT 'h', region_id, cat, hour, account_id, ro, events, errors, first_us, last_us FROM summary_hour ORDER BY 2, 3, 4, 5, 6",
		"SELECT kind, region_id, cat, day, value_id, account_id, ro, n, first_off, span_us FROM summary_day ORDER BY 1, 2, 3, 4, 5, 6, 7",
		"SELECT 'r', kind, cat, ro, value_id, n, 0, 0, 0, 0 FROM summary_rank ORDER BY 2, 3, 4, 5",
		"SELECT 'v', kind, cat, region_id, ro_mask, vals, events, 0, 0, 0 FROM summary_values ORDER BY 2, 3, 4, 5",
	} {
		rows, err := s.db.QueryContext(ctx, q)
		if err != nil {
			return "", err
		}
		for rows.Next() {
			var v [10]any
			ptrs := make([]any, len(v))
			for i := range v {
				ptrs[i] = &v[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return "", err
			}
			fmt.Fprintln(&b, v[:]...)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return "", err
		}
	}
	return b.String(), nil
}

// RankCountersForTest is how many values tops read from summary_rank and
// how many tops took Distinct from summary_values, since the process
// started.
func RankCountersForTest() (reads, covered int64) { return rankReads.Load(), valuesAnswers.Load() }

// SetRankReadLimitForTest sets how many values a top reads by count
// before it falls back to grouping every row, and returns the undo.
func SetRankReadLimitForTest(n int) func() {
	old := rankReadLimit
	rankReadLimit = n
	return func() { rankReadLimit = old }
}
