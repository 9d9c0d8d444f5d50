package ui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/trailview/trailview/history"
)

// maxCompare is the console's limit for side-by-side comparison.
const maxCompare = 5

// exportSource is what the export dialog exports: the query in force,
// read when the export starts, or the marked rows.
func (m *Model) exportSource() exportSource {
	return exportSource{
		ctx: m.ctx, st: m.st, query: func() history.Query { return m.q.query() },
		category: m.q.category, marked: append([]int64(nil), m.marked...),
		columns: m.activeCols().ids(), matches: m.tbl.matches,
	}
}

// openDetail shows the selected event's record.
func (m *Model) openDetail() tea.Cmd {
	e := m.selected()
	if e == nil || m.loadingQuery() {
		return nil // while loading, the rows are the previous query's
	}
	d := newDetailView(*e, m.location(), m.styles)
	var cmd tea.Cmd
	if _, ok := m.top().(*detailView); ok {
		cmd = m.replaceTop(d) // the next or previous event
	} else {
		cmd = m.push(d)
	}
	m.setStatus("", false) // the status line now speaks for this event
	return tea.Batch(cmd, fetchDetail(m.ctx, m.st, e.ID))
}

// openCompare shows the marked events side by side.
func (m *Model) openCompare() tea.Cmd {
	ids := m.marked
	if len(ids) < 2 {
		m.setStatus("mark 2 to 5 events with space, then press v to compare them", true)
		return nil
	}
	if len(ids) > maxCompare {
		m.setStatus("compare shows at most 5 events: unmark some (space) or clear marks (esc)", true)
		return nil
	}
	return tea.Batch(m.push(newCompareView(m.location(), m.styles)), fetchCompare(m.ctx, m.st, append([]int64(nil), ids...)))
}

// stepEvent moves the table's selection for the detail view's next and
// previous event, and shows the event it lands on.
func (m *Model) stepEvent(delta int) tea.Cmd {
	before := m.selectedID()
	cmd := m.move(delta)
	if m.selectedID() == before {
		m.setStatus("no more events in that direction", false)
		return cmd
	}
	return tea.Batch(cmd, m.openDetail())
}

// wheelDelta is how many lines a turn of the mouse wheel scrolls.
func wheelDelta(msg tea.MouseWheelMsg) int {
	switch msg.Button {
	case tea.MouseWheelDown:
		return 3
	case tea.MouseWheelUp:
		return -3
	}
	return 0
}

// handleWheel scrolls the table or the detail view.
func (m *Model) handleWheel(msg tea.MouseWheelMsg) tea.Cmd {
	d := wheelDelta(msg)
	if d == 0 {
		return nil
	}
	if o := m.top(); o != nil {
		return m.updateOverlay(o, msg)
	}
	return m.move(d)
}

// handleClick selects the clicked row; clicking the selected row opens it.
func (m *Model) handleClick(msg tea.MouseClickMsg) tea.Cmd {
	if !m.tableFocused() || msg.Button != tea.MouseLeft {
		return nil
	}
	row := msg.Y - m.tableTop()
	if row < 0 || row >= m.tableHeight() {
		return nil
	}
	i := m.tbl.offset + row
	if i >= len(m.tbl.rows) {
		return nil
	}
	if i == m.tbl.cursor {
		return m.openDetail()
	}
	return m.move(i - m.tbl.cursor)
}
