package store

import (
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"path/filepath"
	"strings"
	"time"

	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/record"
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
	// The writer may build the event ID index mid-load
	// (checkStoreFromNowOn): its sort runs go to disk, as createIndexes'
	// do. In memory, 2M IDs' sort lifted a load's peak RSS from 240 to
	// 400 MB.
	if _, err := conn.ExecContext(ctx, "PRAGMA temp_store = FILE"); err != nil {
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
	if w.savepoint {
		if _, err := w.tx.ExecContext(ctx, "RELEASE unit"); err != nil {
			return err
		}
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
	if w.txEvents >= commitEvents || time.Since(w.txStarted) >= commitEvery {
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

// insertRows runs a multi-row INSERT: one statement for many rows costs far
// less than one per row through database/sql.
func (w *writer) insertRows(ctx context.Context, table string, cols, rows int, args []any) error {
	q := insertSQL(table, cols, rows)
	st, err := w.stmt(ctx, q)
	if err != nil {
		return err
	}
	if _, err := st.ExecContext(ctx, args...); err != nil {
		return fmt.Errorf("insert into %s: %w", strings.Fields(table)[0], err)
	}
	return nil
}

func insertSQL(table string, cols, rows int) string {
	var b strings.Builder
	b.WriteString("INSERT INTO ")
	b.WriteString(table)
	b.WriteString(" VALUES ")
	one := "(" + placeholders(cols) + ")"
	for i := 0; i < rows; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(one)
	}
	return b.String()
}

// freshMask reports which records are not yet in the store, nor earlier in
// this load or this chunk.
func (w *writer) freshMask(ctx context.Context, recs []record.Parsed) ([]bool, error) {
	fresh := make([]bool, len(recs))
	inChunk := make(map[string]bool, len(recs))
	var probe []any
	var probeIdx []int
	for i := range recs {
		id := recs[i].EventID
		if inChunk[id] {
			continue
		}
		inChunk[id] = true
		if _, waiting := w.pending.ids[id]; waiting {
			continue
		}
		if w.storeWasNew {
			k := w.eventKey(id)
			if _, dup := w.seen[k]; !dup {
				w.seen[k] = struct{}{}
				w.unitSeen = append(w.unitSeen, k)
				fresh[i] = true
			}
			continue
		}
		probe = append(probe, record.EncodeID(id))
		probeIdx = append(probeIdx, i)
	}
	for start := 0; start < len(probe); start += 500 {
		end := min(start+500, len(probe))
		existing, err := w.existingIDs(ctx, probe[start:end])
		if err != nil {
			return nil, err
		}
		for k := start; k < end; k++ {
			if !existing[string(probe[k].([]byte))] {
				fresh[probeIdx[k]] = true
			}
		}
	}
	return fresh, nil
}

func (w *writer) existingIDs(ctx context.Context, ids []any) (map[string]bool, error) {
	st, err := w.stmt(ctx, "SELECT event_id FROM events WHERE event_id IN ("+placeholders(len(ids))+")")
	if err != nil {
		return nil, err
	}
	rows, err := st.QueryContext(ctx, ids...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var b []byte
		if err := rows.Scan(&b); err != nil {
			return nil, err
		}
		out[string(b)] = true
	}
	return out, rows.Err()
}

// eventRow builds the events row and the resources rows of one pending
// event. Its dictionary strings were resolved by buildRows.
func (w *writer) eventRow(pe *pendingEvent, ids map[dictKey]int64) ([]any, []any) {
	id, p := pe.id, &pe.p
	e := &p.Event
	ref := func(kind dictKind, v string, required bool) any {
		if v == "" && !required {
			return nil
		}
		return ids[dictKey{kind, v}]
	}
	region := ref(kindRegion, e.Region, true)
	// The columns of eventsTable: the fixed ones, then the lookup columns.
	const requestCol, resCol, flagsCol = 5, 6, 7
	row := make([]any, eventsFixedColumns, eventsFixedColumns+len(lookupColumns))
	row[0], row[1], row[2], row[3], row[4] = id, record.EncodeID(e.EventID), p.TimeUS, int64(e.Category), readOnlyValue(e.ReadOnly)
	row[flagsCol], row[8], row[9] = int64(0), pe.fileID, blockMarker
	for _, c := range lookupColumns {
		row = append(row, ref(c.kind, *c.value(e), c.required))
	}
	if e.RequestID != "" {
		row[requestCol] = record.EncodeID(e.RequestID)
	}
	if e.ResourcesFromAPI {
		row[flagsCol] = int64(flagResourcesFromAPI)
	}
	var res []any
	if len(e.Resources) > 0 {
		enc := make([]byte, 0, 4*len(e.Resources)+1)
		enc = binary.AppendUvarint(enc, uint64(len(e.Resources)))
		var seenName, seenType map[int64]bool
		for _, r := range e.Resources {
			var typeID int64
			if r.Type != "" {
				typeID = ids[dictKey{kindResourceType, r.Type}]
			}
			nameID := ids[dictKey{kindResourceName, r.Name}]
			enc = binary.AppendUvarint(enc, uint64(typeID))
			enc = binary.AppendUvarint(enc, uint64(nameID))
			var nameCol, typeCol any
			if seenName == nil {
				seenName, seenType = map[int64]bool{}, map[int64]bool{}
			}
			if !seenName[nameID] {
				seenName[nameID] = true
				nameCol = nameID
			}
			if typeID != 0 && !seenType[typeID] {
				seenType[typeID] = true
				typeCol = typeID
			}
			if nameCol != nil || typeCol != nil {
				res = append(res, id, nameCol, typeCol, region, int64(e.Category), p.TimeUS)
			}
		}
		row[resCol] = enc
	}
	return row, res
}

// eventKeys lists the dictionary strings of a pending event.
func eventKeys(p *record.Parsed, add func(dictKey)) {
	e := &p.Event
	for _, c := range lookupColumns {
		if v := *c.value(e); v != "" || c.required {
			add(dictKey{c.kind, v})
		}
	}
	for _, r := range e.Resources {
		if r.Type != "" {
			add(dictKey{kindResourceType, r.Type})
		}
		add(dictKey{kindResourceName, r.Name})
	}
}

// buildRows turns pending events into rows: their dictionary strings are
// resolved together (dictIDs), then each row is built from the answers.
func (w *writer) buildRows(ctx context.Context, events []pendingEvent) error {
	ids := map[dictKey]int64{}
	var keys []dictKey
	for i := range events {
		eventKeys(&events[i].p, func(k dictKey) {
			if _, ok := ids[k]; !ok {
				ids[k] = 0
				keys = append(keys, k)
			}
		})
	}
	if err := w.dictIDs(ctx, keys, ids); err != nil {
		return err
	}
	p := &w.pending
	for i := range events {
		row, res := w.eventRow(&events[i], ids)
		p.ev = append(p.ev, row...)
		p.evRows++
		p.res = append(p.res, res...)
		p.resRows += len(res) / 6
		e := &events[i].p.Event
		w.countScope(ids[dictKey{kindRegion, e.Region}], ids[dictKey{kindAccount, e.Account}], int64(e.Category), events[i].p.TimeUS)
	}
	return nil
}

const flagResourcesFromAPI = 1

func readOnlyValue(s string) any {
	switch s {
	case "true":
		return int64(1)
	case "false":
		return int64(0)
	}
	return nil
}

// dictID returns the ID of a string, adding it to the dictionary if new.
func (w *writer) dictID(ctx context.Context, kind dictKind, v string) (int64, error) {
	k := dictKey{kind, v}
	ids := map[dictKey]int64{k: 0}
	if err := w.dictIDs(ctx, []dictKey{k}, ids); err != nil {
		return 0, err
	}
	return ids[k], nil
}

// dictLookupBatch is how many strings of one kind one query looks up.
const dictLookupBatch = 128

// dictIDs fills ids with the ID of every key, adding the strings the store
// does not hold yet. Strings this transaction added are in txDict, the
// committed ones the store has used lately in its cache; the rest are
// looked up kind by kind, many per query, and the new ones get the next IDs
// and wait in the pending rows like the events. One query per string (and
// one insert per new string) was a fifth of a load's time on the writer.
func (w *writer) dictIDs(ctx context.Context, keys []dictKey, ids map[dictKey]int64) error {
	byKind := map[dictKind][]string{}
	for _, k := range keys {
		if id, ok := w.txDict[k]; ok {
			ids[k] = id
			continue
		}
		if id, ok := w.s.dicts.lookup(k); ok {
			ids[k] = id
			continue
		}
		if w.dictWasNew {
			if _, maybe := w.dictSeen[dictHash(w.seed[0], k)]; !maybe {
				w.newDictID(k, ids)
				continue
			}
		}
		byKind[k.kind] = append(byKind[k.kind], k.value)
	}
	if len(byKind) == 0 {
		return nil
	}
	st, err := w.stmt(ctx, "SELECT id, value FROM dict WHERE kind = ? AND value IN ("+placeholders(dictLookupBatch)+")")
	if err != nil {
		return err
	}
	args := make([]any, dictLookupBatch+1)
	for kind, values := range byKind {
		for start := 0; start < len(values); start += dictLookupBatch {
			chunk := values[start:min(start+dictLookupBatch, len(values))]
			args[0] = kind
			for i := range dictLookupBatch {
				// Short lists repeat their first value: one prepared
				// statement serves every size.
				args[i+1] = chunk[0]
				if i < len(chunk) {
					args[i+1] = chunk[i]
				}
			}
			if err := w.readDictIDs(ctx, st, kind, args, ids); err != nil {
				return err
			}
		}
		for _, v := range values {
			if k := (dictKey{kind, v}); ids[k] == 0 {
				w.newDictID(k, ids)
			}
		}
	}
	return nil
}

// newDictID gives k the next dictionary ID and queues its row.
func (w *writer) newDictID(k dictKey, ids map[dictKey]int64) {
	id := w.nextDictID
	w.nextDictID++
	w.pending.dict = append(w.pending.dict, id, int64(k.kind), k.value)
	w.pending.dictRows++
	ids[k] = id
	w.txDict[k] = id
	if w.savepoint {
		w.unitDict = append(w.unitDict, k)
	}
	if w.dictWasNew {
		if len(w.dictSeen) >= seenLimit {
			w.dictWasNew, w.dictSeen = false, nil
			return
		}
		w.dictSeen[dictHash(w.seed[0], k)] = struct{}{}
	}
}

func dictHash(seed maphash.Seed, k dictKey) uint64 {
	var h maphash.Hash
	h.SetSeed(seed)
	h.WriteByte(byte(k.kind))
	h.WriteString(k.value)
	return h.Sum64()
}

func (w *writer) readDictIDs(ctx context.Context, st *sql.Stmt, kind dictKind, args []any, ids map[dictKey]int64) error {
	rows, err := st.QueryContext(ctx, args...)
	if err != nil {
		return fmt.Errorf("read dictionary: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var v string
		if err := rows.Scan(&id, &v); err != nil {
			return fmt.Errorf("read dictionary: %w", err)
		}
		k := dictKey{kind, v}
		ids[k] = id
		w.s.dicts.add(k, id)
	}
	return rows.Err()
}
