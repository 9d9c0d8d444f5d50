package store

import (
	"context"
	"database/sql"
	"fmt"
	"hash/maphash"
	"path/filepath"
	"strings"
	"time"

	"github.com/trailview/trailview/history"
)

// writer is the single goroutine that writes to the store during a load.
// SQLite allows one writer; everything that can run elsewhere (reading,
// decompression, JSON, compression, word lists) already has.
type writer struct {
	s     *Store
	conn  *sql.Conn
	tx    *sql.Tx
	known *knownFiles
	stats *loadStats

	txEvents  int
	txStarted time.Time
	commits   int // transactions committed by this writer
	stmts     map[string]*sql.Stmt

	nextID     int64 // next event row ID
	nextFileID int64
	nextDictID int64

	// Dictionary entries created in the open transaction (and, within it,
	// in the open savepoint), which must be forgotten if rolled back.
	txDict   map[dictKey]int64
	unitDict []dictKey

	// Event IDs inserted during this load, when the store started empty:
	// then they are every event the store holds, and an ID that is not
	// here is new without asking the store. unitSeen are those of the
	// unit being written, taken out again if it fails.
	seed        [2]maphash.Seed
	seen        map[eventKey]struct{}
	unitSeen    []eventKey
	storeWasNew bool
	// idIndexDropped: a bulk load into an empty store builds the event ID
	// index at the end instead of row by row (seen does its job until
	// then); whatever makes the writer ask the store builds it first.
	idIndexDropped bool

	// tempOnDisk: the connection's temp_store is FILE (writer_temp.go).
	tempOnDisk bool

	// dictWasNew: the dictionary was empty when the load began, so a
	// string whose hash is not in dictSeen (every string this load added)
	// is new without asking the store. A hash that is there only by
	// collision costs a query, never a wrong ID.
	dictWasNew bool
	dictSeen   map[uint64]struct{}

	pending pendingRows

	cur         *unit
	savepoint   bool
	unitStartID int64
	unitDictID  int64 // nextDictID when the unit's savepoint was set
	unitAdded   int64
	unitDups    int64
	unitInsight int64
}

// seenLimit bounds the event keys a load keeps (about 30 bytes each);
// a variable so that tests can reach it.
var seenLimit = 2_000_000

// commitEvents is how many events a transaction gathers before it is
// committed (or commitEvery has passed); a variable so that tests can
// make a load commit often.
var commitEvents = 50_000

// firstCommitEvents is how many events the load's first transaction
// gathers: a browser opened with `trailview PATH` sees nothing until a
// commit, and the walk's newest-first order puts the newest day of the
// first Region in these events. A variable so that tests can reach it.
var firstCommitEvents = 4096

const (
	commitEvery = 2 * time.Second
	rowsPerStmt = 64
)

func newWriter(ctx context.Context, s *Store, known *knownFiles, stats *loadStats) (*writer, error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	w := &writer{s: s, conn: conn, known: known, stats: stats, txDict: map[dictKey]int64{},
		seed: [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}}
	// A larger page cache for the writer: index pages are revisited
	// constantly during a load. 32 MiB, not more: SQLite's page cache lives
	// outside Go's heap, costs about 1.8x its size in resident memory, and a
	// 128 MiB cache was most of a 680 MB peak for no measurable speed.
	if _, err := conn.ExecContext(ctx, "PRAGMA cache_size = -32768"); err != nil {
		conn.Close()
		return nil, err
	}
	// Checkpoint the WAL every 32 MiB instead of every 4: each checkpoint
	// copies pages back into the store file, and a load dirties the same
	// index pages again and again; checkpoints were a tenth of the writer's
	// time at the default.
	if _, err := conn.ExecContext(ctx, "PRAGMA wal_autocheckpoint = 8192"); err != nil {
		conn.Close()
		return nil, err
	}
	// Statement journals in memory (writer_temp.go); the pool's setting,
	// said again so that the writer knows where it starts.
	if err := w.setTempStore(ctx, false); err != nil {
		conn.Close()
		return nil, err
	}
	var maxID sql.NullInt64
	if err := conn.QueryRowContext(ctx, "SELECT max(id) FROM events").Scan(&maxID); err != nil {
		conn.Close()
		return nil, err
	}
	if !maxID.Valid {
		w.storeWasNew, w.seen = true, map[eventKey]struct{}{}
	}
	var maxDict sql.NullInt64
	if err := conn.QueryRowContext(ctx, "SELECT max(id) FROM dict").Scan(&maxDict); err != nil {
		conn.Close()
		return nil, err
	}
	if !maxDict.Valid {
		w.dictWasNew, w.dictSeen = true, map[uint64]struct{}{}
	}
	return w, nil
}

