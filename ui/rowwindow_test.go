package ui

import (
	"errors"
	"fmt"
	"strconv"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/trailview/trailview/history"
)

// fakePages is a query's matches held in memory, newest first, with the
// store's paging semantics. Its events carry no stored time, so their
// cursors order by event ID alone: event i (0 = newest) has ID n-i, and
// an event ID of those digits, zero-padded so that text order is number
// order.
type fakePages struct {
	events []history.Event
	asked  []pageKind
}

func newFakePages(n int) *fakePages {
	f := &fakePages{}
	for i := 0; i < n; i++ {
		f.events = append(f.events, history.Event{ID: int64(n - i), EventID: fmt.Sprintf("%08d", n-i)})
	}
	return f
}

func (f *fakePages) index(c history.Cursor) int {
	id, err := strconv.Atoi(c.EventID)
	if err != nil {
		panic(fmt.Sprintf("cursor %+v is not one of the fake's events", c))
	}
	return len(f.events) - id
}

func (f *fakePages) fetch(kind pageKind, anchor history.Cursor, limit int) tea.Cmd {
	f.asked = append(f.asked, kind)
	n := len(f.events)
	var page []history.Event
	switch kind {
	case pageReset:
		page = f.events[:min(limit, n)]
	case pageAfter:
		i := f.index(anchor)
		page = f.events[i+1 : min(i+1+limit, n)]
	case pageBefore:
		i := f.index(anchor)
		page = f.events[max(i-limit, 0):i]
	case pageLast:
		page = f.events[max(n-limit, 0):]
	}
	page = append([]history.Event(nil), page...)
	return func() tea.Msg { return pageMsg{kind: kind, anchor: anchor, limit: limit, events: page} }
}

// deliver runs cmd and hands every page it answers to w, with the pages
// those ask for in turn, as the program's loop would.
func (f *fakePages) deliver(t *testing.T, w *rowWindow, h int, cmd tea.Cmd) {
	t.Helper()
	if cmd == nil {
		return
	}
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			f.deliver(t, w, h, c)
		}
	case pageMsg:
		f.deliver(t, w, h, w.receive(msg, h, f))
	case nil:
	default:
		t.Fatalf("unexpected message %T", msg)
	}
}

// position is the selected row's place among all matches, from 0.
func (w *rowWindow) position() int64 { return w.base + int64(w.cursor) }

// checkWindow asserts the invariants that hold whenever the window is
// settled: the selection is the match at its position and on screen,
// and the buffer is bounded.
func checkWindow(t *testing.T, f *fakePages, w *rowWindow, h int) {
	t.Helper()
	if len(w.rows) > maxRows(h) {
		t.Fatalf("buffer of %d rows, bound %d", len(w.rows), maxRows(h))
	}
	if w.base < 0 {
		t.Fatalf("position unknown: base %d", w.base)
	}
	if got, want := w.selectedID(), f.events[w.position()].ID; got != want {
		t.Fatalf("row at position %d has ID %d, want %d", w.position(), got, want)
	}
	if w.cursor < w.offset || w.cursor >= w.offset+h {
		t.Fatalf("selection %d off screen (offset %d, height %d)", w.cursor, w.offset, h)
	}
}

// TestRowWindowWalksEveryRow: moving down one row at a time from the
// newest match reaches the oldest, seeing every match once, in order,
// with the buffer bounded; and back up to the newest.
func TestRowWindowWalksEveryRow(t *testing.T) {
	const n, h = 2000, 20
	f := newFakePages(n)
	var w rowWindow
	w.beginReset()
	f.deliver(t, &w, h, f.fetch(pageReset, history.Cursor{}, pageLimit(h)))
	if !w.atStart || w.atEnd || w.selectedID() != n {
		t.Fatalf("first page: atStart %v atEnd %v selected %d", w.atStart, w.atEnd, w.selectedID())
	}
	for i := 1; i < n; i++ {
		f.deliver(t, &w, h, w.move(1, h, f))
		checkWindow(t, f, &w, h)
		if w.position() != int64(i) {
			t.Fatalf("after %d moves at position %d", i, w.position())
		}
	}
	if !w.atEnd {
		t.Fatal("the oldest match is selected but the window does not know it is at the end")
	}
	f.deliver(t, &w, h, w.move(1, h, f))
	if w.position() != n-1 {
		t.Fatalf("moved past the oldest match to %d", w.position())
	}
	for i := n - 2; i >= 0; i-- {
		f.deliver(t, &w, h, w.move(-1, h, f))
		checkWindow(t, f, &w, h)
	}
	if !w.atStart || w.position() != 0 {
		t.Fatalf("back at the top: atStart %v position %d", w.atStart, w.position())
	}
}

