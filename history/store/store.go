package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// applicationID marks a SQLite file as a trailview store ("TrVw"), so that
// opening some other database gives a clear error instead of damage.
const applicationID = 0x54725677

//go:embed migrations/*.sql
var migrationFiles embed.FS

// indexDef is an index a load may drop and rebuild. Definitions must match
// migrations/.
type indexDef struct{ name, ddl string }

// eventIDIndex is dropped only by a bulk load into an empty store
// (writer_seen.go), which needs no index to dedupe.
var eventIDIndex = indexDef{"events_event_id", "CREATE UNIQUE INDEX IF NOT EXISTS events_event_id ON events(event_id)"}

// rebuiltIndexes are all the ones a load may have left missing, in the
// order createIndexes builds them.
var rebuiltIndexes = append([]indexDef{eventIDIndex}, secondaryIndexes...)

// secondaryIndexes are the indexes every bulk load drops and rebuilds:
// building them once at the end costs a third of maintaining them row by
// row.
var secondaryIndexes = append(lookupIndexes(), []indexDef{
	{requestIndex, "CREATE INDEX IF NOT EXISTS " + requestIndex + " ON events(request_id) WHERE request_id IS NOT NULL"},
}...)

// Store is an open trailview store. It is safe for concurrent use; loads are
// serialised by SQLite's write lock.
type Store struct {
	db   *sql.DB
	path string
	// Now is the clock used for default time windows and load timestamps;
	// tests replace it.
	Now func() time.Time

	secret []byte // signs pagination tokens (lookup.go)
	dicts  *dictCache
	blocks *blockLRU[int64] // decoded record blocks (blocks.go)
	mu     sync.Mutex       // guards bulk-index state transitions
	stalls atomic.Int64     // queries still to stall (stall.go)
	token  int64            // names the store to the SQL functions (sqlfuncs_blocks.go)
	// summaryAnswers counts the tops and timelines the summaries
	// answered (summary_readonly.go), for tests that check a caller's
	// query takes the fast path.
	summaryAnswers atomic.Int64
	// topCounts counts Top's counting passes apart from its grouping, for
	// tests that check a one-term filter reads its events once.
	topCounts atomic.Int64
	// onWriterBegin, set by tests only, sees each load transaction the
	// writer begins.
	onWriterBegin func(*sql.Tx)
}

// ErrForeignFile is returned when the path holds a file that is not a
// trailview store.
var ErrForeignFile = errors.New("not a trailview store")

// errNeedsMigration is met when a store was written by an older trailview.
var errNeedsMigration = errors.New("store needs migrating")

// ErrNewerSchema is returned when the store was written by a newer trailview.
var ErrNewerSchema = errors.New("store was created by a newer trailview")

// OpenOptions adjusts Open.
type OpenOptions struct {
	ReadOnly  bool // open without creating or migrating
	CacheMiB  int  // page cache per connection; default 16
	MaxConns  int  // connection pool size; default 4
	NoMigrate bool
}

