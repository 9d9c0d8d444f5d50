package ui

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/trailview/trailview/export"
	"github.com/trailview/trailview/history"
)

// tableLines returns the screen's table rows (without the titles), one
// per buffered row on screen, drawn without styles as NO_COLOR would.
func tableLines(h *harness) []string {
	h.t.Helper()
	lines := strings.Split(h.screen(), "\n")
	top := h.m.tableTop()
	n := min(len(h.m.tbl.rows)-h.m.tbl.offset, h.m.tableHeight())
	return lines[top : top+n]
}

// TestFailedCallsMarkedWithoutColour: a failed call (errorCode set) has
// a glyph in the gutter, so that it shows without colour, and the help
// explains the glyphs (issue 14, item 15).
func TestFailedCallsMarkedWithoutColour(t *testing.T) {
	h := newHarness(t, openStore(t, fixture()))
	failed := 0
	for i, line := range tableLines(h) {
		e := h.m.tbl.rows[h.m.tbl.offset+i]
		gutter := []rune(line)[:gutterWidth]
		if got, want := string(gutter[1]) == glyphFailed, e.ErrorCode != ""; got != want {
			t.Fatalf("row %d (errorCode %q) is drawn %q: failed glyph %v, want %v", i, e.ErrorCode, line, got, want)
		}
		if e.ErrorCode != "" {
			failed++
		}
	}
	if failed == 0 {
		t.Fatal("the fixture shows no failed call on the first screen")
	}
	// The selected row keeps its failed glyph beside the selection glyph.
	for h.m.selected().ErrorCode == "" {
		h.press("j")
	}
	line := tableLines(h)[h.m.tbl.cursor-h.m.tbl.offset]
	if !strings.HasPrefix(line, glyphCursor+glyphFailed+" ") {
		t.Fatalf("selected failed row drawn %q", line)
	}
	h.press("?")
	h.mustShow(glyphFailed+" failed call", glyphCursor+" selected", glyphMarked+" marked")
}

// longNamesFixture gives the fixture's users long names, as real
// federated session names are.
func longNamesFixture() []record {
	recs := fixture()
	for i, r := range recs {
		if id, ok := r["userIdentity"].(record); ok {
			id["userName"] = fmt.Sprintf("%s.%03d@example-corporation.com", id["userName"], i%7)
		}
	}
	return recs
}

// TestColumnsShareTheWidth: on a wide terminal every cell shows in full
// (no column is capped while space is left over); on a narrow one the
// narrow columns stay whole and the wide ones are cut (issue 14, item 23).
func TestColumnsShareTheWidth(t *testing.T) {
	cols := append(append([]string(nil), defaultColumnIDs...), "AWS access key")
	h := newHarness(t, openStore(t, longNamesFixture()), func(o *Options) { o.Columns = cols })
	for _, width := range []int{220, 300} {
		h.send(tea.WindowSizeMsg{Width: width, Height: 30})
		lines := tableLines(h)
		for i, line := range lines {
			e := h.m.tbl.rows[h.m.tbl.offset+i]
			if strings.Contains(line, "…") {
				t.Fatalf("width %d: row %d is cut: %q", width, i, line)
			}
			for _, want := range []string{e.Username, e.AccessKeyID, e.EventSource, e.EventName} {
				if !strings.Contains(line, want) {
					t.Fatalf("width %d: row %d lacks %q: %q", width, i, want, line)
				}
			}
		}
	}
	// At 100 cells not everything fits: the Event time stays whole, and
	// the long user names are cut.
	h.send(tea.WindowSizeMsg{Width: 100, Height: 30})
	cut := false
	for i, line := range tableLines(h) {
		e := h.m.tbl.rows[h.m.tbl.offset+i]
		if !strings.Contains(line, e.Time.UTC().Format(timeLayout)) {
			t.Fatalf("width 100: row %d lacks its full time: %q", i, line)
		}
		cut = cut || !strings.Contains(line, e.Username)
	}
	if !cut {
		t.Fatal("width 100: every long user name fits, the test proves nothing")
	}
	for _, l := range strings.Split(h.screen(), "\n") {
		if w := ansi.StringWidth(l); w > 100 {
			t.Fatalf("line of %d cells at width 100: %q", w, l)
		}
	}
}

