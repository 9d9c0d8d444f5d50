package ui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/trailview/trailview/history"
)

// pageSource reads pages of the query in force for a rowWindow: the
// store in the program, a slice in tests. fetch answers with a pageMsg
// carrying kind, anchor and limit.
type pageSource interface {
	fetch(kind pageKind, anchor history.Cursor, limit int) tea.Cmd
}

// rowWindow is a window onto the query's results: only a bounded buffer
// of rows around the screen is held, extended page by page with keyset
// cursors as the user scrolls, so a store of millions of events costs the
// same as a small one. Its methods take h, the rows on screen, because
// the header above the table grows and shrinks with its notices.
type rowWindow struct {
	rows   []history.Event
	base   int64 // position of rows[0] among all matches; -1 when unknown
	cursor int   // selected row, index into rows
	offset int   // first row on screen, index into rows

	atStart, atEnd bool // rows reach the newest / oldest match
	resetting      bool // a new query's first page is on its way

	loadingAfter, loadingBefore bool

	total      int64
	totalKnown bool
	atLeast    int64 // matches counted so far while the count runs

	keepID int64 // row to select again when the next reset arrives
}

// pageLimit is how many rows one fetch asks for: a few screens, so that
// scrolling draws from the buffer while the next page loads.
func pageLimit(h int) int { return max(3*h, 100) }

// maxRows bounds the buffer.
func maxRows(h int) int { return 4 * pageLimit(h) }

// scrollToCursor keeps the selection on screen.
func (w *rowWindow) scrollToCursor(h int) {
	if w.cursor < w.offset {
		w.offset = w.cursor
	}
	if w.cursor >= w.offset+h {
		w.offset = w.cursor - h + 1
	}
	w.offset = max(min(w.offset, len(w.rows)-h), 0)
}

// move shifts the selection by delta rows and fetches more rows when the
// selection nears either end of the buffer.
func (w *rowWindow) move(delta, h int, src pageSource) tea.Cmd {
	if len(w.rows) == 0 {
		return nil
	}
	w.cursor = max(min(w.cursor+delta, len(w.rows)-1), 0)
	w.scrollToCursor(h)
	return w.prefetch(h, src)
}

// page scrolls by delta rows, keeping the selection on the same screen
// line as less and k9s do.
func (w *rowWindow) page(delta, h int, src pageSource) tea.Cmd {
	if len(w.rows) == 0 {
		return nil
	}
	w.offset = max(w.offset+delta, 0)
	return w.move(delta, h, src)
}

// prefetch asks for the next or previous page when fewer than two screens
// of rows are left in the buffer on either side of the selection.
func (w *rowWindow) prefetch(h int, src pageSource) tea.Cmd {
	if len(w.rows) == 0 || w.resetting {
		return nil
	}
	var cmds []tea.Cmd
	if !w.atEnd && !w.loadingAfter && len(w.rows)-1-w.cursor < 2*h {
		w.loadingAfter = true
		cmds = append(cmds, src.fetch(pageAfter, w.rows[len(w.rows)-1].Cursor(), pageLimit(h)))
	}
	if !w.atStart && !w.loadingBefore && w.cursor < 2*h {
		w.loadingBefore = true
		cmds = append(cmds, src.fetch(pageBefore, w.rows[0].Cursor(), pageLimit(h)))
	}
	return tea.Batch(cmds...)
}

// top jumps to the newest match when the buffer holds it; ok is false
// when it does not, and the query must be read again from its start.
func (w *rowWindow) top(h int, src pageSource) (cmd tea.Cmd, ok bool) {
	if !w.atStart {
		return nil, false
	}
	w.cursor, w.offset = 0, 0
	return w.prefetch(h, src), true
}

// bottom jumps to the oldest match, reading the last page when the
// buffer does not reach it.
func (w *rowWindow) bottom(h int, src pageSource) tea.Cmd {
	if w.atEnd {
		w.cursor = max(len(w.rows)-1, 0)
		w.scrollToCursor(h)
		return w.prefetch(h, src)
	}
	w.resetting = true
	w.loadingAfter, w.loadingBefore = false, false
	return src.fetch(pageLast, history.Cursor{}, pageLimit(h))
}

// beginReset notes that a new query's first page is on its way: pages of
// the old one are no longer wanted, and its count is no longer the total.
func (w *rowWindow) beginReset() {
	w.resetting = true
	w.loadingAfter, w.loadingBefore = false, false
	w.total, w.totalKnown, w.atLeast = 0, false, 0
}

// failed forgets the pages in flight after a read failed.
func (w *rowWindow) failed() {
	w.resetting, w.loadingAfter, w.loadingBefore = false, false, false
}

