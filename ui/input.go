package ui

import (
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/trailview/trailview/history"
)

var zeroTime time.Time

// maxCompare is the console's limit for side-by-side comparison.
const maxCompare = 5

// tableKey handles a key while the table has the focus.
func (m *Model) tableKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	h := m.tableHeight()
	if m.st == nil {
		// The store is still opening: only help and quitting make sense.
		switch {
		case key.Matches(msg, k.QuitTable):
			return m.quit()
		case key.Matches(msg, k.Help):
			return m.showTableHelp()
		}
		return nil
	}
	switch {
	case key.Matches(msg, k.QuitTable):
		return m.quit()
	case key.Matches(msg, k.Back):
		if m.loader.active() {
			m.loader.cancel()
			m.setStatus("cancelling the load: files completed so far are kept", false)
			return nil
		}
		if cmd, ok := m.cancelQuery(); ok {
			return cmd
		}
		if len(m.marked) > 0 {
			m.clearMarks()
			return nil
		}
		m.setStatus("", false)
		return nil
	case key.Matches(msg, k.Help):
		return m.showTableHelp()
	case key.Matches(msg, k.Down):
		return m.move(1)
	case key.Matches(msg, k.Up):
		return m.move(-1)
	case key.Matches(msg, k.PageDown):
		return m.page(h)
	case key.Matches(msg, k.PageUp):
		return m.page(-h)
	case key.Matches(msg, k.Top):
		if m.live.newer > 0 {
			return m.requery() // the newer events are not in the buffer yet
		}
		return m.first()
	case key.Matches(msg, k.Bottom):
		return m.last()
	case key.Matches(msg, k.Open):
		return m.openDetail()
	case key.Matches(msg, k.Filter):
		bar := newFilterBar(m.q.text, m.filterHistory, m.opts.Now, m.location(), m.styles)
		return tea.Batch(m.push(bar), bar.Focus())
	case key.Matches(msg, k.ClearText):
		if m.q.text == "" {
			return nil
		}
		m.q.text, m.q.where, m.q.args = "", "", nil
		m.q.start, m.q.end = zeroTime, zeroTime
		return m.requery()
	case key.Matches(msg, k.ClearAttr):
		if m.q.lookup == nil {
			return nil
		}
		m.q.lookup = nil
		m.setStatus("attribute filter removed (read and write events shown); l sets one", false)
		return m.requery()
	case key.Matches(msg, k.Lookup):
		return m.push(newLookupPicker(m.q.category, m.styles))
	case key.Matches(msg, k.TimeRange):
		return m.push(newTimePicker(m.zoneLabel(), m.opts.Now, m.location(), m.styles))
	case key.Matches(msg, k.Region):
		return tea.Batch(m.push(newRegionPicker(m.regions(), m.q.region, m.styles)), fetchScopes(m.ctx, m.st, m.q.region))
	case key.Matches(msg, k.Account):
		return tea.Batch(m.push(newAccountPicker(m.accountList(), m.q.accounts, m.styles)), fetchScopes(m.ctx, m.st, m.q.region))
	case key.Matches(msg, k.Tab):
		if m.q.category == history.Management {
			m.q.category = history.Insight
		} else {
			m.q.category = history.Management
		}
		m.clearMarks()
		return m.requery()
	case key.Matches(msg, k.Mark):
		if m.loadingQuery() {
			return nil // the rows are the previous query's
		}
		m.toggleMark()
		return m.move(1)
	case key.Matches(msg, k.Compare):
		return m.openCompare()
	case key.Matches(msg, k.Columns):
		return m.push(newColumnsDialog(*m.activeCols(), m.styles))
	case key.Matches(msg, k.Export):
		return m.push(newExportDialog(m.exportSource(), m.exportPath, m.styles))
	case key.Matches(msg, k.TimeZone):
		m.localTime = !m.localTime
		return m.zoneChanged()
	case key.Matches(msg, k.Refresh):
		m.tbl.keepID = m.selectedID()
		return tea.Batch(m.requery(), fetchScopes(m.ctx, m.st, m.q.region))
	}
	return nil
}

// showTableHelp opens the table's help screen.
func (m *Model) showTableHelp() tea.Cmd {
	return m.push(newHelpScreen(helpRequested{title: "table", keys: fullKeys(m.keys.tableFull()), legend: tableLegend()}, m.styles))
}

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
