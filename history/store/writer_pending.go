package store

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/trailview/trailview/history/record"
)

// pendingRows holds rows of completed single-chunk units until there are
// enough for full multi-row statements. A CloudTrail tree of a quiet
// account-Region has one or two events per five-minute file; writing each
// file's rows on their own costs several statements (and, for the
// full-text table, an index flush) per event.
type pendingRows struct {
	ev, resNames, resTypes, files     []any
	evRows, nameRows, typeRows, fRows int
	// blk gathers the records of the block being filled; blocks are the
	// finished ones, compressed in the background (blockJob) until their
	// rows are written.
	blk    blockBuilder
	blocks []*blockJob
	// events wait here until buildRows makes their rows; dict holds the
	// new dictionary rows (id, kind, value).
	events   []pendingEvent
	dict     []any
	dictRows int
	// docGroup is the 64-ID group whose full-text words are being
	// gathered in docWords. FTS5 writes its pending terms to disk whenever
	// a rowid does not increase, so each group gets one document, merged
	// from the chunks whose events fall in it, written once the IDs have
	// moved past it.
	docGroup int64
	docParts []string
	docs     []*docJob // finished documents, merged in the background
	// scopes sums the events added per Region, account and category.
	scopes map[scopeKey]*scopeSum
	// summary sums them per hour, and per value and day (summary_counts.go).
	summary summarySums
	// ids are the event IDs waiting here, so that a duplicate of one is
	// caught even though the database cannot see it yet.
	ids map[string]struct{}
}

const (
	wordsTable  = "words(rowid, w)"
	filesTable  = "files(id, path, size, mtime_ns, sha256, loaded_at, records, added, dir_id)"
	blocksTable = "blocks(id, z)"
	dictTable   = "dict(id, kind, value)"
)

// blockJob is a finished block being compressed on its own goroutine, so
// that compression, the largest cost of storing a record, stays off the
// writer goroutine that every row goes through.
type blockJob struct {
	id   int64
	done chan struct{}
	z    []byte
	err  error
}

func startBlockJob(id int64, recs [][]byte) *blockJob {
	j := &blockJob{id: id, done: make(chan struct{})}
	go func() {
		defer close(j.done)
		j.z, j.err = encodeBlock(recs)
	}()
	return j
}

// addRecord files the record of row id in the block being filled.
func (w *writer) addRecord(id int64, rec []byte) {
	if bid, recs := w.pending.blk.add(id, rec); recs != nil {
		w.pending.blocks = append(w.pending.blocks, startBlockJob(bid, recs))
	}
}

// closeBlock finishes the block being filled, partial or not, and moves
// the next row ID to the start of a fresh block: a block is written once.
func (w *writer) closeBlock() {
	if bid, recs := w.pending.blk.take(); recs != nil {
		w.pending.blocks = append(w.pending.blocks, startBlockJob(bid, recs))
	}
	w.nextID = alignToBlock(w.nextID)
}

// flushBlocks writes the finished blocks: all of them, or only whole
// statements' worth (blocks are large: a quarter of the usual rows).
func (w *writer) flushBlocks(ctx context.Context, all bool) error {
	return flushJobs(ctx, w, &w.pending.blocks, all, rowsPerStmt/4, blocksTable, (*blockJob).finished, func(j *blockJob) ([]any, error) {
		<-j.done
		if j.err != nil {
			return nil, fmt.Errorf("compress records: %w", j.err)
		}
		return []any{j.id, j.z}, nil
	})
}

// flushJobs inserts the rows of finished background jobs, in order, per
// rows at a time (or all of them); row gives a job's two values once it is
// done. Unless all, it leaves the rows for a later call when one of the
// next per jobs is still running: waiting for the newest block's
// compression held the writer, which every row goes through, 1.6 s of a
// 300k-event load on a busy machine. Past backlogJobs statements' worth it
// waits after all: each job holds its records and their uncompressed copy,
// and commits come only every 2 s or 50,000 events, so on a slow machine
// the backlog would otherwise grow with the input.
func flushJobs[J any](ctx context.Context, w *writer, jobs *[]J, all bool, per int, table string, finished func(J) bool, row func(J) ([]any, error)) error {
	for len(*jobs) >= per || (all && len(*jobs) > 0) {
		n := min(len(*jobs), per)
		if !all && len(*jobs) < backlogJobs*per && !allFinished((*jobs)[:n], finished) {
			return nil
		}
		args := make([]any, 0, 2*n)
		for _, j := range (*jobs)[:n] {
			vals, err := row(j)
			if err != nil {
				return err
			}
			args = append(args, vals...)
		}
		if err := w.insertRows(ctx, table, 2, n, args); err != nil {
			return err
		}
		rest := copy(*jobs, (*jobs)[n:])
		clear((*jobs)[rest:])
		*jobs = (*jobs)[:rest]
	}
	return nil
}

// backlogJobs is how many statements' worth of jobs a flush leaves
// running before it waits for the oldest.
const backlogJobs = 4

func allFinished[J any](jobs []J, finished func(J) bool) bool {
	for _, j := range jobs {
		if !finished(j) {
			return false
		}
	}
	return true
}

func (j *blockJob) finished() bool { return isClosed(j.done) }

func (j *docJob) finished() bool { return isClosed(j.done) }

func isClosed(c <-chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}

// pendingEvent is a new event whose row is not built yet.
type pendingEvent struct {
	id     int64
	fileID int64
	p      record.Parsed
}

type scopeKey struct{ region, account, cat int64 }

type scopeSum struct{ events, oldest, newest int64 }