func (w *writer) close(ctx context.Context) error {
	var err error
	if w.tx != nil {
		err = w.commit()
	}
	if e := w.restoreConn(); err == nil && e != nil && ctx.Err() == nil {
		err = e
	}
	w.conn.Close()
	return err
}

func (w *writer) abort() {
	if w.tx != nil {
		w.tx.Rollback()
		w.tx = nil
		w.stmts = nil
	}
	w.restoreConn()
	w.conn.Close()
}

// restoreConn gives the writer's connection back the pool's settings.
func (w *writer) restoreConn() error {
	var err error
	for _, p := range []string{"PRAGMA cache_size = -16384", "PRAGMA wal_autocheckpoint = 1000",
		"PRAGMA temp_store = MEMORY"} {
		if _, e := w.conn.ExecContext(context.Background(), p); err == nil {
			err = e
		}
	}
	return err
}

func (w *writer) begin(ctx context.Context) error {
	if w.tx != nil {
		return nil
	}
	tx, err := w.conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	w.tx, w.txEvents, w.txStarted = tx, 0, time.Now()
	if w.s.onWriterBegin != nil {
		w.s.onWriterBegin(tx)
	}
	w.stmts = map[string]*sql.Stmt{}
	// The next IDs are read inside the transaction, which holds the write
	// lock (BEGIN IMMEDIATE): another writer (a second process, a fetch in
	// this one) may have added rows since this writer's last commit.
	var maxEvent, maxFile, maxDict int64
	if err := tx.QueryRowContext(ctx, `SELECT (SELECT coalesce(max(id), 0) FROM events),
		(SELECT coalesce(max(id), 0) FROM files), (SELECT coalesce(max(id), 0) FROM dict)`).Scan(&maxEvent, &maxFile, &maxDict); err != nil {
		tx.Rollback()
		w.tx = nil
		return err
	}
	floor, err := w.s.idFloor(ctx, tx)
	if err != nil {
		tx.Rollback()
		w.tx = nil
		return err
	}
	if w.dictWasNew && maxDict >= max(w.nextDictID, 1) {
		// Someone else added strings since this writer's last commit.
		w.dictWasNew, w.dictSeen = false, nil
	}
	if w.storeWasNew && maxEvent >= max(w.nextID, 1) {
		// Someone else added events since this writer's last commit: seen
		// no longer holds every event of the store.
		if err := w.checkStoreFromNowOn(ctx); err != nil {
			tx.Rollback()
			w.tx = nil
			return err
		}
	}
	w.nextID = alignToBlock(max(w.nextID, maxEvent+1, floor))
	w.nextFileID = max(w.nextFileID, maxFile+1)
	w.nextDictID = max(w.nextDictID, maxDict+1)
	return nil
}

func (w *writer) commit() error {
	if w.tx == nil {
		return nil
	}
	if err := w.flushPending(context.Background(), true); err != nil {
		w.tx.Rollback()
		w.tx, w.stmts = nil, nil
		return fmt.Errorf("commit: %w", err)
	}
	for _, st := range w.stmts {
		st.Close()
	}
	w.stmts = nil
	err := w.tx.Commit()
	w.tx = nil
	if err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	for k, id := range w.txDict {
		w.s.dicts.add(k, id)
	}
	clear(w.txDict)
	w.commits++
	w.stats.commit()
	return nil
}

// stmt returns a prepared statement of the open transaction.
func (w *writer) stmt(ctx context.Context, q string) (*sql.Stmt, error) {
	if st, ok := w.stmts[q]; ok {
		return st, nil
	}
	st, err := w.tx.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	w.stmts[q] = st
	return st, nil
}

// handle applies one message from a worker.
func (w *writer) handle(ctx context.Context, m unitMsg) error {
	if m.unit != w.cur {
		w.cur = m.unit
		w.savepoint = false
		w.unitStartID = w.nextID
		w.unitAdded, w.unitDups, w.unitInsight = 0, 0, 0
		w.unitDict = w.unitDict[:0]
		w.unitSeen = w.unitSeen[:0]
	}
	if len(m.recs) > 0 || (!m.end && !m.last) {
		if err := w.placeJournals(ctx, !m.last && !w.savepoint); err != nil {
			return err
		}
		if err := w.begin(ctx); err != nil {
			return err
		}
		if !m.last && !w.savepoint {
			// The unit spans several chunks: make it undoable on its own,
			// after writing what earlier units left buffered.
			if err := w.flushPending(ctx, true); err != nil {
				return err
			}
			if _, err := w.tx.ExecContext(ctx, "SAVEPOINT unit"); err != nil {
				return err
			}
			w.unitDictID = w.nextDictID
			w.savepoint = true
		}
		if err := w.writeChunk(ctx, m); err != nil {
			return err
		}
	}
	if !m.end {
		return nil
	}
	u := m.unit
	if m.err != nil || u.skip != "" {
		w.forgetUnitSeen()
		if w.savepoint {
			if err := w.rollbackUnit(ctx); err != nil {
				return err
			}
		}
		w.stats.unitDone(u, m.err, 0, 0, 0)
		return nil
	}
	return w.finishUnit(ctx, u)
}

