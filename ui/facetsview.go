package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// Widths of the panel's fixed columns; the value takes the rest.
const (
	facetCountW    = 7
	facetShareW    = 6
	facetTimeW     = 11 // "01-02 15:04": the window is at most a few months
	facetMinValueW = 12
)

const facetSeenLayout = "01-02 15:04"

// facetFrame is what one drawing of the panel needs from the root.
type facetFrame struct {
	width, height int
	focused       bool
	loc           *time.Location
	styles        Styles
}

// rowsVisible is how many values fit under the title and column lines.
func (f facetFrame) rowsVisible() int { return max(f.height-2, 1) }

// View draws the panel in exactly f.height lines of at most f.width cells.
// Values come from events, so they are escaped (Sanitize) before drawing.
func (p *facetsPanel) View(f facetFrame) []string {
	s := f.styles
	lines := []string{p.titleLine(f)}
	withTimes := f.width-facetFixedWidth(true) >= facetMinValueW
	valueW := max(f.width-facetFixedWidth(withTimes), 1)
	head := "  " + pad(strings.ToUpper(p.current().label), valueW) + " " + padLeft("COUNT", facetCountW) + " " + padLeft("SHARE", facetShareW)
	if p.newOnly {
		head = "  " + pad(strings.ToUpper(p.current().label), valueW) + " " + padLeft("COUNT", facetCountW) + " " + padLeft("", facetShareW)
	}
	if withTimes {
		head += " " + pad("FIRST SEEN", facetTimeW) + " " + pad("LAST SEEN", facetTimeW)
	}
	lines = append(lines, s.ColumnTitle.Render(truncate(head, f.width)))
	switch {
	case p.err != "":
		for _, l := range wrapWords(Sanitize(p.err), max(f.width-2, 10)) {
			lines = append(lines, s.StatusError.Render("  "+l))
		}
	case len(p.res.Values) == 0 && p.loading:
		lines = append(lines, s.Dim.Render("  counting…"))
	case len(p.res.Values) == 0 && p.newOnly:
		lines = append(lines, s.Dim.Render(truncate(fmt.Sprintf("  no %s first seen in this window", p.current().label), f.width)))
	case len(p.res.Values) == 0:
		lines = append(lines, s.Dim.Render(truncate(fmt.Sprintf("  no %s in %s events", p.current().label, commas(p.res.Total)), f.width)))
	}
	if p.err == "" {
		for i := p.firstShown(f.rowsVisible()); i < len(p.res.Values) && len(lines) < f.height; i++ {
			lines = append(lines, p.valueLine(i, valueW, withTimes, f))
		}
	}
	for len(lines) < f.height {
		lines = append(lines, "")
	}
	return lines[:f.height]
}

// facetFixedWidth is the cells the panel's line takes besides the value.
func facetFixedWidth(withTimes bool) int {
	w := 2 + 1 + facetCountW + 1 + facetShareW
	if withTimes {
		w += 2 * (1 + facetTimeW)
	}
	return w
}

// titleLine names the field, where it is among the fields, and the
// totals of the answer (or that it is being counted).
func (p *facetsPanel) titleLine(f facetFrame) string {
	s := f.styles
	name := fmt.Sprintf("Facets ‹ %s › %d/%d", p.current().label, p.field+1, len(p.fields()))
	if p.newOnly {
		name += " · new only"
	}
	title := s.DialogTitle.Render(name)
	if f.focused {
		title = s.ItemActive.Render(name)
	}
	info := fmt.Sprintf("%s events · %s distinct · %s without", commas(p.res.Total), commas(p.res.Distinct), commas(p.res.Missing))
	if p.newOnly {
		info = fmt.Sprintf("%s values first seen in the window, never before it", commas(p.res.Distinct))
	}
	if p.loading {
		info = "counting…"
	}
	return truncate(title+"  "+s.Dim.Render(info), f.width)
}

// valueLine is value i: the cursor glyph, value, count, share of the
// query's events, and first and last seen in the screen's zone.
func (p *facetsPanel) valueLine(i, valueW int, withTimes bool, f facetFrame) string {
	v := p.res.Values[i]
	gutter := "  "
	if i == p.cursor {
		gutter = glyphCursor + " "
	}
	share := 0.0
	if p.res.Total > 0 {
		share = 100 * float64(v.Count) / float64(p.res.Total)
	}
	shareText := fmt.Sprintf("%.1f%%", share)
	if p.newOnly {
		shareText = "new" // a first sighting: the mark reads without colour
	}
	line := gutter + pad(Sanitize(v.Value), valueW) + " " + padLeft(commas(v.Count), facetCountW) + " " +
		padLeft(shareText, facetShareW)
	if withTimes {
		line += " " + v.FirstSeen.In(f.loc).Format(facetSeenLayout)
		if !v.LastSeen.IsZero() {
			line += " " + v.LastSeen.In(f.loc).Format(facetSeenLayout)
		}
	}
	line = truncate(line, f.width)
	switch {
	case i == p.cursor && f.focused:
		return f.styles.SelectedRow.Render(line)
	case p.loading:
		return f.styles.Dim.Render(line) // the previous query's values: not the answer
	}
	return line
}

// padLeft right-aligns s in w cells (numbers).
func padLeft(s string, w int) string {
	if sw := ansi.StringWidth(s); sw < w {
		return strings.Repeat(" ", w-sw) + s
	}
	return s
}
