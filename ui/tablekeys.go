package ui

import (
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/trailview/trailview/history"
)

// tableKeyMap is the table's keys, which open every dialog and view.
// Keys follow k9s and less habits.
type tableKeyMap struct {
	Quit      key.Binding // ctrl+c: quits from anywhere
	Help      key.Binding
	Back      key.Binding // esc: cancels a load or a query, clears marks
	QuitTable key.Binding // q: quits from the table

	Up, Down, PageUp, PageDown, Top, Bottom key.Binding

	Open      key.Binding
	Filter    key.Binding
	ClearText key.Binding
	Lookup    key.Binding
	ClearAttr key.Binding
	TimeRange key.Binding
	Region    key.Binding
	Account   key.Binding
	Tab       key.Binding
	Mark      key.Binding
	Compare   key.Binding
	Columns   key.Binding
	Export    key.Binding
	TimeZone  key.Binding
	Refresh   key.Binding

	// The cell cursor and pivots (tablecursor.go, pivot.go), and the back
	// stack of query states (navstack.go). Before the cell cursor, ←/→
	// did nothing in the table.
	CellLeft, CellRight key.Binding
	PivotIs, PivotNot   key.Binding
	PivotAlone          key.Binding
	NavBack, NavForward key.Binding

	// The dossier of the cell's subject (dossier.go) and the sessions
	// view (sessions.go).
	Who, Sessions key.Binding
}

func newTableKeyMap() tableKeyMap {
	return tableKeyMap{
		Quit: bind([]string{"ctrl+c"}, "ctrl+c", "quit"), Help: helpKey(), Back: backKey(),
		QuitTable: bind([]string{"q"}, "q", "quit"),

		Up: upKey(), Down: downKey(), PageUp: pageUpKey(), PageDown: pageDownKey(), Top: topKey(), Bottom: bottomKey(),

		Open:      bind([]string{"enter"}, "enter", "open"),
		Filter:    bind([]string{"/"}, "/", "filter"),
		ClearText: bind([]string{"X", "shift+x"}, "X", "clear filter"),
		Lookup:    bind([]string{"l"}, "l", "lookup"),
		ClearAttr: bind([]string{"x"}, "x", "remove attribute"),
		TimeRange: bind([]string{"t"}, "t", "time"),
		Region:    bind([]string{"r"}, "r", "Region"),
		Account:   bind([]string{"a"}, "a", "account"),
		Tab:       bind([]string{"tab", "i"}, "tab/i", "Insights tab"),
		Mark:      bind([]string{"space", "m"}, "space", "mark"),
		Compare:   bind([]string{"v"}, "v", "compare marked"),
		Columns:   bind([]string{"c"}, "c", "columns"),
		Export:    bind([]string{"e"}, "e", "export"),
		TimeZone:  bind([]string{"z"}, "z", "UTC/local"),
		Refresh:   bind([]string{"ctrl+r", "R", "shift+r"}, "R", "refresh"),

		CellLeft:   bind([]string{"left"}, "←", "cell left"),
		CellRight:  bind([]string{"right"}, "→", "cell right"),
		PivotIs:    bind([]string{"="}, "=", "only this"),
		PivotNot:   bind([]string{"!"}, "!", "not this"),
		PivotAlone: bind([]string{"P"}, "P", "this alone"),
		// [ and ] arrive alike from every terminal; alt+arrows are
		// offered too where the terminal sends them.
		NavBack:    bind([]string{"[", "alt+left"}, "[", "back"),
		NavForward: bind([]string{"]", "alt+right"}, "]", "forward"),

		Who:      bind([]string{"W", "shift+w"}, "W", "dossier (who)"),
		Sessions: bind([]string{"S", "shift+s"}, "S", "sessions by key"),
	}
}

// ShortHelp is the table's footer: the most useful keys.
func (k tableKeyMap) ShortHelp() []key.Binding {
	// Lookup and columns make room for the pivot and back keys: ? lists them.
	return []key.Binding{k.Open, k.Filter, k.PivotIs, k.NavBack, k.TimeRange, k.Region, k.Export, k.Help, k.QuitTable}
}

// FullHelp groups every table key for the help screen.
func (k tableKeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom, k.Open},
		{k.CellLeft, k.CellRight, k.PivotIs, k.PivotNot, k.PivotAlone, k.NavBack, k.NavForward, k.Who, k.Sessions},
		{k.Filter, k.ClearText, k.Lookup, k.ClearAttr, k.TimeRange, k.Region, k.Account},
		{k.Tab, k.Mark, k.Compare, k.Columns, k.Export, k.TimeZone, k.Refresh},
		{k.Help, k.Back, k.QuitTable, k.Quit},
	}
}

// tableKey handles a key while the table has the focus.
func (m *Model) tableKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
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
	if cmd, ok := m.navigationKey(msg); ok {
		return cmd
	}
	if cmd, ok := m.queryKey(msg); ok {
		return cmd
	}
	if cmd, ok := m.pivotKey(msg); ok {
		return cmd
	}
	return m.actionKey(msg)
}