// finishUnit records a unit stored completely: its files row joins the
// transaction of its events, so a file is loaded completely or not at all.
func (w *writer) finishUnit(ctx context.Context, u *unit) error {
	if w.savepoint {
		if _, err := w.tx.ExecContext(ctx, "RELEASE unit"); err != nil {
			return err
		}
	}
	// A file without events may open the transaction: in memory too.
	if err := w.placeJournals(ctx, false); err != nil {
		return err
	}
	if err := w.begin(ctx); err != nil {
		return err
	}
	sha := []byte{}
	if u.hasSHA {
		sha = u.sha[:]
	}
	name, dir := u.name, any(nil)
	if i := strings.LastIndexByte(u.name, filepath.Separator); u.path != "" && i >= 0 {
		id, err := w.dictID(ctx, kindDirectory, u.name[:i+1])
		if err != nil {
			return err
		}
		name, dir = u.name[i+1:], id
	}
	w.pending.files = append(w.pending.files, w.nextFileID, name, u.size, u.mtimeNS, sha, w.s.Now().UnixMicro(),
		u.records, w.unitAdded, dir)
	w.pending.fRows++
	w.nextFileID++
	if w.storeWasNew && len(w.seen) >= seenLimit {
		// Past this many events the keys would cost more memory than the
		// probes they spare: check every later event in the store.
		if err := w.checkStoreFromNowOn(ctx); err != nil {
			return err
		}
	}
	w.known.add(u)
	w.stats.unitDone(u, nil, w.unitAdded, w.unitDups, w.unitInsight)
	w.cur = nil
	if w.txEvents >= commitEvents || time.Since(w.txStarted) >= commitEvery ||
		(w.commits == 0 && w.txEvents >= firstCommitEvents) {
		return w.commit()
	}
	return nil
}

func (w *writer) rollbackUnit(ctx context.Context) error {
	if _, err := w.tx.ExecContext(ctx, "ROLLBACK TO unit"); err != nil {
		return err
	}
	if _, err := w.tx.ExecContext(ctx, "RELEASE unit"); err != nil {
		return err
	}
	for _, k := range w.unitDict {
		delete(w.txDict, k)
	}
	w.nextDictID = w.unitDictID
	w.txEvents -= int(w.unitAdded)
	// The unit's rows began at a fresh block (the flush before its
	// savepoint closed the previous one), which is where the next unit's
	// rows go now.
	w.nextID = alignToBlock(w.unitStartID)
	w.pending.blk = blockBuilder{}
	w.cur = nil
	return nil
}

// writeChunk adds the chunk's new events to the pending rows. Row IDs run
// on without gaps; a 64-record full-text document of the chunk is filed
// under every 64-ID group (id >> 6) its events fall in, which the
// contentless index allows and the query side expects.
func (w *writer) writeChunk(ctx context.Context, m unitMsg) error {
	base := w.nextID
	fresh, err := w.freshMask(ctx, m.recs)
	if err != nil {
		return err
	}
	p := &w.pending
	if p.ids == nil {
		p.ids = map[string]struct{}{}
	}
	id := base
	groupLo := make([]int64, len(m.groups))
	groupHi := make([]int64, len(m.groups))
	for i := range groupLo {
		groupLo[i] = -1
	}
	for i := range m.recs {
		if !fresh[i] {
			w.unitDups++
			continue
		}
		rec := &m.recs[i]
		// The row is built when pending rows are written (buildRows), so
		// that the dictionary strings of many files are looked up together.
		p.events = append(p.events, pendingEvent{id: id, fileID: w.nextFileID, p: *rec})
		w.addRecord(id, rec.Record)
		if err := w.noteIssued(ctx, id, rec); err != nil {
			return err
		}
		if g := i / 64; groupLo[g] < 0 {
			groupLo[g] = id
			groupHi[g] = id
		} else {
			groupHi[g] = id
		}
		p.ids[rec.EventID] = struct{}{}
		if rec.Category == history.Insight {
			w.unitInsight++
		}
		w.unitAdded++
		w.txEvents++
		id++
	}
	for g, doc := range m.groups {
		if groupLo[g] < 0 || doc == "" {
			continue
		}
		for r := groupLo[g] >> 6; r <= groupHi[g]>>6; r++ {
			w.addDoc(r, doc)
		}
	}
	w.nextID = id
	if w.savepoint {
		// Rows of a unit under a savepoint go in now, so that rolling it
		// back undoes exactly them.
		return w.flushPending(ctx, true)
	}
	return w.flushFull(ctx)
}
