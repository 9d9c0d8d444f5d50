package ui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/trailview/trailview/history"
)

// tableTop is the number of screen lines above the table's rows.
func (m *Model) tableTop() int { return len(m.headerLines()) + m.stripHeight() + 1 }

// tableHeight is the number of rows on screen.
func (m *Model) tableHeight() int {
	return max(m.height-m.tableTop()-2-m.belowHeight(), 1) // status and help lines below
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

// renderTable draws the table for the query in force, exactly height
// lines.
func (m *Model) renderTable(height int) []string {
	f := tableFrame{
		rows: &m.tbl, cols: m.tableColumns(), loc: m.location(), marked: m.markSet,
		stale: m.loadingQuery(), styles: m.styles, width: m.tableWidth(), height: height,
	}
	if len(m.tbl.rows) == 0 {
		f.empty = []string{"Loading events…"}
		if !m.tbl.resetting && m.started {
			f.empty = m.emptyHint()
		}
	}
	return m.table.View(f)
}
