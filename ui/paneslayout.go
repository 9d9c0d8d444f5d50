package ui

import "strings"

// The main screen's body, between the header and the status line: the
// timeline strip, then the table with the facets panel beside it (wide
// terminals) or below it. Every size here is derived from the terminal
// and the open panes, so the table's paging (tableHeight) and its drawing
// agree.

// bodyHeight is the lines between the header and the status line.
func (m *Model) bodyHeight() int { return m.height - len(m.headerLines()) - 2 }

// stripHeight is the lines the timeline strip takes, 0 when hidden or
// when the table would be left too few rows.
func (m *Model) stripHeight() int {
	if m.strip == nil || m.bodyHeight()-stripHeightLines < paneMinTableRows+1 {
		return 0
	}
	return stripHeightLines
}

// facetsBeside says the panel sits beside the table rather than below.
func (m *Model) facetsBeside() bool { return m.width >= facetsBesideMinWidth }

// facetsWidth is the panel's width beside the table, separator excluded.
func (m *Model) facetsWidth() int {
	return min(max(m.width*2/5, facetsMinWidth), facetsMaxWidth)
}

// tableWidth is the cells the table may use.
func (m *Model) tableWidth() int {
	if m.facets != nil && m.facetsBeside() {
		return m.width - m.facetsWidth() - 1
	}
	return m.width
}

// belowHeight is the lines the panel takes below the table (a rule, its
// title, column titles and values), 0 when it is beside or closed.
func (m *Model) belowHeight() int {
	if m.facets == nil || m.facetsBeside() {
		return 0
	}
	room := m.bodyHeight() - m.stripHeight() - (paneMinTableRows + 1)
	h := min(max(room/2, 5), 12)
	if h > room {
		return 0
	}
	return h
}

// facetsFrame is where and how the panel is drawn now.
func (m *Model) facetsFrame() facetFrame {
	f := facetFrame{focused: m.pane == paneFacets, loc: m.location(), styles: m.styles}
	if m.facetsBeside() {
		f.width, f.height = m.facetsWidth(), m.bodyHeight()-m.stripHeight()
	} else {
		f.width, f.height = m.width, max(m.belowHeight()-1, 1)
	}
	return f
}

// bodyLines draws the body in exactly height lines.
func (m *Model) bodyLines(height int) []string {
	var lines []string
	if h := m.stripHeight(); h > 0 {
		f := timelineFrame{width: m.width, focused: m.pane == paneTimeline, selected: m.selectedBucket(),
			loc: m.location(), styles: m.styles}
		lines = append(lines, m.strip.View(f)...)
	}
	below := m.belowHeight()
	table := m.renderTable(max(height-len(lines)-below, 1))
	switch {
	case m.facets != nil && m.facetsBeside():
		panel := m.facetsPanelLines(len(table))
		sep := m.styles.Dim.Render("│")
		for i, l := range table {
			table[i] = pad(l, m.tableWidth()) + sep + panel[i]
		}
	case below > 0:
		table = append(table, m.styles.Dim.Render(strings.Repeat("─", m.width)))
		table = append(table, m.facetsPanelLines(below-1)...)
	}
	return padLines(append(lines, table...), height)
}

// facetsPanelLines draws the panel in exactly height lines.
func (m *Model) facetsPanelLines(height int) []string {
	f := m.facetsFrame()
	f.height = height
	return padLines(m.facets.View(f), height)
}