// countScope adds one event to the pending scope sums.
func (w *writer) countScope(region, account, cat, timeUS int64) {
	p := &w.pending
	if p.scopes == nil {
		p.scopes = map[scopeKey]*scopeSum{}
	}
	k := scopeKey{region, account, cat}
	if sum := p.scopes[k]; sum != nil {
		sum.events++
		sum.oldest = min(sum.oldest, timeUS)
		sum.newest = max(sum.newest, timeUS)
		return
	}
	p.scopes[k] = &scopeSum{1, timeUS, timeUS}
}

// flushScopes writes the pending sums. It runs with the last rows, so a
// savepoint that undoes a unit's rows undoes its sums too.
func (w *writer) flushScopes(ctx context.Context) error {
	if len(w.pending.scopes) == 0 {
		return nil
	}
	st, err := w.stmt(ctx, `INSERT INTO scopes(region_id, account_id, cat, events, oldest_us, newest_us)
		VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT(region_id, account_id, cat) DO UPDATE SET events = events + excluded.events,
			oldest_us = min(oldest_us, excluded.oldest_us), newest_us = max(newest_us, excluded.newest_us)`)
	if err != nil {
		return err
	}
	for k, sum := range w.pending.scopes {
		if _, err := st.ExecContext(ctx, k.region, k.account, k.cat, sum.events, sum.oldest, sum.newest); err != nil {
			return fmt.Errorf("count events per Region: %w", err)
		}
	}
	clear(w.pending.scopes)
	return nil
}

// addDoc adds a full-text document to group r's.
func (w *writer) addDoc(r int64, doc string) {
	p := &w.pending
	if r != p.docGroup {
		w.emitDoc()
		p.docGroup = r
	}
	p.docParts = append(p.docParts, doc)
}

// docJob is the document of one 64-ID group. A group holds the events of
// many small files, each with its own document from its worker; merging
// them into one set of words runs on its own goroutine, off the writer.
type docJob struct {
	group int64
	done  chan struct{}
	doc   string
}

// emitDoc queues the gathered group document for insertion.
func (w *writer) emitDoc() {
	p := &w.pending
	if len(p.docParts) == 0 {
		return
	}
	j := &docJob{group: p.docGroup, done: make(chan struct{})}
	if len(p.docParts) == 1 {
		j.doc = p.docParts[0]
		close(j.done)
	} else {
		parts := append([]string(nil), p.docParts...)
		go func() {
			defer close(j.done)
			j.doc = mergeDocs(parts)
		}()
	}
	clear(p.docParts)
	p.docParts = p.docParts[:0]
	p.docs = append(p.docs, j)
}

// mergeDocs joins documents (words separated by single spaces, as
// chunkMsg writes them), keeping each word once.
func mergeDocs(parts []string) string {
	set := wordSetPool.Get().(*record.WordSet)
	defer wordSetPool.Put(set)
	set.Reset()
	for _, doc := range parts {
		for doc != "" {
			word, rest, _ := strings.Cut(doc, " ")
			doc = rest
			set.AddString(word)
		}
	}
	return string(set.Doc())
}

// wordSetPool serves mergeDocs, which runs on a goroutine per group.
var wordSetPool = sync.Pool{New: func() any { return new(record.WordSet) }}

// flushDocs writes the finished group documents: all of them, or only
// whole statements' worth.
func (w *writer) flushDocs(ctx context.Context, all bool) error {
	return flushJobs(ctx, w, &w.pending.docs, all, rowsPerStmt, wordsTable, (*docJob).finished, func(j *docJob) ([]any, error) {
		<-j.done
		return []any{j.group, j.doc}, nil
	})
}

// flushFull writes the tables whose buffers hold a full statement's rows.
func (w *writer) flushFull(ctx context.Context) error { // whole statements only
	return w.flushPending(ctx, false)
}

// flushPending writes buffered rows: all of them, or (full=false) only
// whole statements' worth.
func (w *writer) flushPending(ctx context.Context, all bool) error {
	p := &w.pending
	if all {
		w.emitDoc()
		w.closeBlock()
	}
	if err := w.flushBlocks(ctx, all); err != nil {
		return err
	}
	if err := w.flushDocs(ctx, all); err != nil {
		return err
	}
	for len(p.events) >= rowsPerStmt || (all && len(p.events) > 0) {
		n := min(len(p.events), rowsPerStmt)
		if err := w.buildRows(ctx, p.events[:n]); err != nil {
			return err
		}
		rest := copy(p.events, p.events[n:])
		clear(p.events[rest:])
		p.events = p.events[:rest]
	}
	type buf struct {
		table string
		cols  int
		args  *[]any
		rows  *int
	}
	for _, b := range []buf{
		{dictTable, 3, &p.dict, &p.dictRows},
		{eventsTable, eventsFixedColumns + len(lookupColumns), &p.ev, &p.evRows},
		{resNamesTable, 5, &p.resNames, &p.nameRows},
		{resTypesTable, 5, &p.resTypes, &p.typeRows},
		{filesTable, 9, &p.files, &p.fRows},
	} {
		for *b.rows >= rowsPerStmt || (all && *b.rows > 0) {
			n := min(*b.rows, rowsPerStmt)
			if err := w.insertRows(ctx, b.table, b.cols, n, (*b.args)[:n*b.cols]); err != nil {
				return err
			}
			rest := copy(*b.args, (*b.args)[n*b.cols:])
			clear((*b.args)[rest:])
			*b.args = (*b.args)[:rest]
			*b.rows -= n
		}
	}
	if all {
		clear(p.ids)
		if err := w.flushSummary(ctx); err != nil {
			return err
		}
		return w.flushScopes(ctx)
	}
	return nil
}
