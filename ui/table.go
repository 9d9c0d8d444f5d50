package ui

import (
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/trailview/trailview/history"
)

// tableState is a window onto the query's results: only a bounded buffer
// of rows around the screen is held, extended page by page with keyset
// cursors as the user scrolls, so a store of millions of events costs the
// same as a small one.
type tableState struct {
	rows   []history.Event
	base   int64 // position of rows[0] among all matches; -1 when unknown
	cursor int   // selected row, index into rows
	offset int   // first row on screen, index into rows

	atStart, atEnd bool // rows reach the newest / oldest match
	resetting      bool // a new query's first page is on its way

	loadingAfter, loadingBefore bool

	total      int64
	totalKnown bool

	keepID int64 // row to select again when the next reset arrives

	needs needCache // the columns' content widths over rows
}

// tableTop is the number of screen lines above the table's rows.
func (m *Model) tableTop() int { return len(m.headerLines()) + 1 }

// tableHeight is the number of rows on screen.
func (m *Model) tableHeight() int {
	return max(m.height-m.tableTop()-2, 1) // status and help lines below
}

// pageLimit is how many rows one fetch asks for: a few screens, so that
// scrolling draws from the buffer while the next page loads.
func (m *Model) pageLimit() int { return max(3*m.tableHeight(), 100) }

// maxRows bounds the buffer.
func (m *Model) maxRows() int { return 4 * m.pageLimit() }

// layout keeps the cursor on screen after a resize.
func (m *Model) layout() {
	m.scrollToCursor()
	m.filter.setWidth(m.width)
}

func (m *Model) scrollToCursor() {
	t := &m.tbl
	h := m.tableHeight()
	if t.cursor < t.offset {
		t.offset = t.cursor
	}
	if t.cursor >= t.offset+h {
		t.offset = t.cursor - h + 1
	}
	t.offset = max(min(t.offset, len(t.rows)-h), 0)
}

// move shifts the selection by delta rows and fetches more rows when the
// selection nears either end of the buffer.
func (m *Model) move(delta int) tea.Cmd {
	t := &m.tbl
	if len(t.rows) == 0 {
		return nil
	}
	t.cursor = max(min(t.cursor+delta, len(t.rows)-1), 0)
	m.scrollToCursor()
	return m.prefetch()
}

// page scrolls by delta rows, keeping the selection on the same screen
// line as less and k9s do.
func (m *Model) page(delta int) tea.Cmd {
	t := &m.tbl
	if len(t.rows) == 0 {
		return nil
	}
	t.offset = max(t.offset+delta, 0)
	return m.move(delta)
}

// prefetch asks for the next or previous page when fewer than two screens
// of rows are left in the buffer on either side of the selection.
func (m *Model) prefetch() tea.Cmd {
	t := &m.tbl
	if len(t.rows) == 0 || t.resetting || !m.started {
		return nil
	}
	h := m.tableHeight()
	var cmds []tea.Cmd
	withRaw := m.activeCols().needsRaw()
	q := m.q.query()
	if !t.atEnd && !t.loadingAfter && len(t.rows)-1-t.cursor < 2*h {
		t.loadingAfter = true
		cmds = append(cmds, fetchPage(m.queryCtx(), m.st, q, m.seq, pageAfter, t.rows[len(t.rows)-1].Cursor(), m.pageLimit(), withRaw))
	}
	if !t.atStart && !t.loadingBefore && t.cursor < 2*h {
		t.loadingBefore = true
		cmds = append(cmds, fetchPage(m.queryCtx(), m.st, q, m.seq, pageBefore, t.rows[0].Cursor(), m.pageLimit(), withRaw))
	}
	return tea.Batch(cmds...)
}

// top jumps to the newest match.
func (m *Model) top() tea.Cmd {
	t := &m.tbl
	if t.atStart {
		t.cursor, t.offset = 0, 0
		return m.prefetch()
	}
	return m.requery()
}

