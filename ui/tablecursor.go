package ui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// The cell cursor: on the selected row, one cell is the one the pivot
// keys act on. It is drawn between brackets, which take the place of the
// spaces around it, so that it shows without colour (NO_COLOR, the
// golden screens) and the columns do not move; with colour it is also
// drawn in reverse.

// cursorLine lays out cells at widths after gutter, with the cell at cur
// between brackets: the brackets replace the spaces before and after it.
// The first column has no space before it (the gutter's glyphs stay
// whole), and a last column that reaches the screen's edge none after
// it: such a cell gives up a cell to its bracket.
func cursorLine(gutter string, cells []string, widths []int, cur, width int) (before, cell, after string) {
	if len(cells) == 0 {
		return gutter, "", ""
	}
	var b strings.Builder
	b.WriteString(gutter)
	for j := 0; j < cur; j++ {
		if j > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(pad(cells[j], widths[j]))
	}
	before = b.String() + "["
	w := widths[cur]
	if cur == 0 {
		w-- // the gutter keeps its glyphs: the first cell gives up a cell
	}
	used := ansi.StringWidth(gutter)
	for _, cw := range widths {
		used += cw
	}
	used += len(widths) - 1
	if cur == len(cells)-1 && used+1 > width {
		w--
	}
	cell = pad(cells[cur], max(w, 0))
	b.Reset()
	b.WriteByte(']')
	for j := cur + 1; j < len(cells); j++ {
		if j > cur+1 {
			b.WriteByte(' ')
		}
		b.WriteString(pad(cells[j], widths[j]))
	}
	return before, cell, b.String()
}

// cursorRow draws the selected row with its cell cursor.
func (v *tableView) cursorRow(f tableFrame, gutter string, cells []string, widths []int) string {
	before, cell, after := cursorLine(gutter, cells, widths, v.col, f.width)
	if f.stale {
		return f.styles.Dim.Render(before + cell + after) // the previous query's rows: not the answer
	}
	row := f.styles.SelectedRow
	return row.Render(before) + row.Reverse(true).Render(cell) + row.Render(after)
}

// moveCell moves the cell cursor by delta among the drawn columns (the
// shown ones before the first frame).
func (v *tableView) moveCell(delta, shown int) {
	n := shown
	if v.drawn > 0 {
		n = min(v.drawn, shown)
	}
	v.col = max(min(v.col+delta, n-1), 0)
}

// pivotCell reports the pivot on the selected row's current cell: "is
// this value", or with exclude "is not".
func (m *Model) pivotCell(exclude, alone bool) tea.Cmd {
	e := m.selected()
	cols := m.tableColumns()
	if e == nil || m.loadingQuery() || len(cols) == 0 {
		return nil // no row, or the rows are the previous query's
	}
	col := cols[max(min(m.table.col, len(cols)-1), 0)]
	p, err := cellPivotFor(col, e, exclude)
	if err != nil {
		m.setStatus("no pivot: "+err.Error(), true)
		return nil
	}
	p.alone = alone
	return m.applyPivot(p)
}
