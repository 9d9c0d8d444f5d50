package ui

import (
	"fmt"
	"strings"
	"time"
)

// stripHeightLines is the strip's height: a title, two rows of bars (16
// levels with eighth blocks: a spike stands out), and a line of markers.
const stripHeightLines = 4

// stripBarRows is the bars' height in cells.
const stripBarRows = 2

// Strip glyphs: the bar, the errors inside it (a shade, so that errors
// show without colour too), the cursor and the selected row's bucket.
var barEighths = []rune(" ▁▂▃▄▅▆▇█")

const (
	glyphBarError  = '▒'
	glyphBucketCur = '▲'
	glyphBucketSel = '•'
)

// timelineFrame is what one drawing of the strip needs from the root.
type timelineFrame struct {
	width    int
	focused  bool
	selected int // the table's selected row's bucket, -1 when none
	loc      *time.Location
	styles   Styles
}

// View draws the strip in exactly stripHeightLines lines.
func (s *timelineStrip) View(f timelineFrame) []string {
	lines := []string{s.titleLine(f)}
	if s.err != "" || len(s.buckets) == 0 {
		msg := "counting…"
		if s.err != "" {
			msg = Sanitize(s.err)
		}
		lines = append(lines, f.styles.Dim.Render(truncate("  "+msg, f.width)))
		return padLines(lines, stripHeightLines)
	}
	peak := int64(0)
	for _, b := range s.buckets {
		peak = max(peak, b.Events)
	}
	for row := stripBarRows - 1; row >= 0; row-- {
		lines = append(lines, s.barRow(row, peak, f))
	}
	lines = append(lines, s.markerLine(f))
	return padLines(lines, stripHeightLines)
}

// titleLine says the bucket size, the peak that the bars are scaled to,
// the legend, and the cursor's bucket when the strip has the focus.
func (s *timelineStrip) titleLine(f timelineFrame) string {
	st := f.styles
	name := "Timeline"
	title := st.DialogTitle.Render(name)
	if f.focused {
		title = st.ItemActive.Render(name)
	}
	if len(s.buckets) == 0 {
		return truncate(title, f.width)
	}
	var peak, events, errs int64
	for _, b := range s.buckets {
		peak, events, errs = max(peak, b.Events), events+b.Events, errs+b.Errors
	}
	info := fmt.Sprintf(" %s buckets · peak %s events · %s events, %s errors (%c) · %s", s.size.name, commas(peak),
		commas(events), commas(errs), glyphBarError, s.span(0, len(s.buckets)-1, f.loc))
	if s.loading {
		info += " · counting…"
	}
	if i := s.cursor; f.focused && i >= 0 && i < len(s.buckets) {
		b := s.buckets[i]
		info = fmt.Sprintf(" %s · peak %s · %c %s: %s events, %s errors · enter narrows to it", s.size.name, commas(peak),
			glyphBucketCur, s.span(i, i, f.loc), commas(b.Events), commas(b.Errors))
	}
	return truncate(title+st.Dim.Render(info), f.width)
}

// span is the time from bucket i's start to bucket j's end.
func (s *timelineStrip) span(i, j int, loc *time.Location) string {
	const layout = "01-02 15:04"
	start := s.buckets[i].Start.In(loc)
	end := s.buckets[j].Start.Add(s.size.d).In(loc)
	if start.YearDay() == end.YearDay() && start.Year() == end.Year() {
		return start.Format(layout) + "–" + end.Format("15:04")
	}
	return start.Format(layout) + "–" + end.Format(layout)
}

// barRow draws one row of the bars, row 0 the bottom. Heights are scaled
// to the peak so that a spike reaches the top; a bucket with any event
// shows at least an eighth, and one with errors shows at least one cell
// of shade at its bottom.
func (s *timelineStrip) barRow(row int, peak int64, f timelineFrame) string {
	levels := int64(stripBarRows * 8)
	var b strings.Builder
	var run []rune
	runErr := false
	flush := func() {
		if len(run) == 0 {
			return
		}
		if runErr {
			b.WriteString(f.styles.Error.Render(string(run)))
		} else {
			b.WriteString(f.styles.Count.Render(string(run)))
		}
		run = run[:0]
	}
	for i, bk := range s.buckets {
		if i >= f.width {
			break
		}
		h := ceilDiv(bk.Events*levels, max(peak, 1))
		errCells := ceilDiv(ceilDiv(bk.Errors*levels, max(peak, 1)), 8)
		c, isErr := barEighths[min(max(h-int64(row)*8, 0), 8)], false
		if int64(row) < errCells {
			c, isErr = glyphBarError, true
		}
		if isErr != runErr {
			flush()
			runErr = isErr
		}
		run = append(run, c)
	}
	flush()
	return b.String()
}

// markerLine marks the table's selected row's bucket and, when the strip
// has the focus, the cursor's.
func (s *timelineStrip) markerLine(f timelineFrame) string {
	n := min(len(s.buckets), f.width)
	cells := []rune(strings.Repeat(" ", n))
	if f.selected >= 0 && f.selected < n {
		cells[f.selected] = glyphBucketSel
	}
	if f.focused && s.cursor >= 0 && s.cursor < n {
		cells[s.cursor] = glyphBucketCur
	}
	return strings.TrimRight(string(cells), " ")
}

// ceilDiv is a/b rounded up, for non-negative a and positive b.
func ceilDiv(a, b int64) int64 { return (a + b - 1) / b }
