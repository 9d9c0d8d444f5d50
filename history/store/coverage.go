package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/trailview/trailview/history"
)

// Coverage lists the complete spans, by account, Region and category, the
// newest span of each first. A key may have several spans when a fetch was
// interrupted between two of them; the next fetch fills the gaps.
func (s *Store) Coverage(ctx context.Context) ([]history.Coverage, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT account, region, cat, start_us, end_us, updated_us
		FROM coverage ORDER BY account, region, cat, start_us DESC`)
	if err != nil {
		return nil, fmt.Errorf("read coverage: %w", err)
	}
	defer rows.Close()
	var out []history.Coverage
	for rows.Next() {
		var c history.Coverage
		var cat, start, end, updated int64
		if err := rows.Scan(&c.Account, &c.Region, &cat, &start, &end, &updated); err != nil {
			return nil, fmt.Errorf("read coverage: %w", err)
		}
		c.Category = history.Category(cat)
		c.Start, c.End, c.Updated = time.UnixMicro(start).UTC(), time.UnixMicro(end).UTC(), time.UnixMicro(updated).UTC()
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read coverage: %w", err)
	}
	return out, nil
}

// addCoverageSpan records c as complete, merged with the spans it overlaps or
// touches. IngestLookupEvents does the same inside its page's transaction;
// this is for spans that hold no events at all.
func (s *Store) addCoverageSpan(ctx context.Context, c history.Coverage) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("record coverage: %w", err)
	}
	defer tx.Rollback()
	if err := addCoverage(ctx, tx, c, s.Now()); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("record coverage: %w", err)
	}
	return nil
}

type queryExecer interface {
	execer
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// addCoverage merges c into the table within tx.
func addCoverage(ctx context.Context, tx queryExecer, c history.Coverage, now time.Time) error {
	if err := c.Validate(); err != nil {
		return fmt.Errorf("record coverage: %w", err)
	}
	start, end := c.Start.UnixMicro(), c.End.UnixMicro()
	// Spans that overlap or touch (one microsecond apart) become one.
	rows, err := tx.QueryContext(ctx, `SELECT start_us, end_us FROM coverage
		WHERE account = ? AND region = ? AND cat = ? AND start_us <= ? AND end_us >= ?`,
		c.Account, c.Region, int64(c.Category), end+1, start-1)
	if err != nil {
		return fmt.Errorf("record coverage: %w", err)
	}
	var olds []int64
	for rows.Next() {
		var s0, e0 int64
		if err := rows.Scan(&s0, &e0); err != nil {
			rows.Close()
			return fmt.Errorf("record coverage: %w", err)
		}
		olds = append(olds, s0)
		start, end = min(start, s0), max(end, e0)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("record coverage: %w", err)
	}
	for _, s0 := range olds {
		if _, err := tx.ExecContext(ctx, `DELETE FROM coverage WHERE account = ? AND region = ? AND cat = ? AND start_us = ?`,
			c.Account, c.Region, int64(c.Category), s0); err != nil {
			return fmt.Errorf("record coverage: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO coverage(account, region, cat, start_us, end_us, updated_us) VALUES (?, ?, ?, ?, ?, ?)`,
		c.Account, c.Region, int64(c.Category), start, end, now.UnixMicro()); err != nil {
		return fmt.Errorf("record coverage: %w", err)
	}
	return nil
}
