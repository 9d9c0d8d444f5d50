package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// The store is append-only except for one thing: a retention window
// ('trailview load --retain 90d'), which removes events older than the
// window, as Event history itself forgets events after 90 days.

// idFloorKey is the meta key under which Prune records the first row ID
// that may be used again. Row IDs are never reused, even after the newest
// events were pruned: decoded blocks are cached by block ID and full-text
// groups are filed by ID, so a reused ID could show a pruned record.
const idFloorKey = "next_event_id"

type rowQuerier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// idFloor returns the lowest row ID a writer may use (0 when nothing was
// ever pruned).
func (s *Store) idFloor(ctx context.Context, q rowQuerier) (int64, error) {
	var v []byte
	err := q.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = ?", idFloorKey).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read row ID floor: %w", err)
	}
	n, err := strconv.ParseInt(string(v), 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("read row ID floor: bad value %q", v)
	}
	return n, nil
}

// PruneResult says what Prune removed.
type PruneResult struct {
	Events int64 // events removed
	Blocks int64 // record blocks left without events, removed
	// OldestKept is the eventTime of the oldest event left (zero when no
	// event with a time is left).
	OldestKept time.Time
}

// Prune removes the events (management and Insights) whose eventTime is
// before cutoff, with their resources, and brings the per-Region counts up
// to date, all in one transaction. Events without a time are kept: nothing
// says they are old. A record block that loses only some of its events is
// rewritten without their records, and SQLite's secure_delete zeroes the
// freed pages, so a pruned record is gone from the file, not just
// unreferenced. What remains: the dictionary keeps the strings removed
// events shared with others or had alone (names, IPs, resource names:
// finding which are unused would mean a scan of every column), the
// full-text index keeps their words (they only make a search look at a
// group that no longer matches anything), and the coverage of 'trailview
// fetch' still counts the pruned span as fetched, so that a retention
// shorter than 90 days is not undone by the next fetch.
func (s *Store) Prune(ctx context.Context, cutoff time.Time) (PruneResult, error) {
	var res PruneResult
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return res, fmt.Errorf("prune: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA secure_delete = ON"); err != nil {
		return res, fmt.Errorf("prune: %w", err)
	}
	defer conn.ExecContext(context.Background(), "PRAGMA secure_delete = OFF")
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return res, fmt.Errorf("prune: %w", err)
	}
	defer tx.Rollback()
	cut := cutoff.UnixMicro()
	var maxID sql.NullInt64
	if err := tx.QueryRowContext(ctx, "SELECT max(id) FROM events").Scan(&maxID); err != nil {
		return res, fmt.Errorf("prune: %w", err)
	}
	if res.Events, res.Blocks, err = deleteOldRows(ctx, tx, cut); err != nil {
		return res, err
	}
	if res.Events > 0 {
		for _, q := range []string{
			"DELETE FROM scopes",
			`INSERT INTO scopes SELECT region_id, account_id, cat, count(*), min(time_us), max(time_us)
				FROM events GROUP BY region_id, account_id, cat`,
		} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return res, fmt.Errorf("prune: recount events: %w", err)
			}
		}
		if err := recountSummariesBefore(ctx, tx, cut); err != nil {
			return res, err
		}
	}
	if res.OldestKept, err = oldestKept(ctx, tx, cutoff); err != nil {
		return res, fmt.Errorf("prune: %w", err)
	}
	floor, err := s.idFloor(ctx, tx)
	if err != nil {
		return res, err
	}
	if next := maxID.Int64 + 1; res.Events > 0 && next > floor {
		if _, err := tx.ExecContext(ctx, "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
			idFloorKey, []byte(strconv.FormatInt(alignToBlock(next), 10))); err != nil {
			return res, fmt.Errorf("prune: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return res, fmt.Errorf("prune: %w", err)
	}
	return res, nil
}

// deleteOldRows deletes, within tx, the events older than cut (time_us;
// events without a time are kept), their resources and the blocks left
// empty, and rewrites the partial blocks without the pruned records.
func deleteOldRows(ctx context.Context, tx *sql.Tx, cut int64) (events, blocks int64, err error) {
	var res PruneResult
	old := "SELECT id FROM events WHERE time_us <> 0 AND time_us < ?"
	for _, table := range []string{resourceNamesTable, resourceTypesTable} {
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+table+" WHERE event IN ("+old+")", cut); err != nil {
			return res.Events, res.Blocks, fmt.Errorf("prune %s: %w", table, err)
		}
	}
	// The blocks that may lose their last event: those of the events
	// about to go.
	if _, err := tx.ExecContext(ctx, "CREATE TEMP TABLE IF NOT EXISTS prune_blocks(id INTEGER PRIMARY KEY)"); err != nil {
		return res.Events, res.Blocks, fmt.Errorf("prune: %w", err)
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM temp.prune_blocks"); err != nil {
		return res.Events, res.Blocks, fmt.Errorf("prune: %w", err)
	}
	if _, err := tx.ExecContext(ctx, "INSERT OR IGNORE INTO temp.prune_blocks SELECT id >> 6 FROM events WHERE time_us <> 0 AND time_us < ?", cut); err != nil {
		return res.Events, res.Blocks, fmt.Errorf("prune: %w", err)
	}
	r, err := tx.ExecContext(ctx, "DELETE FROM events WHERE time_us <> 0 AND time_us < ?", cut)
	if err != nil {
		return res.Events, res.Blocks, fmt.Errorf("prune events: %w", err)
	}
	if res.Events, err = r.RowsAffected(); err != nil {
		return res.Events, res.Blocks, fmt.Errorf("prune events: %w", err)
	}
	r, err = tx.ExecContext(ctx, `DELETE FROM blocks WHERE id IN (SELECT p.id FROM temp.prune_blocks p
		WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.id >= p.id << 6 AND e.id < (p.id + 1) << 6))`)
	if err != nil {
		return res.Events, res.Blocks, fmt.Errorf("prune record blocks: %w", err)
	}
	if res.Blocks, err = r.RowsAffected(); err != nil {
		return res.Events, res.Blocks, fmt.Errorf("prune record blocks: %w", err)
	}
	if err := rewritePartialBlocks(ctx, tx); err != nil {
		return res.Events, res.Blocks, err
	}
	if _, err := tx.ExecContext(ctx, "DROP TABLE temp.prune_blocks"); err != nil {
		return res.Events, res.Blocks, fmt.Errorf("prune: %w", err)
	}
	return res.Events, res.Blocks, nil
}

