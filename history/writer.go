package history

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/maphash"
	"path/filepath"
	"strings"
	"time"
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

	// Dictionary entries created in the open transaction (and, within it,
	// in the open savepoint), which must be forgotten if rolled back.
	txDict   map[dictKey]int64
	unitDict []dictKey

	// Event IDs inserted during this load, as hashes: a cheap first check
	// that spares most database probes when the store started empty.
	seed        maphash.Seed
	seen        map[uint64]struct{}
	unitSeen    []uint64
	storeWasNew bool

	pending pendingRows

	cur         *unit
	savepoint   bool
	unitStartID int64
	unitAdded   int64
	unitDups    int64
	unitInsight int64
}

const (
	commitEvents = 50_000
	commitEvery  = 2 * time.Second
	rowsPerStmt  = 64
)

func newWriter(ctx context.Context, s *Store, known *knownFiles, stats *loadStats) (*writer, error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	w := &writer{s: s, conn: conn, known: known, stats: stats, txDict: map[dictKey]int64{},
		seed: maphash.MakeSeed(), seen: map[uint64]struct{}{}}
	// A larger page cache for the writer: index pages are revisited
	// constantly during a load. 32 MiB, not more: SQLite's page cache lives
	// outside Go's heap, costs about 1.8x its size in resident memory, and a
	// 128 MiB cache was most of a 680 MB peak for no measurable speed.
	if _, err := conn.ExecContext(ctx, "PRAGMA cache_size = -32768"); err != nil {
		conn.Close()
		return nil, err
	}
	var maxID, maxFile sql.NullInt64
	if err := conn.QueryRowContext(ctx, "SELECT max(id) FROM events").Scan(&maxID); err != nil {
		conn.Close()
		return nil, err
	}
	if err := conn.QueryRowContext(ctx, "SELECT max(id) FROM files").Scan(&maxFile); err != nil {
		conn.Close()
		return nil, err
	}
	floor, err := s.idFloor(ctx, conn)
	if err != nil {
		conn.Close()
		return nil, err
	}
	w.nextID = alignToBlock(max(maxID.Int64+1, floor))
	w.nextFileID = maxFile.Int64 + 1
	w.storeWasNew = !maxID.Valid
	return w, nil
}