// navigationKey moves the selection; ok is false for other keys.
func (m *Model) navigationKey(msg tea.KeyPressMsg) (cmd tea.Cmd, ok bool) {
	k, h := m.keys, m.tableHeight()
	switch {
	case key.Matches(msg, k.Down):
		return m.move(1), true
	case key.Matches(msg, k.Up):
		return m.move(-1), true
	case key.Matches(msg, k.PageDown):
		return m.page(h), true
	case key.Matches(msg, k.PageUp):
		return m.page(-h), true
	case key.Matches(msg, k.Top):
		if m.live.newer > 0 {
			return m.requery(), true // the newer events are not in the buffer yet
		}
		return m.first(), true
	case key.Matches(msg, k.Bottom):
		return m.last(), true
	}
	return nil, false
}

// queryKey changes what the table shows, at once or through a dialog;
// ok is false for other keys.
func (m *Model) queryKey(msg tea.KeyPressMsg) (cmd tea.Cmd, ok bool) {
	k := m.keys
	switch {
	case key.Matches(msg, k.Filter):
		bar := newFilterBar(m.q.text, m.filterHistory, m.opts.Now, m.location(), m.styles)
		return tea.Batch(m.push(bar), bar.Focus()), true
	case key.Matches(msg, k.ClearText):
		return m.clearFilter(), true
	case key.Matches(msg, k.ClearAttr):
		if m.q.lookup == nil {
			return nil, true
		}
		m.step()
		m.q.lookup = nil
		m.setStatus("attribute filter removed (read and write events shown); l sets one", false)
		return m.requery(), true
	case key.Matches(msg, k.Lookup):
		return m.push(newLookupPicker(m.q.category, m.styles)), true
	case key.Matches(msg, k.TimeRange):
		return m.push(newTimePicker(m.zoneLabel(), m.opts.Now, m.location(), m.styles)), true
	case key.Matches(msg, k.Region):
		return tea.Batch(m.push(newRegionPicker(m.regions(), m.q.region, m.styles)), fetchScopes(m.ctx, m.st, m.q.region)), true
	case key.Matches(msg, k.Account):
		return tea.Batch(m.push(newAccountPicker(m.accountList(), m.q.accounts, m.styles)), fetchScopes(m.ctx, m.st, m.q.region)), true
	case key.Matches(msg, k.Tab):
		if m.q.category == history.Management {
			m.q.category = history.Insight
		} else {
			m.q.category = history.Management
		}
		m.clearMarks()
		return m.requery(), true
	case key.Matches(msg, k.TimeZone):
		m.localTime = !m.localTime
		return m.zoneChanged(), true
	case key.Matches(msg, k.Refresh):
		m.tbl.keepID = m.selectedID()
		return tea.Batch(m.requery(), fetchScopes(m.ctx, m.st, m.q.region)), true
	}
	return nil, false
}

// pivotKey moves the cell cursor, pivots on the cell and walks the back
// stack; ok is false for other keys.
func (m *Model) pivotKey(msg tea.KeyPressMsg) (cmd tea.Cmd, ok bool) {
	k := m.keys
	switch {
	case key.Matches(msg, k.CellLeft):
		m.table.moveCell(-1, len(m.tableColumns()))
	case key.Matches(msg, k.CellRight):
		m.table.moveCell(1, len(m.tableColumns()))
	case key.Matches(msg, k.PivotIs):
		return m.pivotCell(false, false), true
	case key.Matches(msg, k.PivotNot):
		return m.pivotCell(true, false), true
	case key.Matches(msg, k.PivotAlone):
		return m.pivotCell(false, true), true
	case key.Matches(msg, k.NavBack):
		return m.navigateBack(), true
	case key.Matches(msg, k.NavForward):
		return m.navigateForward(), true
	default:
		return nil, false
	}
	return nil, true
}

// actionKey handles the table's other keys: quitting, esc, help, and the
// views of the selected and marked events.
func (m *Model) actionKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	switch {
	case key.Matches(msg, k.QuitTable):
		return m.quit()
	case key.Matches(msg, k.Back):
		return m.back()
	case key.Matches(msg, k.Help):
		return m.showTableHelp()
	case key.Matches(msg, k.Open):
		return m.openDetail()
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
	case key.Matches(msg, k.Who):
		return m.openDossierFromCell()
	case key.Matches(msg, k.Sessions):
		return m.openSessions()
	}
	return nil
}

// back is esc in the table: it cancels a load, else the query being
// read, else clears the marks, else the status line.
func (m *Model) back() tea.Cmd {
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
}

// clearFilter removes the filter bar's filter (X).
func (m *Model) clearFilter() tea.Cmd {
	if m.q.text == "" {
		return nil
	}
	m.step()
	m.q.text, m.q.pred = "", nil
	m.q.start, m.q.end = time.Time{}, time.Time{}
	return m.requery()
}

// showTableHelp opens the table's help screen.
func (m *Model) showTableHelp() tea.Cmd {
	return m.push(newHelpScreen(helpRequested{title: "table", keys: m.keys, legend: tableLegend()}, m.styles))
}