// receive puts a page of the query in force into the buffer if it still
// belongs there (a page asked beside a row the buffer has dropped does
// not), then asks for the next one if the selection is near an end.
func (w *rowWindow) receive(msg pageMsg, h int, src pageSource) tea.Cmd {
	if msg.err != nil {
		w.failed()
		return nil
	}
	full := len(msg.events) >= msg.limit
	switch msg.kind {
	case pageReset:
		w.rows, w.base, w.cursor, w.offset = msg.events, 0, 0, 0
		w.atStart, w.atEnd, w.resetting = true, !full, false
		if w.keepID != 0 {
			w.selectID(w.keepID, h) // a refresh keeps the selection when it can
			w.keepID = 0
		}
	case pageLast:
		w.rows, w.cursor = msg.events, max(len(msg.events)-1, 0)
		w.atEnd, w.atStart, w.resetting = true, !full, false
		w.base = -1
		if w.atStart {
			w.base = 0
		} else if w.totalKnown {
			w.base = w.total - int64(len(w.rows))
		}
		w.offset = max(len(w.rows)-h, 0)
	case pageAfter:
		w.loadingAfter = false
		if w.resetting || len(w.rows) == 0 || w.rows[len(w.rows)-1].Cursor() != msg.anchor {
			return nil
		}
		w.appendOlder(msg.events, full, h)
	case pageBefore:
		w.loadingBefore = false
		if w.resetting || len(w.rows) == 0 || w.rows[0].Cursor() != msg.anchor {
			return nil
		}
		w.prependNewer(msg.events, full, h)
	}
	w.scrollToCursor(h)
	return w.prefetch(h, src)
}

// appendOlder adds a page below the buffer, dropping rows above the
// screen when the buffer grows past its bound.
func (w *rowWindow) appendOlder(events []history.Event, full bool, h int) {
	w.rows = append(w.rows, events...)
	w.atEnd = !full
	if over := len(w.rows) - maxRows(h); over > 0 {
		k := min(over, w.offset)
		w.rows = append([]history.Event(nil), w.rows[k:]...)
		w.cursor -= k
		w.offset -= k
		if w.base >= 0 {
			w.base += int64(k)
		}
		w.atStart = w.atStart && k == 0
	}
}

// prependNewer adds a page above the buffer, dropping rows below the
// screen when the buffer grows past its bound.
func (w *rowWindow) prependNewer(events []history.Event, full bool, h int) {
	n := len(events)
	w.rows = append(append([]history.Event(nil), events...), w.rows...)
	w.cursor += n
	w.offset += n
	w.atStart = !full
	if w.base >= 0 {
		w.base -= int64(n)
	}
	if w.atStart {
		w.base = 0
	}
	if over := len(w.rows) - maxRows(h); over > 0 {
		k := min(over, len(w.rows)-(w.offset+h))
		if k > 0 {
			w.rows = w.rows[:len(w.rows)-k]
			w.atEnd = false
		}
	}
}

// setTotal records the number of matches; a buffer read from the end
// learns its position from it.
func (w *rowWindow) setTotal(n int64) {
	w.total, w.totalKnown = n, true
	if w.base < 0 && w.atEnd {
		w.base = n - int64(len(w.rows))
	}
}

// setAtLeast records a lower bound of the matches while they are being
// counted.
func (w *rowWindow) setAtLeast(n int64) { w.atLeast = n }

// selected returns the selected row, or nil.
func (w *rowWindow) selected() *history.Event {
	if w.cursor < 0 || w.cursor >= len(w.rows) {
		return nil
	}
	return &w.rows[w.cursor]
}

// selectedID is the selected row's ID, 0 when there is none.
func (w *rowWindow) selectedID() int64 {
	if e := w.selected(); e != nil {
		return e.ID
	}
	return 0
}

// selectID moves the selection to the row with id if it is buffered.
func (w *rowWindow) selectID(id int64, h int) {
	for i := range w.rows {
		if w.rows[i].ID == id {
			w.cursor = i
			w.scrollToCursor(h)
			return
		}
	}
}

// following reports that the newest match is selected, settled: new
// events may then move the table, as tail -f would.
func (w *rowWindow) following() bool {
	return !w.resetting && w.atStart && w.base == 0 && w.cursor == 0
}

// matches is how many events the query matches: the count once it has
// arrived, else at least the rows read so far.
func (w *rowWindow) matches() (n int64, exact bool) {
	switch {
	case w.resetting:
		return 0, false
	case w.totalKnown:
		return w.total, true
	case w.atStart && w.atEnd:
		return int64(len(w.rows)), true
	case w.base >= 0:
		return w.base + int64(len(w.rows)), false
	}
	return int64(len(w.rows)), false
}

// snapshot is a copy that later pages cannot change.
func (w *rowWindow) snapshot() rowWindow {
	c := *w
	c.rows = append(w.rows[:0:0], w.rows...)
	return c
}
