package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// The turn to call LookupEvents for one account and Region, shared by
// every process using the store (migration 0005): the service counts
// requests per account and Region, not per process, and two fetches run
// side by side, or one started right after another was killed, must not
// add up to more than it allows. A row in the store rather than a lock
// file because SQLite already serialises the processes that share the
// store, on every platform, and a lease that runs out rather than a lock
// because a killed process cannot release anything.

// ClaimFetchTurn gives holder the turn of account and region for lease
// (a request is out), unless the turn is taken: then it returns how long
// until it is free and who holds it. A turn further ahead of now than
// stale is ignored: no holder sets one so far ahead, so the clock was set
// back since. The clock is read once the write lock is held, so that a
// wait for the lock does not shorten the lease.
func (s *Store) ClaimFetchTurn(ctx context.Context, account, region, holder string, clock func() time.Time, lease, stale time.Duration) (wait time.Duration, heldBy string, err error) {
	tx, err := s.db.BeginTx(ctx, nil) // BEGIN IMMEDIATE (the DSN's _txlock)
	if err != nil {
		return 0, "", fmt.Errorf("claim the fetch turn: %w", err)
	}
	defer tx.Rollback()
	var nextUS int64
	err = tx.QueryRowContext(ctx, "SELECT holder, next_us FROM fetch_pace WHERE account = ? AND region = ?", account, region).Scan(&heldBy, &nextUS)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, "", fmt.Errorf("claim the fetch turn: %w", err)
	}
	now := clock()
	if err == nil {
		if ahead := time.UnixMicro(nextUS).Sub(now); ahead > 0 && ahead <= stale {
			return ahead, heldBy, nil
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO fetch_pace(account, region, holder, next_us) VALUES (?, ?, ?, ?)
		ON CONFLICT(account, region) DO UPDATE SET holder = excluded.holder, next_us = excluded.next_us`,
		account, region, holder, now.Add(lease).UnixMicro()); err != nil {
		return 0, "", fmt.Errorf("claim the fetch turn: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return 0, "", fmt.Errorf("claim the fetch turn: %w", err)
	}
	return 0, holder, nil
}

// MoveFetchTurn sets when holder's turn of account and region ends: a
// later lease while its request is still out, or the answer's time plus
// the interval. A turn that another holder has claimed since (this one's
// lease ran out) is left to it.
func (s *Store) MoveFetchTurn(ctx context.Context, account, region, holder string, next time.Time) error {
	_, err := s.db.ExecContext(ctx, "UPDATE fetch_pace SET next_us = ? WHERE account = ? AND region = ? AND holder = ?",
		next.UnixMicro(), account, region, holder)
	if err != nil {
		return fmt.Errorf("move the fetch turn: %w", err)
	}
	return nil
}
