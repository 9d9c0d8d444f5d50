package ui

import (
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/trailview/trailview/history"
)

// columnFit is how the shown columns share the terminal's width.
type columnFit struct {
	widths []int // one per drawn column, from the left
	hidden int   // columns that did not fit, hidden to the right
}

// hiddenMarker is drawn at the right end of the column titles when
// columns are hidden, so that the user knows there is more to see.
func hiddenMarker(n int) string { return "+" + strconv.Itoa(n) + " »" }

// fitColumns shares total cells (one space between columns) among the
// columns. Each column asks for what its content needs (need, at least
// its title); when everything fits, each gets that and the last column
// the rest. When not, the width is shared out fairly: narrow columns
// keep their full content, wide ones are cut to the same width, never
// below their minimum. Only when even the minimums do not fit are
// columns hidden from the right, leaving room for the hidden marker.
func fitColumns(cols []column, need []int, total int) columnFit {
	n := len(cols)
	if n == 0 {
		return columnFit{}
	}
	lo := make([]int, n)
	hi := make([]int, n)
	for i, c := range cols {
		hi[i] = max(need[i], 1)
		lo[i] = max(min(c.min, hi[i]), 1)
	}
	avail := total
	for ; n > 1; n-- {
		avail = total - (n - 1)
		if n < len(cols) {
			avail -= ansi.StringWidth(hiddenMarker(len(cols)-n)) + 1
		}
		if sum(lo[:n]) <= avail {
			break
		}
	}
	if n == 1 {
		// One column: it takes the whole line, cut or not.
		avail = total
		if len(cols) > 1 {
			avail -= ansi.StringWidth(hiddenMarker(len(cols)-1)) + 1
		}
		return columnFit{widths: []int{max(avail, 1)}, hidden: len(cols) - 1}
	}
	widths := shareWidth(lo[:n], hi[:n], avail)
	if used := sum(widths); used < avail {
		widths[n-1] += avail - used // the selection bar spans the screen
	}
	return columnFit{widths: widths, hidden: len(cols) - n}
}

// shareWidth finds the largest level c such that every column cut to c
// (but kept within [lo, hi]) fits in avail, then hands the cells left
// over to the columns that are still cut, from the left.
func shareWidth(lo, hi []int, avail int) []int {
	clamp := func(c int) []int {
		w := make([]int, len(lo))
		for i := range lo {
			w[i] = max(lo[i], min(c, hi[i]))
		}
		return w
	}
	top := 0
	for _, h := range hi {
		top = max(top, h)
	}
	a, b := 0, top // sum(clamp(a)) <= avail holds whenever the minimums fit
	for a < b {
		c := (a + b + 1) / 2
		if sum(clamp(c)) <= avail {
			a = c
		} else {
			b = c - 1
		}
	}
	w := clamp(a)
	left := avail - sum(w)
	for i := range w {
		if left <= 0 {
			break
		}
		if w[i] < hi[i] {
			w[i]++
			left--
		}
	}
	return w
}

func sum(xs []int) int {
	s := 0
	for _, x := range xs {
		s += x
	}
	return s
}

// needCache remembers the columns' content widths over the row buffer,
// which only change when rows, columns or the time zone do.
type needCache struct {
	key  string
	need []int
}

// columnNeeds is each column's width for its title and the widest cell
// among the buffered rows: not only the rows on screen, so that columns
// change width only when a page is read, not at every line scrolled.
func (v *tableView) columnNeeds(cols []column, loc *time.Location, rows []history.Event) []int {
	var kb strings.Builder
	kb.WriteString(loc.String())
	if n := len(rows); n > 0 {
		kb.WriteString("|" + strconv.Itoa(n) + "|" + strconv.FormatInt(rows[0].ID, 10) + "|" + strconv.FormatInt(rows[n-1].ID, 10))
	}
	for _, c := range cols {
		kb.WriteString("|" + c.id)
	}
	key := kb.String()
	if v.needs.key == key && len(v.needs.need) == len(cols) {
		return v.needs.need
	}
	need := make([]int, len(cols))
	for i, c := range cols {
		need[i] = ansi.StringWidth(c.title)
	}
	for i := range rows {
		for j, cell := range rowCells(cols, &rows[i], loc) {
			need[j] = max(need[j], ansi.StringWidth(cell))
		}
	}
	v.needs = needCache{key: key, need: need}
	return need
}

// rowCells is the sanitized text of e's cells in cols.
func rowCells(cols []column, e *history.Event, loc *time.Location) []string {
	out := make([]string, len(cols))
	var in *insightInfo
	for j, c := range cols {
		if c.insight == nil {
			out[j] = Sanitize(c.value(e, loc))
			continue
		}
		if in == nil {
			parsed := parseInsight(e.Raw)
			in = &parsed
		}
		out[j] = Sanitize(c.insight(in))
	}
	return out
}
