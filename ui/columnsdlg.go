package ui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/trailview/trailview/history"
)

// columnsChosen is the column set the columns dialog (c) applies to the
// current tab.
type columnsChosen struct{ set columnSet }

// columnsDialog edits a copy of the column set: toggle with space,
// reorder with K/J (the console cannot reorder), enter applies, esc
// cancels.
type columnsDialog struct {
	decision
	set    columnSet
	cursor int
	styles Styles
	keys   columnsKeyMap
}

// columnsKeyMap is the columns dialog's keys.
type columnsKeyMap struct {
	Up, Down, Top, Bottom key.Binding
	Toggle                key.Binding
	MoveUp, MoveDown      key.Binding // reorder
	Accept, Back          key.Binding
}

func (k columnsKeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.Toggle, k.MoveUp, k.MoveDown, k.Accept, k.Back}
}

func (k columnsKeyMap) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// newColumnsKeyMap is the columns dialog's keys.
func newColumnsKeyMap() columnsKeyMap {
	return columnsKeyMap{
		Up: upKey(), Down: downKey(), Top: topKey(), Bottom: bottomKey(), Toggle: toggleKey(),
		MoveUp:   bind([]string{"K", "shift+k", "shift+up"}, "K", "move up"),
		MoveDown: bind([]string{"J", "shift+j", "shift+down"}, "J", "move down"),
		Accept:   acceptKey(), Back: backKey(),
	}
}

// newColumnsDialog edits a copy of set.
func newColumnsDialog(set columnSet, s Styles) *columnsDialog {
	return &columnsDialog{set: set.clone(), styles: s, keys: newColumnsKeyMap()}
}

func (d *columnsDialog) placement() placement { return placeDialog }

func (d *columnsDialog) KeyMap() help.KeyMap { return d.keys }

// Update handles the dialog's keys.
func (d *columnsDialog) Update(msg tea.Msg) (overlay, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		d.key(msg)
	case stylesChanged:
		d.styles = msg.styles
	}
	return d, nil
}

func (d *columnsDialog) key(msg tea.KeyPressMsg) {
	k := d.keys
	n := len(d.set.cols)
	switch {
	case key.Matches(msg, k.Back):
		d.close(nil)
	case key.Matches(msg, k.Accept):
		if len(d.set.shown()) == 0 {
			d.report(statusReport{text: "choose at least one column", isErr: true})
			return
		}
		d.close(columnsChosen{set: d.set})
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
}

func (d *columnsDialog) swap(i, j int) {
	d.set.cols[i], d.set.cols[j] = d.set.cols[j], d.set.cols[i]
	d.set.visible[i], d.set.visible[j] = d.set.visible[j], d.set.visible[i]
}

// View draws the dialog in at most height lines.
func (d *columnsDialog) View(_, height int) string {
	s := d.styles
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
	return boxView(s, lines)
}

// applyColumns makes set the current tab's columns. The management
// columns are saved in the config file; the Insights tab's are kept for
// the session.
func (m *Model) applyColumns(set columnSet) tea.Cmd {
	active := m.activeCols()
	rawBefore := active.needsRaw()
	*active = set
	if m.q.category == history.Insight {
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
	return nil
}

// boxView wraps dialog content in the dialog border.
func boxView(s Styles, lines []string) string {
	return s.Dialog.Render(lipgloss.JoinVertical(lipgloss.Left, lines...))
}

// boxLines wraps dialog content in the dialog border, as lines.
func boxLines(s Styles, lines []string) []string { return splitLines(boxView(s, lines)) }
