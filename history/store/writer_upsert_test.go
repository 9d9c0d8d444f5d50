package store

import (
	"context"
	"testing"
)

// TestUpsertRowsAcrossStatements: more rows than one statement takes, some
// of them already in the table, are added to the existing counts and
// inserted otherwise, in every statement (64, 64 and 22 rows here).
func TestUpsertRowsAcrossStatements(t *testing.T) {
	ctx := context.Background()
	s := openTempStore(t)
	w, err := newWriter(ctx, s, newKnownFiles(), &loadStats{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.abort()
	if err := w.begin(ctx); err != nil {
		t.Fatal(err)
	}
	const head = "INSERT INTO summary_hour(region_id, cat, hour, account_id, ro, events, errors, first_us, last_us) VALUES "
	const tail = "ON CONFLICT DO UPDATE SET events = events + excluded.events, errors = errors + excluded.errors, first_us = min(first_us, excluded.first_us), last_us = max(last_us, excluded.last_us)"
	rows := func(n int, events int64) []any {
		var args []any
		for h := range n {
			args = append(args, int64(1), int64(0), int64(h), int64(2), int64(0), events, int64(0), int64(h), int64(h))
		}
		return args
	}
	if err := w.upsertRows(ctx, head, tail, 9, rows(100, 1)); err != nil {
		t.Fatal(err)
	}
	if err := w.upsertRows(ctx, head, tail, 9, rows(150, 10)); err != nil {
		t.Fatal(err)
	}
	var n, sum int64
	if err := w.tx.QueryRowContext(ctx, "SELECT count(*), sum(events) FROM summary_hour").Scan(&n, &sum); err != nil {
		t.Fatal(err)
	}
	if n != 150 || sum != 100*11+50*10 {
		t.Errorf("%d rows holding %d events; want 150 rows, %d events", n, sum, 100*11+50*10)
	}
}
