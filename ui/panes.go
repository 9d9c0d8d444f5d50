package ui

import (
	"context"
	"errors"
	"fmt"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// The docked panes: the facets panel (beside or below the table) and the
// timeline strip (above it). Unlike overlays they leave the table on
// screen and working; the focus moves between the table and the open
// panes, and a pane gets only the keys it uses, the rest going to the
// table (so / or t work from a pane too).

// pane is which part of the main screen has the keys.
type pane int

const (
	paneTable pane = iota
	paneFacets
	paneTimeline
)

// paneKeyMap is the keys that open, close and focus the panes; they work
// whenever no dialog is open.
type paneKeyMap struct {
	Facets, Timeline, Focus key.Binding
}

func newPaneKeyMap() paneKeyMap {
	return paneKeyMap{
		Facets:   bind([]string{"F", "shift+f"}, "F", "facets panel (open/close)"),
		Timeline: bind([]string{"T", "shift+t"}, "T", "timeline strip (show/hide)"),
		// tab is the Insights tab, so the focus moves with w, as a
		// window switch does in vim (ctrl+w) and tmux.
		Focus: bind([]string{"w"}, "w", "focus table / panel / timeline"),
	}
}

var paneKeys = newPaneKeyMap()

// ShortHelp is not shown on its own: the table's footer stays as it is.
func (k paneKeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Facets, k.Timeline, k.Focus} }

// FullHelp lists the pane keys for the help screen and docs/keys.md.
func (k paneKeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Facets, k.Timeline, k.Focus}}
}

// Layout thresholds: the panel sits beside the table when the table keeps
// at least the console's default columns' useful width, else below.
const (
	facetsBesideMinWidth = 140
	// 62 leaves the value 22 cells beside count, share and both times:
	// a whole access key ID (20) or IPv4 address, the values pivoted on
	// most, is never cut.
	facetsMinWidth   = 62
	facetsMaxWidth   = 96
	paneMinTableRows = 4 // a pane that would leave fewer table rows is not drawn
)

// isCancel says err is a query cancelled because the user moved on: not
// worth a message.
func isCancel(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

func errUnknownFacet(name string) error {
	return fmt.Errorf("facets: %q is not a countable field", name)
}

// paneMsg handles the panes' answers and keys before the rest of Update;
// ok is false for everything else.
func (m *Model) paneMsg(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case facetsMsg:
		if m.facets != nil {
			m.facets.receive(msg)
		}
		return nil, true
	case timelineMsg:
		if m.strip != nil {
			m.strip.receive(msg)
		}
		return nil, true
	case tea.KeyPressMsg:
		if m.top() != nil || m.st == nil {
			return nil, false
		}
		return m.paneKey(msg)
	}
	return nil, false
}

// paneKey opens, closes and focuses the panes, and gives the focused
// pane its keys.
func (m *Model) paneKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	switch {
	case key.Matches(msg, paneKeys.Facets):
		if m.facets != nil {
			m.facets = nil
			m.pane = paneTable
		} else {
			m.facets, m.pane = newFacetsPanel(), paneFacets
		}
		m.layout()
		return m.prefetch(), true // followPanes asks for the values
	case key.Matches(msg, paneKeys.Timeline):
		if m.strip != nil {
			m.strip = nil
			m.pane = paneTable
		} else {
			m.strip, m.pane = newTimelineStrip(), paneTimeline
		}
		m.layout()
		return m.prefetch(), true
	case key.Matches(msg, paneKeys.Focus):
		m.pane = m.nextPane()
		return nil, true
	case key.Matches(msg, m.keys.Help) && m.pane != paneTable:
		return m.push(newHelpScreen(helpRequested{title: m.paneTitle(), keys: m.focusedKeys()}, m.styles)), true
	}
	switch m.pane {
	case paneFacets:
		return m.facetsKey(msg)
	case paneTimeline:
		return m.stripKey(msg)
	}
	return nil, false
}

// nextPane is the next open part of the screen after the focused one.
func (m *Model) nextPane() pane {
	open := []pane{paneTable}
	if m.strip != nil {
		open = append(open, paneTimeline)
	}
	if m.facets != nil {
		open = append(open, paneFacets)
	}
	for i, p := range open {
		if p == m.pane {
			return open[(i+1)%len(open)]
		}
	}
	return paneTable
}

func (m *Model) facetsKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	result, act, ok := m.facets.key(msg, m.facetsFrame().rowsVisible())
	switch act {
	case facetRefetch:
		return m.fetchFacets(), true
	case facetBlur:
		m.pane = paneTable
	}
	if result != nil {
		return m.apply(result), true
	}
	return nil, ok
}

func (m *Model) stripKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	result, blur, ok := m.strip.key(msg, m.selectedBucket())
	if blur {
		m.pane = paneTable
	}
	if result != nil {
		return m.apply(result), true
	}
	return nil, ok
}

// selectedBucket is the strip's bucket holding the table's selected row.
func (m *Model) selectedBucket() int {
	e := m.selected()
	if m.strip == nil || e == nil || m.loadingQuery() {
		return -1
	}
	return m.strip.bucketOf(e.Time)
}

// fetchFacets counts the panel's field for the query in force.
func (m *Model) fetchFacets() tea.Cmd {
	return m.facets.fetch(m.queryCtx(), m.st, m.q.query(), m.seq)
}

// followPanes asks the open panes for the query in force when it changed
// (a filter, a window, a scope, esc back to the previous result) and the
// strip for a bucket size that fits a resized screen. It runs after every
// Update; answers to an older state are dropped by sequence number.
func (m *Model) followPanes() tea.Cmd {
	if !m.started || m.st == nil {
		return nil
	}
	var cmds []tea.Cmd
	if m.facets != nil && m.facets.forSeq != m.seq {
		cmds = append(cmds, m.fetchFacets())
	}
	if s := m.strip; s != nil {
		cols := m.width
		q := m.q.query()
		resized := cols != s.forCols && !q.Start.IsZero() && !q.End.IsZero() &&
			chooseBucket(q.Start, q.End, cols) != chooseBucket(q.Start, q.End, s.forCols)
		if s.forSeq != m.seq || resized {
			cmds = append(cmds, s.fetch(m.queryCtx(), m.st, q, m.seq, cols))
		}
	}
	return tea.Batch(cmds...)
}

// focusedKeys is the keymap of the focused part of the main screen.
func (m *Model) focusedKeys() help.KeyMap {
	switch {
	case m.pane == paneFacets && m.facets != nil:
		return m.facets.keys
	case m.pane == paneTimeline && m.strip != nil:
		return m.strip.keys
	}
	return m.keys
}

func (m *Model) paneTitle() string {
	if m.pane == paneTimeline {
		return "timeline strip"
	}
	return "facets panel"
}