// bottom jumps to the oldest match.
func (m *Model) bottom() tea.Cmd {
	t := &m.tbl
	if t.atEnd {
		t.cursor = max(len(t.rows)-1, 0)
		m.scrollToCursor()
		return m.prefetch()
	}
	t.resetting = true
	t.loadingAfter, t.loadingBefore = false, false
	return fetchPage(m.queryCtx(), m.st, m.q.query(), m.seq, pageLast, history.Cursor{}, m.pageLimit(), m.activeCols().needsRaw())
}

// handlePage puts a page into the buffer if it still belongs there.
func (m *Model) handlePage(msg pageMsg) tea.Cmd {
	if msg.seq != m.seq {
		return nil
	}
	t := &m.tbl
	if msg.err != nil {
		t.resetting, t.loadingAfter, t.loadingBefore = false, false, false
		if msg.err != nil && m.queryCtx().Err() == nil {
			m.setStatus("reading events: "+msg.err.Error(), true)
		}
		return nil
	}
	full := len(msg.events) >= msg.limit
	switch msg.kind {
	case pageReset:
		t.rows, t.base, t.cursor, t.offset = msg.events, 0, 0, 0
		t.atStart, t.atEnd, t.resetting = true, !full, false
		if t.keepID != 0 {
			m.selectID(t.keepID) // a refresh keeps the selection when it can
			t.keepID = 0
		}
	case pageLast:
		t.rows, t.cursor = msg.events, max(len(msg.events)-1, 0)
		t.atEnd, t.atStart, t.resetting = true, !full, false
		t.base = -1
		if t.atStart {
			t.base = 0
		} else if t.totalKnown {
			t.base = t.total - int64(len(t.rows))
		}
		t.offset = max(len(t.rows)-m.tableHeight(), 0)
	case pageAfter:
		t.loadingAfter = false
		if t.resetting || len(t.rows) == 0 || t.rows[len(t.rows)-1].Cursor() != msg.anchor {
			return nil
		}
		t.rows = append(t.rows, msg.events...)
		t.atEnd = !full
		if over := len(t.rows) - m.maxRows(); over > 0 {
			k := min(over, t.offset)
			t.rows = append([]history.Event(nil), t.rows[k:]...)
			t.cursor -= k
			t.offset -= k
			if t.base >= 0 {
				t.base += int64(k)
			}
			t.atStart = t.atStart && k == 0
		}
	case pageBefore:
		t.loadingBefore = false
		if t.resetting || len(t.rows) == 0 || t.rows[0].Cursor() != msg.anchor {
			return nil
		}
		n := len(msg.events)
		t.rows = append(append([]history.Event(nil), msg.events...), t.rows...)
		t.cursor += n
		t.offset += n
		t.atStart = !full
		if t.base >= 0 {
			t.base -= int64(n)
		}
		if t.atStart {
			t.base = 0
		}
		if over := len(t.rows) - m.maxRows(); over > 0 {
			k := min(over, len(t.rows)-(t.offset+m.tableHeight()))
			if k > 0 {
				t.rows = t.rows[:len(t.rows)-k]
				t.atEnd = false
			}
		}
	}
	m.scrollToCursor()
	return m.prefetch()
}

// selected returns the selected row, or nil.
func (m *Model) selected() *history.Event {
	t := &m.tbl
	if t.cursor < 0 || t.cursor >= len(t.rows) {
		return nil
	}
	return &t.rows[t.cursor]
}

func (m *Model) selectedID() int64 {
	if e := m.selected(); e != nil {
		return e.ID
	}
	return 0
}

// selectID moves the selection to the row with id if it is buffered.
func (m *Model) selectID(id int64) {
	for i := range m.tbl.rows {
		if m.tbl.rows[i].ID == id {
			m.tbl.cursor = i
			m.scrollToCursor()
			return
		}
	}
}

// toggleMark marks or unmarks the selected row for compare and export.
func (m *Model) toggleMark() {
	e := m.selected()
	if e == nil {
		return
	}
	if m.markSet[e.ID] {
		delete(m.markSet, e.ID)
		for i, id := range m.marked {
			if id == e.ID {
				m.marked = append(m.marked[:i], m.marked[i+1:]...)
				break
			}
		}
		return
	}
	m.markSet[e.ID] = true
	m.marked = append(m.marked, e.ID)
}