// Open opens (creating if needed, with mode 0600 because it holds audit
// data) the store at path and brings its schema up to date.
func Open(ctx context.Context, path string, opts OpenOptions) (*Store, error) {
	registerFunctions()
	if opts.CacheMiB == 0 {
		opts.CacheMiB = 16
	}
	if opts.MaxConns == 0 {
		opts.MaxConns = 4
	}
	if !opts.ReadOnly {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fmt.Errorf("open store %s: %w", path, err)
		}
		if err := createOwnerOnly(path); err != nil {
			return nil, fmt.Errorf("open store %s: %w", path, err)
		}
	} else if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	q := url.Values{}
	for _, p := range []string{
		// Every connection waits for another's lock, in this process or
		// another, instead of failing at once. The journal mode is not
		// set here: switching to WAL needs the file to itself, so only the
		// open that finds a store not yet in WAL does it (ensureWAL).
		"busy_timeout(30000)",
		"synchronous(NORMAL)",
		"temp_store(MEMORY)",
		"cache_size(-" + strconv.Itoa(opts.CacheMiB*1024) + ")",
	} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
	if opts.ReadOnly {
		dsn += "&mode=ro"
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	db.SetMaxOpenConns(opts.MaxConns)
	db.SetMaxIdleConns(opts.MaxConns)
	db.SetConnMaxIdleTime(0)
	s := &Store{db: db, path: path, Now: time.Now, token: storeTokens.Add(1)}
	s.dicts = newDictCache()
	s.blocks = newBlockLRU[int64](storeBlockCacheSize)
	if err := s.checkIdentity(ctx, opts); err != nil {
		err = s.explainUnreadable(ctx, err)
		db.Close()
		if errors.Is(err, errNeedsMigration) && opts.ReadOnly && !opts.NoMigrate {
			// A store written by an older trailview: bring it up to date
			// once (a read-only command after an upgrade must not fail),
			// then open it as asked.
			rw, err := Open(ctx, path, OpenOptions{CacheMiB: opts.CacheMiB, MaxConns: 1})
			if err != nil {
				return nil, err
			}
			rw.Close()
			return Open(ctx, path, OpenOptions{ReadOnly: true, CacheMiB: opts.CacheMiB, MaxConns: opts.MaxConns, NoMigrate: true})
		}
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	if err := s.loadSecret(ctx, opts.ReadOnly); err != nil {
		err = s.explainUnreadable(ctx, err)
		db.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	if !opts.ReadOnly {
		if err := s.ensureIndexes(ctx); err != nil {
			err = s.explainUnreadable(ctx, err)
			db.Close()
			return nil, fmt.Errorf("open store %s: %w", path, err)
		}
	}
	return s, nil
}

// Path is the store's file name.
func (s *Store) Path() string { return s.path }

// Close releases the store.
func (s *Store) Close() error {
	if s == nil || s.db == nil {
		return nil
	}
	return s.db.Close()
}

func latestSchema() (int, map[int]string, error) {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return 0, nil, err
	}
	out := map[int]string{}
	var versions []int
	for _, e := range entries {
		n, err := strconv.Atoi(strings.SplitN(e.Name(), "_", 2)[0])
		if err != nil {
			return 0, nil, fmt.Errorf("migration %s: bad name", e.Name())
		}
		b, err := migrationFiles.ReadFile("migrations/" + e.Name())
		if err != nil {
			return 0, nil, err
		}
		out[n] = string(b)
		versions = append(versions, n)
	}
	sort.Ints(versions)
	for i, v := range versions {
		if v != i+1 {
			return 0, nil, fmt.Errorf("migrations are not numbered 1..n")
		}
	}
	return len(versions), out, nil
}

// loadSecret reads (or creates) the per-store key that signs pagination
// tokens, so that a token cannot be forged or replayed against another store.
func (s *Store) loadSecret(ctx context.Context, readOnly bool) error {
	err := s.db.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = 'token_secret'").Scan(&s.secret)
	if err == nil {
		return nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		return err
	}
	s.secret = secret
	if readOnly {
		return nil
	}
	_, err = s.db.ExecContext(ctx, "INSERT OR IGNORE INTO meta(key, value) VALUES ('token_secret', ?)", secret)
	if err != nil {
		return err
	}
	return s.db.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = 'token_secret'").Scan(&s.secret)
}

// ensureIndexes rebuilds secondary indexes that an interrupted bulk load
// left missing.
func (s *Store) ensureIndexes(ctx context.Context) error {
	missing, err := s.missingIndexes(ctx)
	if err != nil || len(missing) == 0 {
		return err
	}
	return s.createIndexes(ctx)
}

func (s *Store) missingIndexes(ctx context.Context) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT name FROM sqlite_schema WHERE type = 'index'")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	have := map[string]bool{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		have[n] = true
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var missing []string
	for _, ix := range rebuiltIndexes {
		if !have[ix.name] {
			missing = append(missing, ix.name)
		}
	}
	return missing, nil
}

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func (s *Store) createIndexes(ctx context.Context) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	// Building an index sorts every entry. With temporary data in
	// memory (the store's default, good for queries) a million events'
	// sort runs held ~100 MB that SQLite's allocator never returns; on
	// disk they cost a few sequential writes. Two sorter threads use
	// both cores.
	for _, p := range []string{"PRAGMA temp_store = FILE", "PRAGMA threads = 2"} {
		if _, err := conn.ExecContext(ctx, p); err != nil {
			return err
		}
	}
	defer conn.ExecContext(context.Background(), "PRAGMA temp_store = MEMORY")
	// After a bulk load (or one that died midway): merge the full-text
	// segments it wrote unmerged, and merge as usual from now on. First,
	// so that the index builds below reuse the pages the merge frees
	// (~29 MB on 1M events, left empty in the file when it ran last).
	for _, q := range []string{"INSERT INTO words(words, rank) VALUES('automerge', 4)",
		"INSERT INTO words(words, rank) VALUES('crisismerge', 16)",
		"INSERT INTO words(words) VALUES('optimize')"} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("merge the full-text index: %w", err)
		}
	}
	if err := s.packResourceTables(ctx, conn); err != nil {
		return err
	}
	for _, ix := range rebuiltIndexes {
		if _, err := conn.ExecContext(ctx, ix.ddl); err != nil {
			return fmt.Errorf("build index %s: %w", ix.name, err)
		}
	}
	_, err = conn.ExecContext(ctx, "PRAGMA optimize")
	return err
}

func (s *Store) dropIndexes(ctx context.Context, conn execer) error {
	for _, ix := range secondaryIndexes {
		if _, err := conn.ExecContext(ctx, "DROP INDEX IF EXISTS "+ix.name); err != nil {
			return err
		}
	}
	return nil
}

// SchemaVersion is the schema this build writes. Caches that are rebuilt
// rather than migrated (the sample history) put it in their file names,
// so that two builds with different schemas never open each other's.
func SchemaVersion() int {
	n, _, err := latestSchema()
	if err != nil {
		return 0 // the embedded migrations are broken; Open reports it
	}
	return n
}