// TestHiddenColumnsMarker: columns that do not fit at all are hidden
// from the right, and the titles end with a marker saying how many.
func TestHiddenColumnsMarker(t *testing.T) {
	var all []string
	for _, c := range export.Columns() {
		all = append(all, c.Name)
	}
	h := newHarness(t, openStore(t, fixture()), func(o *Options) { o.Columns = all })
	h.send(tea.WindowSizeMsg{Width: 120, Height: 30})
	titles := strings.Split(h.screen(), "\n")[h.m.tableTop()-1]
	m := regexp.MustCompile(`\+(\d+) »\s*$`).FindStringSubmatch(titles)
	if m == nil {
		t.Fatalf("no hidden-columns marker in %q", titles)
	}
	cols := h.m.cols.shown()
	fit := fitColumns(cols, h.m.table.columnNeeds(cols, h.m.location(), h.m.tbl.rows), 120-gutterWidth)
	if fit.hidden == 0 || m[1] != fmt.Sprint(fit.hidden) {
		t.Fatalf("marker says %s hidden, the layout hides %d: %q", m[1], fit.hidden, titles)
	}
	last := cols[len(fit.widths)-1].title
	if !strings.Contains(titles, last[:min(len(last), fit.widths[len(fit.widths)-1]-1)]) {
		t.Fatalf("the last drawn column %q is not before the marker: %q", last, titles)
	}
	// Wide enough for everything: no marker.
	h.send(tea.WindowSizeMsg{Width: 600, Height: 30})
	if titles := strings.Split(h.screen(), "\n")[h.m.tableTop()-1]; strings.Contains(titles, "»") {
		t.Fatalf("marker with every column shown: %q", titles)
	}
}

func TestFitColumns(t *testing.T) {
	col := func(min int) column { return column{min: min} }
	cols := []column{col(10), col(19), col(8), col(8)}
	tests := []struct {
		name   string
		need   []int
		total  int
		want   []int
		hidden int
	}{
		{"everything fits, the rest to the last", []int{12, 19, 20, 30}, 100, []int{12, 19, 20, 46}, 0},
		{"exactly fits", []int{12, 19, 20, 30}, 84, []int{12, 19, 20, 30}, 0},
		// 60-3 gaps = 57: 12 and 19 whole, 26 shared by the two wide ones.
		{"wide columns share what is left", []int{12, 19, 40, 30}, 60, []int{12, 19, 13, 13}, 0},
		{"minimums kept", []int{40, 19, 40, 40}, 48, []int{10, 19, 8, 8}, 0},
		// 40 cells: 10+19+8 with two gaps and the marker "+1 »" are 42;
		// two columns leave 40-1-5 = 34 cells.
		{"hidden from the right", []int{40, 19, 40, 40}, 40, []int{15, 19}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := fitColumns(cols, tt.need, tt.total)
			if fmt.Sprint(got.widths) != fmt.Sprint(tt.want) || got.hidden != tt.hidden {
				t.Fatalf("fitColumns = %v hidden %d, want %v hidden %d", got.widths, got.hidden, tt.want, tt.hidden)
			}
			used := sum(got.widths) + len(got.widths) - 1
			if got.hidden > 0 {
				used += ansi.StringWidth(hiddenMarker(got.hidden)) + 1
			}
			if used > tt.total {
				t.Fatalf("uses %d cells of %d", used, tt.total)
			}
		})
	}
}

func TestScrollKeysetWindow(t *testing.T) {
	h := newHarness(t, openStore(t, fixture()))
	h.press("x") // all 300 events
	h.mustShow("1 of 300 events")
	h.press("j", "j")
	h.mustShow("3 of 300 events")
	h.press("pgdown")
	pos := h.m.tbl.base + int64(h.m.tbl.cursor) + 1
	if want := int64(3 + h.m.tableHeight()); pos != want {
		t.Fatalf("after pgdown at row %d, want %d", pos, want)
	}
	h.press("G")
	h.mustShow("300 of 300 events")
	if !h.m.tbl.atEnd {
		t.Fatal("G did not reach the end")
	}
	h.press("g")
	h.mustShow("1 of 300 events")
	// Walk down the whole history line by line: the buffer stays bounded
	// and every row is seen once, in order.
	var last history.Event
	for i := 1; i < 300; i++ {
		prev := *h.m.selected()
		h.press("j")
		cur := *h.m.selected()
		if cur.ID == prev.ID {
			t.Fatalf("stuck at row %d", i)
		}
		if cur.Time.After(prev.Time) {
			t.Fatalf("row %d newer than the row above it", i)
		}
		if len(h.m.tbl.rows) > h.m.maxRows() {
			t.Fatalf("buffer grew to %d rows", len(h.m.tbl.rows))
		}
		last = cur
	}
	h.mustShow("300 of 300 events")
	if last.EventID != "00000000-0000-4000-8000-000000000299" {
		t.Fatalf("last row %s", last.EventID)
	}
}

func TestStaleResultsDropped(t *testing.T) {
	h := newHarness(t, openStore(t, fixture()))
	old := h.m.seq
	h.press("x") // a new query: seq moves on
	stale := pageMsg{seq: old, kind: pageReset, limit: 100}
	h.send(stale)
	if len(h.m.tbl.rows) == 0 {
		t.Fatal("a stale empty page replaced the rows")
	}
	h.send(countMsg{seq: old, n: 7})
	if h.m.tbl.total == 7 {
		t.Fatal("a stale count was shown")
	}
}
