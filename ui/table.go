package ui

import (
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/trailview/trailview/history"
)

// tableTop is the number of screen lines above the table's rows.
func (m *Model) tableTop() int { return len(m.headerLines()) + 1 }

// tableHeight is the number of rows on screen.
func (m *Model) tableHeight() int {
	return max(m.height-m.tableTop()-2, 1) // status and help lines below
}

// pageLimit is how many rows one fetch asks for.
func (m *Model) pageLimit() int { return pageLimit(m.tableHeight()) }

// maxRows bounds the row buffer.
func (m *Model) maxRows() int { return maxRows(m.tableHeight()) }

// storePages reads the row window's pages of the query in force from the
// store, tagged with its sequence number and under its context.
type storePages struct{ m *Model }

func (s storePages) fetch(kind pageKind, anchor history.Cursor, limit int) tea.Cmd {
	m := s.m
	return fetchPage(m.queryCtx(), m.st, m.q.query(), m.seq, kind, anchor, limit, m.activeCols().needsRaw())
}

// layout keeps the cursor on screen after a resize.
func (m *Model) layout() {
	m.tbl.scrollToCursor(m.tableHeight())
}

// move shifts the selection by delta rows.
func (m *Model) move(delta int) tea.Cmd { return m.tbl.move(delta, m.tableHeight(), storePages{m}) }

// page scrolls by delta rows.
func (m *Model) page(delta int) tea.Cmd { return m.tbl.page(delta, m.tableHeight(), storePages{m}) }

// prefetch reads the pages the selection will soon need.
func (m *Model) prefetch() tea.Cmd {
	if !m.started {
		return nil
	}
	return m.tbl.prefetch(m.tableHeight(), storePages{m})
}

// first jumps to the newest match, reading the query again when the
// buffer does not hold it.
func (m *Model) first() tea.Cmd {
	if cmd, ok := m.tbl.top(m.tableHeight(), storePages{m}); ok {
		return cmd
	}
	return m.requery()
}

// last jumps to the oldest match.
func (m *Model) last() tea.Cmd { return m.tbl.bottom(m.tableHeight(), storePages{m}) }

// handlePage puts a page into the row window if it is the query in
// force's.
func (m *Model) handlePage(msg pageMsg) tea.Cmd {
	if msg.seq != m.seq {
		return nil
	}
	if msg.err != nil && m.queryCtx().Err() == nil {
		m.setStatus("reading events: "+msg.err.Error(), true)
	}
	return m.tbl.receive(msg, m.tableHeight(), storePages{m})
}

// selected returns the selected row, or nil.
func (m *Model) selected() *history.Event { return m.tbl.selected() }

func (m *Model) selectedID() int64 { return m.tbl.selectedID() }

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