// TestRowWindowBottomAndTop: bottom reads the last page at once instead
// of walking there; its position comes from the count; top without the
// newest rows asks for the query again.
func TestRowWindowBottomAndTop(t *testing.T) {
	const n, h = 1000, 10
	f := newFakePages(n)
	var w rowWindow
	w.beginReset()
	f.deliver(t, &w, h, f.fetch(pageReset, history.Cursor{}, pageLimit(h)))
	f.asked = nil
	f.deliver(t, &w, h, w.bottom(h, f))
	if len(f.asked) == 0 || f.asked[0] != pageLast {
		t.Fatalf("bottom asked for %v, want the last page first", f.asked)
	}
	if !w.atEnd || w.selectedID() != 1 {
		t.Fatalf("after bottom: atEnd %v selected %d", w.atEnd, w.selectedID())
	}
	if w.base != -1 {
		t.Fatalf("position claimed (%d) before the count arrived", w.base)
	}
	w.setTotal(n)
	checkWindow(t, f, &w, h)
	if w.position() != n-1 {
		t.Fatalf("bottom at position %d, want %d", w.position(), n-1)
	}
	if _, ok := w.top(h, f); ok {
		t.Fatal("top claims the newest row, which the buffer does not hold")
	}
	for w.position() > 0 {
		f.deliver(t, &w, h, w.page(-h, h, f))
		checkWindow(t, f, &w, h)
	}
	if _, ok := w.top(h, f); !ok || w.cursor != 0 || w.offset != 0 {
		t.Fatalf("top with the newest rows buffered: ok %v cursor %d offset %d", ok, w.cursor, w.offset)
	}
}

// TestRowWindowDropsStalePages: a page asked beside a row the buffer no
// longer ends with, or arriving while a new query's first page is on its
// way, is dropped rather than spliced in at the wrong place.
func TestRowWindowDropsStalePages(t *testing.T) {
	const n, h = 500, 10
	f := newFakePages(n)
	var w rowWindow
	w.beginReset()
	f.deliver(t, &w, h, f.fetch(pageReset, history.Cursor{}, pageLimit(h)))
	rows := len(w.rows)
	stale := f.fetch(pageAfter, f.events[3].Cursor(), pageLimit(h))().(pageMsg)
	w.receive(stale, h, f)
	if len(w.rows) != rows {
		t.Fatalf("a page after row 3 was added to a buffer ending at row %d", rows-1)
	}
	after := f.fetch(pageAfter, w.rows[len(w.rows)-1].Cursor(), pageLimit(h))().(pageMsg)
	w.beginReset()
	w.receive(after, h, f)
	if len(w.rows) != rows {
		t.Fatal("a page of the old query was added while the new one loads")
	}
	failed := pageMsg{kind: pageReset, err: errors.New("disk on fire")}
	w.receive(failed, h, f)
	if w.resetting || w.loadingAfter || w.loadingBefore {
		t.Fatal("a failed page left the window waiting")
	}
}

// TestRowWindowKeepsSelectionAndScreenLine: a reset selects the kept row
// again, and paging keeps the selection on its screen line.
func TestRowWindowKeepsSelectionAndScreenLine(t *testing.T) {
	const n, h = 500, 10
	f := newFakePages(n)
	var w rowWindow
	w.keepID = f.events[7].ID
	w.beginReset()
	f.deliver(t, &w, h, f.fetch(pageReset, history.Cursor{}, pageLimit(h)))
	if w.position() != 7 || w.keepID != 0 {
		t.Fatalf("after the reset at position %d (keepID %d), want 7", w.position(), w.keepID)
	}
	line := w.cursor - w.offset
	f.deliver(t, &w, h, w.page(h, h, f))
	if w.position() != 7+h || w.cursor-w.offset != line {
		t.Fatalf("page down: position %d on line %d, want %d on line %d", w.position(), w.cursor-w.offset, 7+h, line)
	}
}

// TestRowWindowMatches: how many events an export of "all matches" would
// write, before and after the count arrives.
func TestRowWindowMatches(t *testing.T) {
	const h = 10
	f := newFakePages(500)
	var w rowWindow
	w.beginReset()
	if n, exact := w.matches(); n != 0 || exact {
		t.Fatalf("while resetting: %d %v", n, exact)
	}
	f.deliver(t, &w, h, f.fetch(pageReset, history.Cursor{}, pageLimit(h)))
	if n, exact := w.matches(); exact || n != int64(len(w.rows)) {
		t.Fatalf("before the count: %d %v, want at least %d", n, exact, len(w.rows))
	}
	w.setTotal(500)
	if n, exact := w.matches(); !exact || n != 500 {
		t.Fatalf("after the count: %d %v", n, exact)
	}
	small := newFakePages(5)
	var s rowWindow
	s.beginReset()
	small.deliver(t, &s, h, small.fetch(pageReset, history.Cursor{}, pageLimit(h)))
	if n, exact := s.matches(); !exact || n != 5 {
		t.Fatalf("a query read whole: %d %v", n, exact)
	}
}