func (w *writer) close(ctx context.Context) error {
	var err error
	if w.tx != nil {
		err = w.commit()
	}
	if _, e := w.conn.ExecContext(context.Background(), "PRAGMA cache_size = -16384"); err == nil && e != nil && ctx.Err() == nil {
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
	w.conn.Close()
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
		id, err := w.dictID(ctx, KindDirectory, u.name[:i+1])
		if err != nil {
			return err
		}
		name, dir = u.name[i+1:], id
	}
	w.pending.files = append(w.pending.files, w.nextFileID, name, u.size, u.mtimeNS, sha, w.s.Now().UnixMicro(),
		u.records, w.unitAdded, dir)
	w.pending.fRows++
	w.nextFileID++
	for _, h := range w.unitSeen {
		w.seen[h] = struct{}{}
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
		row, res, err := w.eventRow(ctx, id, rec)
		if err != nil {
			return err
		}
		if g := i / 64; groupLo[g] < 0 {
			groupLo[g] = id
			groupHi[g] = id
		} else {
			groupHi[g] = id
		}
		p.ev = append(p.ev, row...)
		p.evRows++
		p.res = append(p.res, res...)
		p.resRows += len(res) / 6
		p.ids[rec.EventID] = struct{}{}
		w.countScope(row[3].(int64), row[4].(int64), row[5].(int64), rec.timeUS)
		if rec.Category == Insight {
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
func (w *writer) freshMask(ctx context.Context, recs []parsed) ([]bool, error) {
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
		h := maphash.String(w.seed, id)
		_, seenBefore := w.seen[h]
		if !seenBefore {
			for _, u := range w.unitSeen {
				if u == h {
					seenBefore = true
					break
				}
			}
		}
		if w.storeWasNew && !seenBefore {
			fresh[i] = true
			continue
		}
		probe = append(probe, EncodeID(id))
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
	for i := range recs {
		if fresh[i] {
			w.unitSeen = append(w.unitSeen, maphash.String(w.seed, recs[i].EventID))
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

// eventRow builds the events row and the resources rows of one record.
func (w *writer) eventRow(ctx context.Context, id int64, p *parsed) ([]any, []any, error) {
	e := &p.Event
	var err error
	ref := func(kind DictKind, v string, required bool) any {
		if err != nil || (v == "" && !required) {
			return nil
		}
		var x int64
		x, err = w.dictID(ctx, kind, v)
		return x
	}
	region := ref(KindRegion, e.Region, true)
	account := ref(KindAccount, e.Account, true)
	row := []any{
		id, EncodeID(e.EventID), p.timeUS, region, account, int64(e.Category), readOnlyValue(e.ReadOnly),
		ref(KindEventName, e.EventName, false), ref(KindEventSource, e.EventSource, false),
		ref(KindUsername, e.Username, false), ref(KindAccessKey, e.AccessKeyID, false),
		ref(KindErrorCode, e.ErrorCode, false), ref(KindSourceIP, e.SourceIP, false),
		ref(KindUserAgent, e.UserAgent, false), ref(KindEventType, e.EventType, false),
		ref(KindIdentityType, e.IdentityType, false), ref(KindIdentityARN, e.IdentityARN, false),
		nil, nil, int64(0), w.nextFileID, blockMarker,
	}
	w.addRecord(id, p.raw)
	if e.RequestID != "" {
		row[17] = EncodeID(e.RequestID)
	}
	if e.ResourcesFromAPI {
		row[19] = int64(flagResourcesFromAPI)
	}
	var res []any
	if len(e.Resources) > 0 {
		enc := make([]byte, 0, 4*len(e.Resources)+1)
		enc = binary.AppendUvarint(enc, uint64(len(e.Resources)))
		seenName := map[int64]bool{}
		seenType := map[int64]bool{}
		for _, r := range e.Resources {
			var typeID int64
			if r.Type != "" {
				if typeID, err = w.dictID(ctx, KindResourceType, r.Type); err != nil {
					return nil, nil, err
				}
			}
			nameID, err := w.dictID(ctx, KindResourceName, r.Name)
			if err != nil {
				return nil, nil, err
			}
			enc = binary.AppendUvarint(enc, uint64(typeID))
			enc = binary.AppendUvarint(enc, uint64(nameID))
			var nameCol, typeCol any
			if !seenName[nameID] {
				seenName[nameID] = true
				nameCol = nameID
			}
			if typeID != 0 && !seenType[typeID] {
				seenType[typeID] = true
				typeCol = typeID
			}
			if nameCol != nil || typeCol != nil {
				res = append(res, id, nameCol, typeCol, region, int64(e.Category), p.timeUS)
			}
		}
		row[18] = enc
	}
	return row, res, err
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
func (w *writer) dictID(ctx context.Context, kind DictKind, v string) (int64, error) {
	k := dictKey{kind, v}
	if id, ok := w.txDict[k]; ok {
		return id, nil
	}
	if id, ok := w.s.dicts.lookup(k); ok {
		return id, nil
	}
	sel, err := w.stmt(ctx, "SELECT id FROM dict WHERE kind = ? AND value = ?")
	if err != nil {
		return 0, err
	}
	var id int64
	err = sel.QueryRowContext(ctx, kind, v).Scan(&id)
	if err == nil {
		w.s.dicts.add(k, id)
		return id, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, err
	}
	ins, err := w.stmt(ctx, "INSERT INTO dict(kind, value) VALUES (?, ?)")
	if err != nil {
		return 0, err
	}
	res, err := ins.ExecContext(ctx, kind, v)
	if err != nil {
		return 0, fmt.Errorf("add to dictionary: %w", err)
	}
	if id, err = res.LastInsertId(); err != nil {
		return 0, err
	}
	w.txDict[k] = id
	if w.savepoint {
		w.unitDict = append(w.unitDict, k)
	}
	return id, nil
}