// rewritePartialBlocks re-encodes the blocks listed in temp.prune_blocks
// that still have events, keeping only their records.
func rewritePartialBlocks(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT b.id, b.z FROM blocks b JOIN temp.prune_blocks p ON p.id = b.id`)
	if err != nil {
		return fmt.Errorf("prune record blocks: %w", err)
	}
	type block struct {
		id int64
		z  []byte
	}
	var blocks []block
	for rows.Next() {
		var b block
		if err := rows.Scan(&b.id, &b.z); err != nil {
			rows.Close()
			return fmt.Errorf("prune record blocks: %w", err)
		}
		blocks = append(blocks, b)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("prune record blocks: %w", err)
	}
	for _, b := range blocks {
		dec, err := decodeBlock(b.z)
		if err != nil {
			return fmt.Errorf("prune record block %d: %w", b.id, err)
		}
		recs := make([][]byte, blockSize)
		ids, err := tx.QueryContext(ctx, "SELECT id FROM events WHERE id >= ? AND id < ? AND length(raw) = 1",
			b.id<<blockShift, (b.id+1)<<blockShift)
		if err != nil {
			return fmt.Errorf("prune record blocks: %w", err)
		}
		for ids.Next() {
			var id int64
			if err := ids.Scan(&id); err != nil {
				ids.Close()
				return fmt.Errorf("prune record blocks: %w", err)
			}
			if recs[id&blockMask], err = dec.record(id); err != nil {
				ids.Close()
				return fmt.Errorf("prune record block %d: %w", b.id, err)
			}
		}
		ids.Close()
		if err := ids.Err(); err != nil {
			return fmt.Errorf("prune record blocks: %w", err)
		}
		z, err := encodeBlock(recs)
		if err != nil {
			return fmt.Errorf("prune record block %d: %w", b.id, err)
		}
		if _, err := tx.ExecContext(ctx, "UPDATE blocks SET z = ? WHERE id = ?", z, b.id); err != nil {
			return fmt.Errorf("prune record blocks: %w", err)
		}
	}
	return nil
}
