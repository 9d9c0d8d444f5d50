package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/trailview/trailview/history"
)

// columnsDialog edits a copy of the column set: toggle with space,
// reorder with K/J (the console cannot reorder), enter saves, esc cancels.
type columnsDialog struct {
	set    columnSet
	cursor int
}

// columnsKey handles a key in the columns dialog.
func (m *Model) columnsKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	d := &m.colDlg
	n := len(d.set.cols)
	switch {
	case key.Matches(msg, k.Back):
		m.mode = modeTable
	case key.Matches(msg, k.Accept):
		if len(d.set.shown()) == 0 {
			m.setStatus("choose at least one column", true)
			return nil
		}
		active := m.activeCols()
		rawBefore := active.needsRaw()
		*active = d.set
		m.mode = modeTable
		if m.q.category == history.Insight {
			// The config file holds the management columns only.
			m.setStatus("Insights columns applied for this session", false)
		} else if err := saveColumns(m.opts.ConfigPath, m.cols.ids()); err != nil {
			m.setStatus("columns applied but not saved: "+err.Error(), true)
		} else if m.opts.ConfigPath != "" {
			m.setStatus("columns saved", false)
		}
		if active.needsRaw() && !rawBefore {
			m.tbl.keepID = m.selectedID()
			return m.requery() // the new column reads the records
		}
	case key.Matches(msg, k.MoveUp):
		if d.cursor > 0 {
			d.swap(d.cursor, d.cursor-1)
			d.cursor--
		}
	case key.Matches(msg, k.MoveDown):
		if d.cursor < n-1 {
			d.swap(d.cursor, d.cursor+1)
			d.cursor++
		}
	case key.Matches(msg, k.Up):
		d.cursor = max(d.cursor-1, 0)
	case key.Matches(msg, k.Down):
		d.cursor = min(d.cursor+1, n-1)
	case key.Matches(msg, k.Top):
		d.cursor = 0
	case key.Matches(msg, k.Bottom):
		d.cursor = n - 1
	case key.Matches(msg, k.Toggle):
		d.set.visible[d.cursor] = !d.set.visible[d.cursor]
	}
	return nil
}

func (d *columnsDialog) swap(i, j int) {
	d.set.cols[i], d.set.cols[j] = d.set.cols[j], d.set.cols[i]
	d.set.visible[i], d.set.visible[j] = d.set.visible[j], d.set.visible[i]
}

// view draws the dialog in at most height lines.
func (d *columnsDialog) view(s Styles, height int) []string {
	rows := max(height-4, 3) // border and title
	first := max(min(d.cursor-rows/2, len(d.set.cols)-rows), 0)
	lines := []string{s.DialogTitle.Render("Columns") + s.Dim.Render("  space toggle · K/J reorder")}
	for i := first; i < len(d.set.cols) && i < first+rows; i++ {
		box := "[ ]"
		if d.set.visible[i] {
			box = "[x]"
		}
		l := pad(box+" "+d.set.cols[i].title, 30)
		if i == d.cursor {
			l = s.ItemActive.Render(l)
		}
		lines = append(lines, l)
	}
	return boxLines(s, lines)
}

// boxView wraps dialog content in the dialog border.
func boxView(s Styles, lines []string) string {
	return s.Dialog.Render(lipgloss.JoinVertical(lipgloss.Left, lines...))
}

// boxLines wraps dialog content in the dialog border.
func boxLines(s Styles, lines []string) []string {
	return splitLines(s.Dialog.Render(lipgloss.JoinVertical(lipgloss.Left, lines...)))
}