func (m *Model) clearMarks() {
	m.marked = nil
	m.markSet = map[int64]bool{}
}

// location is the zone times are shown in.
func (m *Model) location() *time.Location {
	if m.localTime {
		return m.opts.Local
	}
	return time.UTC
}

// gutterWidth is the cells left of the first column: the selection or
// mark glyph, the failed-call glyph, a space.
const gutterWidth = 3

// Row glyphs, drawn in the gutter so that they show without colour
// (NO_COLOR, monochrome terminals); the help screen explains them.
const (
	glyphCursor = "▸"
	glyphMarked = "✓"
	glyphFailed = "✗" // the call failed: the record has an errorCode
)

// tableLegend explains the table's glyphs on the help screen.
func tableLegend() []string {
	return []string{
		"Row marks: " + glyphCursor + " selected   " + glyphMarked + " marked (space)   " +
			glyphFailed + " failed call: errorCode set (also red)",
		hiddenMarker(2) + " after the column titles: 2 columns hidden to the right (widen the window, or c)",
	}
}

// renderTable draws the column titles and the visible rows, exactly
// height lines.
func (m *Model) renderTable(height int) []string {
	cols := m.activeCols().shown()
	loc := m.location()
	fit := fitColumns(cols, m.columnNeeds(cols, loc), m.width-gutterWidth)
	lines := make([]string, 0, height)
	var b strings.Builder
	b.WriteString(strings.Repeat(" ", gutterWidth))
	for i, w := range fit.widths {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(pad(cols[i].title, w))
	}
	if fit.hidden > 0 {
		b.WriteString(" " + hiddenMarker(fit.hidden))
	}
	lines = append(lines, m.styles.ColumnTitle.Render(b.String()))
	t := &m.tbl
	rows := height - 1
	for i := t.offset; i < len(t.rows) && len(lines) < height; i++ {
		e := &t.rows[i]
		b.Reset()
		b.WriteString(m.rowGutter(i, e))
		for j, v := range rowCells(cols[:len(fit.widths)], e, loc) {
			if j > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(pad(v, fit.widths[j]))
		}
		line := b.String()
		switch {
		case m.loadingQuery():
			line = m.styles.Dim.Render(line) // the previous query's rows: not the answer
		case i == t.cursor:
			line = m.styles.SelectedRow.Render(line)
		case m.markSet[e.ID]:
			line = m.styles.MarkedRow.Render(line)
		case e.ErrorCode != "":
			line = m.styles.Error.Render(line)
		}
		lines = append(lines, line)
	}
	if len(t.rows) == 0 && rows > 0 {
		msg := []string{"Loading events…"}
		if !t.resetting && m.started {
			msg = m.emptyHint()
		}
		for _, l := range msg {
			if len(lines) < height {
				lines = append(lines, m.styles.Dim.Render(truncate("  "+Sanitize(l), m.width)))
			}
		}
	}
	for len(lines) < height {
		lines = append(lines, "")
	}
	return lines
}

// rowGutter is the row's glyphs: selected or marked, then failed.
func (m *Model) rowGutter(i int, e *history.Event) string {
	g := " "
	switch {
	case m.markSet[e.ID]:
		g = glyphMarked
	case i == m.tbl.cursor:
		g = glyphCursor
	}
	if e.ErrorCode != "" {
		return g + glyphFailed + " "
	}
	return g + "  "
}

// pad truncates s to w cells with an ellipsis, or pads it with spaces.
func pad(s string, w int) string {
	if w <= 0 {
		return ""
	}
	sw := ansi.StringWidth(s)
	if sw > w {
		s = ansi.Truncate(s, w, "…")
		sw = ansi.StringWidth(s)
	}
	if sw < w {
		s += strings.Repeat(" ", w-sw)
	}
	return s
}

// truncate shortens s to w cells with an ellipsis.
func truncate(s string, w int) string {
	if ansi.StringWidth(s) <= w {
		return s
	}
	return ansi.Truncate(s, max(w, 0), "…")
}
