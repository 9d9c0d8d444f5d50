package history

import (
	"context"
	"strings"
)

// pendingRows holds rows of completed single-chunk units until there are
// enough for full multi-row statements. A CloudTrail tree of a quiet
// account-Region has one or two events per five-minute file; writing each
// file's rows on their own costs several statements (and, for the
// full-text table, an index flush) per event.
type pendingRows struct {
	ev, res, fts, files             []any
	evRows, resRows, ftsRows, fRows int
	// docGroup is the 64-ID group whose full-text words are being
	// gathered in docWords. FTS5 writes its pending terms to disk whenever
	// a rowid does not increase, so each group gets one document, merged
	// from the chunks whose events fall in it, written once the IDs have
	// moved past it.
	docGroup int64
	docWords map[string]struct{}
	// ids are the event IDs waiting here, so that a duplicate of one is
	// caught even though the database cannot see it yet.
	ids map[string]struct{}
}

const (
	eventsTable    = "events"
	resourcesTable = "resources(event, name_id, type_id, region_id, cat, time_us)"
	wordsTable     = "words(rowid, w)"
	filesTable     = "files(id, path, size, mtime_ns, sha256, loaded_at, records, added)"
)

// addDoc merges a full-text document into group r's.
func (w *writer) addDoc(r int64, doc string) {
	p := &w.pending
	if p.docWords == nil {
		p.docWords = map[string]struct{}{}
	}
	if r != p.docGroup {
		w.emitDoc()
		p.docGroup = r
	}
	for _, word := range strings.Fields(doc) {
		p.docWords[word] = struct{}{}
	}
}

// emitDoc queues the gathered group document for insertion.
func (w *writer) emitDoc() {
	p := &w.pending
	if len(p.docWords) == 0 {
		return
	}
	var b strings.Builder
	for word := range p.docWords {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(word)
	}
	clear(p.docWords)
	p.fts = append(p.fts, p.docGroup, b.String())
	p.ftsRows++
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
	}
	type buf struct {
		table string
		cols  int
		args  *[]any
		rows  *int
	}
	for _, b := range []buf{
		{eventsTable, 22, &p.ev, &p.evRows},
		{resourcesTable, 6, &p.res, &p.resRows},
		{wordsTable, 2, &p.fts, &p.ftsRows},
		{filesTable, 8, &p.files, &p.fRows},
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
	}
	return nil
}
