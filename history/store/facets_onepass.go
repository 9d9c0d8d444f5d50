package store

import (
	"context"
	"fmt"
	"time"

	"github.com/trailview/trailview/history"
)

// countsInGrouping says whether Top of field over q (b, built from q) may
// take its total from the grouping instead of counting first: the values
// are a column of the events themselves, and the events are read from the
// index that termsFrom forces, so both passes would read the very same
// index entries. A one-term filter on a field without an index of its own
// reads the whole scope's entries: the count was half of top's time.
func countsInGrouping(q history.Query, src facetSource, b *builder) bool {
	return src.join == "" && termsFrom(q, b.from) != b.from
}

// topInOnePass fills res as Top does, with one read of q's events: every
// event falls in one group (NULL included), so the sum of the groups'
// sizes is the total, summed before the groups without a value are set
// aside.
func (s *Store) topInOnePass(ctx context.Context, q history.Query, field history.Field, src facetSource, b *builder, limit int, res *TopResult) error {
	from := termsFrom(q, b.from) + b.where()
	query := "WITH g AS (SELECT " + src.key + " AS k, count(*) AS n, min(e.time_us) AS lo, max(e.time_us) AS hi FROM " + from +
		" GROUP BY " + src.key + "), v AS (SELECT CASE WHEN g.k IS NULL THEN NULL ELSE " + src.value + " END AS value, n, lo, hi, sum(n) OVER () AS total FROM g)" +
		" SELECT value, n, lo, hi, count(*) OVER (), sum(n) OVER (), total FROM v WHERE value <> ''" +
		" ORDER BY n DESC, value ASC LIMIT ?"
	rows, err := s.db.QueryContext(ctx, query, append(append([]any(nil), b.args...), limit)...)
	if err != nil {
		return fmt.Errorf("top %v: %w", field, err)
	}
	defer rows.Close()
	var present int64
	for rows.Next() {
		var v FacetValue
		var lo, hi int64
		if err := rows.Scan(&v.Value, &v.Count, &lo, &hi, &res.Distinct, &present, &res.Total); err != nil {
			return fmt.Errorf("top %v: read: %w", field, err)
		}
		v.FirstSeen, v.LastSeen = time.UnixMicro(lo).UTC(), time.UnixMicro(hi).UTC()
		res.Values = append(res.Values, v)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("top %v: %w", field, err)
	}
	if len(res.Values) == 0 {
		// No event holds a value, so no row carried the total.
		s.topCounts.Add(1)
		if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM "+from, b.args...).Scan(&res.Total); err != nil {
			return fmt.Errorf("top %v: count events: %w", field, err)
		}
	}
	res.Missing = res.Total - present
	return nil
}
