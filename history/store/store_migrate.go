package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	mathrand "math/rand/v2"
	"os"
	"time"

	"modernc.org/sqlite"
)

// ownerOnly is the mode of a store and its side files: they hold audit data.
const ownerOnly fs.FileMode = 0o600

// createOwnerOnly creates the store file if it is missing. An empty file
// found there (made by another process a moment ago, or by the user) is
// adopted as the store, so it is made owner-only now, before SQLite
// creates the -wal and -shm files, which take the store's mode.
func createOwnerOnly(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, ownerOnly)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if st.Size() == 0 && st.Mode().IsRegular() && st.Mode().Perm() != ownerOnly {
		if err := f.Chmod(ownerOnly); err != nil {
			return fmt.Errorf("make the new store owner-only: %w", err)
		}
	}
	return nil
}

// storeIdentity is what tells a trailview store from other files and which
// schema it has.
type storeIdentity struct {
	appID, version, tables int
}

type queryRower interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// readIdentity reads the three in one statement, hence from one snapshot:
// read one by one, another process creating the store in between could
// show application_id 0 beside its new tables, and the store was called
// foreign.
func readIdentity(ctx context.Context, q queryRower) (storeIdentity, error) {
	var id storeIdentity
	err := q.QueryRowContext(ctx, `SELECT (SELECT application_id FROM pragma_application_id),
		(SELECT user_version FROM pragma_user_version), (SELECT count(*) FROM sqlite_schema)`).Scan(&id.appID, &id.version, &id.tables)
	return id, err
}

// refuse says why a file must not be opened as this build's store, or nil.
// A SQLite file with no tables and no application_id is empty, as a new
// store is before its first migration, and may be adopted.
func (id storeIdentity) refuse(latest int) error {
	if id.appID != applicationID && (id.appID != 0 || id.tables > 0) {
		return fmt.Errorf("%w: it is some other SQLite database (application_id %#x)", ErrForeignFile, id.appID)
	}
	if id.version > latest {
		return fmt.Errorf("%w (schema %d; this build knows up to %d): upgrade trailview", ErrNewerSchema, id.version, latest)
	}
	return nil
}

// checkIdentity refuses foreign or newer files and applies migrations.
func (s *Store) checkIdentity(ctx context.Context, opts OpenOptions) error {
	latest, migrations, err := latestSchema()
	if err != nil {
		return err
	}
	id, err := readIdentity(ctx, s.db)
	if err != nil {
		return err
	}
	if err := id.refuse(latest); err != nil {
		return err
	}
	if !opts.ReadOnly {
		if err := s.ensureWAL(ctx); err != nil {
			return err
		}
	}
	if id.version == latest {
		return nil
	}
	if opts.ReadOnly || opts.NoMigrate {
		return fmt.Errorf("%w: schema %d, this build writes %d", errNeedsMigration, id.version, latest)
	}
	return s.migrate(ctx, latest, migrations)
}

// walSwitchPatience bounds how long ensureWAL keeps trying, as the busy
// timeout bounds every other wait for a lock.
const walSwitchPatience = 30 * time.Second

// ensureWAL puts the store in WAL mode (readers never wait for the
// writer), which the file then keeps. It runs outside any transaction, as
// SQLite requires, and before the first migration.
//
// The switch reads the file and then needs it to itself; when two
// connections do that at once, SQLite fails one with SQLITE_BUSY at once
// rather than let both wait for each other (its busy handler is not
// called), so that one tries again here.
func (s *Store) ensureWAL(ctx context.Context) error {
	deadline := time.Now().Add(walSwitchPatience)
	for attempt := 0; ; attempt++ {
		mode, err := s.switchToWAL(ctx)
		if err == nil && mode == "wal" {
			return nil
		}
		if err == nil {
			return fmt.Errorf("switch to WAL: the journal mode stayed %q", mode)
		}
		var se *sqlite.Error
		if !errors.As(err, &se) || se.Code()&0xff != 5 /* SQLITE_BUSY */ || time.Now().After(deadline) {
			return fmt.Errorf("switch to WAL: %w", err)
		}
		// Random waits, so that the processes that collided do not
		// collide again.
		t := time.NewTimer(time.Duration(1+mathrand.IntN(10<<min(attempt, 3))) * time.Millisecond)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("switch to WAL: %w", ctx.Err())
		case <-t.C:
		}
	}
}

func (s *Store) switchToWAL(ctx context.Context) (string, error) {
	var mode string
	if err := s.db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil || mode == "wal" {
		return mode, err
	}
	err := s.db.QueryRowContext(ctx, "PRAGMA journal_mode = WAL").Scan(&mode)
	return mode, err
}

// migrate brings the schema to latest in one write transaction, so that
// a store is never left between two schemas, and so that processes
// creating or upgrading the same store at once take turns: each looks
// again once it holds the write lock, and the later ones find the work
// done.
func (s *Store) migrate(ctx context.Context, latest int, migrations map[int]string) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer conn.Close()
	// A migration may build an index over every event (0011) or copy a
	// table in key order: with temporary data in memory (the store's
	// default, good for queries) those sorts would grow with the store;
	// on disk their memory stays bounded. Set before BEGIN: SQLite fixes
	// it for the transaction.
	if _, err := conn.ExecContext(ctx, "PRAGMA temp_store = FILE"); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA temp_store = MEMORY")
	tx, err := conn.BeginTx(ctx, nil) // BEGIN IMMEDIATE (the DSN's _txlock)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer tx.Rollback()
	if migrateBeginHook != nil {
		migrateBeginHook(tx)
	}
	id, err := readIdentity(ctx, tx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if err := id.refuse(latest); err != nil {
		return err
	}
	if id.version == latest {
		return nil
	}
	if id.version == 0 {
		if err := s.adoptOwnerOnly(); err != nil {
			return err
		}
	}
	for v := id.version + 1; v <= latest; v++ {
		if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
			return fmt.Errorf("migrate to schema %d: %w", v, err)
		}
	}
	for _, p := range []string{fmt.Sprintf("PRAGMA application_id = %d", applicationID), fmt.Sprintf("PRAGMA user_version = %d", latest)} {
		if _, err := tx.ExecContext(ctx, p); err != nil {
			return fmt.Errorf("migrate to schema %d: %w", latest, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migrate to schema %d: %w", latest, err)
	}
	return nil
}

// adoptOwnerOnly makes an empty SQLite file that becomes a store, and the
// side files SQLite made beside it with its mode, owner-only.
func (s *Store) adoptOwnerOnly() error {
	for _, p := range []string{s.path, s.path + "-wal", s.path + "-shm"} {
		if err := os.Chmod(p, ownerOnly); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("make the store owner-only: %w", err)
		}
	}
	return nil
}
