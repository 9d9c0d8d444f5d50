package ui

import (
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/trailview/trailview/history"
)

// tableView draws a rowWindow as the event table: the column titles, the
// rows on screen with their glyphs, or why there are none. It keeps the
// columns' content widths over the buffered rows from one frame to the
// next.
type tableView struct {
	needs needCache
	// col is the cell cursor: the index among the shown columns of the
	// cell the pivot keys (= and !) act on; drawn is how many columns
	// the last frame drew, which bounds it.
	col, drawn int
}

// tableFrame is what one drawing of the table shows.
type tableFrame struct {
	rows   *rowWindow
	cols   []column // the shown columns, in order
	loc    *time.Location
	marked map[int64]bool
	stale  bool     // the rows are the previous query's: drawn dim
	empty  []string // said in place of the rows when there are none
	styles Styles
	width  int
	height int
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

// View draws the column titles and the rows on screen, exactly f.height
// lines.
func (v *tableView) View(f tableFrame) []string {
	cols, loc, t, height := f.cols, f.loc, f.rows, f.height
	fit := fitColumns(cols, v.columnNeeds(cols, loc, t.rows), f.width-gutterWidth)
	lines := make([]string, 0, height)
	v.drawn = len(fit.widths)
	v.col = max(min(v.col, v.drawn-1), 0)
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
	lines = append(lines, f.styles.ColumnTitle.Render(b.String()))
	rows := height - 1
	for i := t.offset; i < len(t.rows) && len(lines) < height; i++ {
		e := &t.rows[i]
		gutter := rowGutter(i == t.cursor, f.marked[e.ID], e)
		cells := rowCells(cols[:len(fit.widths)], e, loc)
		if i == t.cursor {
			lines = append(lines, v.cursorRow(f, gutter, cells, fit.widths))
			continue
		}
		b.Reset()
		b.WriteString(gutter)
		for j, v := range cells {
			if j > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(pad(v, fit.widths[j]))
		}
		line := b.String()
		switch {
		case f.stale:
			line = f.styles.Dim.Render(line) // the previous query's rows: not the answer
		case f.marked[e.ID]:
			line = f.styles.MarkedRow.Render(line)
		case e.ErrorCode != "":
			line = f.styles.Error.Render(line)
		}
		lines = append(lines, line)
	}
	if len(t.rows) == 0 && rows > 0 {
		for _, l := range f.empty {
			if len(lines) < height {
				lines = append(lines, f.styles.Dim.Render(truncate("  "+Sanitize(l), f.width)))
			}
		}
	}
	for len(lines) < height {
		lines = append(lines, "")
	}
	return lines
}

// rowGutter is the row's glyphs: selected or marked, then failed.
func rowGutter(selected, marked bool, e *history.Event) string {
	g := " "
	switch {
	case marked:
		g = glyphMarked
	case selected:
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
