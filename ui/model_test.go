package ui

import (
	"context"
	"errors"
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/trailview/trailview/history"
)

func TestFirstScreenDefaults(t *testing.T) {
	h := newHarness(t, openStore(t, fixture()))
	if got, want := h.m.q.region, "us-east-1"; got != want {
		t.Fatalf("region = %q, want the busiest %q", got, want)
	}
	// Console parity: Read-only = false by default, the six columns.
	h.mustShow("Read-only = false", "Event name", "Event time", "User name", "Event source", "Resource type", "Resource name",
		"last 90 days", "all 2 accounts")
	// 300 events, 100 of them read-only (i%3 == 0).
	h.mustShow("1 of 200 events")
	if h.m.tbl.rows[0].ReadOnly != "false" {
		t.Fatalf("first row is read-only: %+v", h.m.tbl.rows[0])
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

func TestLookupAndTabs(t *testing.T) {
	h := newHarness(t, openStore(t, fixture()))
	// l, then User name (last attribute before "None"), type alice.
	h.press("l")
	for i := 0; i < 7; i++ {
		h.press("down")
	}
	h.press("enter")
	h.press("alice", "enter")
	h.mustShow("User name = alice")
	for _, e := range h.m.tbl.rows {
		if e.Username != "alice" {
			t.Fatalf("lookup returned %s", e.Username)
		}
	}
	h.mustShow("1 of 75 events")
	// The Insights tab sets the User name lookup aside (LookupEvents
	// refuses it there) and shows the Insights events.
	h.press("tab")
	h.mustShow("n/a for Insights", "1 of 2 events")
	h.press("tab")
	h.mustShow("1 of 75 events")
}

func TestLookupValidation(t *testing.T) {
	h := newHarness(t, openStore(t, fixture()))
	h.press("l")
	for i := 0; i < 4; i++ {
		h.press("down") // Read-only
	}
	h.press("enter", "maybe", "enter")
	h.mustShow("Read-only takes true or false")
	if !focusIs[*picker](h) {
		t.Fatal("a refused value closed the dialog")
	}
}

func TestRegionSwitch(t *testing.T) {
	h := newHarness(t, openStore(t, fixture()))
	h.press("r")
	h.mustShow("us-east-1", "eu-west-1")
	h.press("down", "enter")
	if h.m.q.region != "eu-west-1" {
		t.Fatalf("region = %s", h.m.q.region)
	}
	for _, e := range h.m.tbl.rows {
		if e.Region != "eu-west-1" {
			t.Fatalf("row from %s", e.Region)
		}
	}
}

func TestTimeRange(t *testing.T) {
	h := newHarness(t, openStore(t, fixture()))
	h.press("x", "t")
	h.press("up", "up", "up", "up", "up", "up", "up", "enter") // Last 30 minutes
	h.mustShow("last 30 minutes")
	// Events every 7 minutes from now: 0, 7, 14, 21, 28.
	if got := h.m.tbl.total; got != 5 {
		t.Fatalf("30 minutes hold %d events, want 5", got)
	}
	h.press("t")
	h.press("down", "down") // from Last 90 days to Custom absolute
	h.press("enter", "2025-03-01 11:00 .. 2025-03-01 11:30", "enter")
	if got := h.m.tbl.total; got != 4 { // 35, 42, 49 and 56 minutes before noon
		t.Fatalf("absolute range holds %d events, want 4", got)
	}
}

func TestDetailNextPrevAndCopy(t *testing.T) {
	h := newHarness(t, openStore(t, fixture()))
	first := h.m.selected().EventID
	h.press("enter")
	h.mustShow(`"eventID": "`+first+`"`, "Resources referenced", "Event record:")
	h.press("n")
	second := h.m.selected().EventID
	if second == first {
		t.Fatal("n did not move on")
	}
	h.mustShow(`"eventID": "` + second + `"`)
	h.press("p")
	h.mustShow(`"eventID": "` + first + `"`)
	h.press("y")
	if !strings.Contains(h.clipboard, first) {
		t.Fatalf("clipboard holds %q", h.clipboard)
	}
	h.press("esc")
	if !h.m.tableFocused() {
		t.Fatal("esc did not go back")
	}
}

func TestColumnsDialogSavesAndRestores(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "trailview", "config")
	st := openStore(t, fixture())
	h := newHarness(t, st, func(o *Options) { o.ConfigPath = cfg })
	h.press("c")
	h.mustShow("Columns", "[x] Event name", "[ ] AWS access key")
	h.press("K")         // cannot move the first row up
	h.press("down", "J") // Event time below User name
	h.press("space")     // hide Event time
	for i := 0; i < 5; i++ {
		h.press("down")
	}
	h.press("space", "enter") // show AWS region
	want := []string{"Event name", "User name", "Event source", "Resource type", "Resource name", "AWS region"}
	if got := h.m.cols.ids(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("columns %v, want %v", got, want)
	}
	saved, err := LoadColumns(cfg)
	if err != nil || strings.Join(saved, ",") != strings.Join(want, ",") {
		t.Fatalf("saved %v (%v)", saved, err)
	}
	h2 := newHarness(t, st, func(o *Options) { o.Columns = saved })
	h2.mustShow("AWS region")
	if strings.Contains(h2.screen(), "Event time") {
		t.Fatal("hidden column came back")
	}
	// Esc cancels without saving.
	h2.press("c", "space", "esc")
	if len(h2.m.cols.ids()) != len(want) {
		t.Fatal("esc applied the change")
	}
}

func TestCompareMarked(t *testing.T) {
	h := newHarness(t, openStore(t, fixture()))
	h.press("v")
	h.mustShow("mark 2 to 5 events")
	h.press("space", "space", "space")
	h.mustShow("3 marked")
	h.press("v")
	h.mustShow("Compare events", "≠ ", "Event ID")
	h.press("esc", "esc")
	if len(h.m.marked) != 0 {
		t.Fatal("esc in the table did not clear marks")
	}
}

func TestExportDialogWritesCSV(t *testing.T) {
	h := newHarness(t, openStore(t, fixture()))
	out := filepath.Join(t.TempDir(), "out.csv")
	h.press("e")
	h.mustShow("Export events", "CSV")
	h.press("tab", "tab", "tab")
	h.exportDlg().name.SetValue(out)
	h.press("enter")
	h.mustShow("exported 200 events")
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) != 201 || !strings.HasPrefix(lines[0], "User name,AWS access key,Event time") {
		t.Fatalf("csv has %d lines, header %q", len(lines), lines[0])
	}
	// A second export to the same file asks before overwriting.
	h.press("e", "tab", "tab", "tab")
	h.exportDlg().name.SetValue(out)
	h.press("enter")
	h.mustShow("press enter again to overwrite")
	h.press("enter")
	h.mustShow("exported 200 events")
}

func TestLoadFromUI(t *testing.T) {
	st := openStore(t, nil)
	path := writeRecords(t, fixture())
	h := newHarness(t, st, func(o *Options) { o.Paths = []string{path} })
	h.mustShow("loaded 342 events", "us-east-1", "1 of 200 events")
}

func TestTooSmallAndResize(t *testing.T) {
	h := newHarness(t, openStore(t, fixture()))
	h.send(tea.WindowSizeMsg{Width: 40, Height: 8})
	h.mustShow("Terminal too small", "need 60x12, have 40x8")
	h.send(tea.WindowSizeMsg{Width: 100, Height: 30})
	h.mustShow("Event name")
	for _, l := range strings.Split(h.screen(), "\n") {
		if w := len([]rune(l)); w > 100 {
			t.Fatalf("line of %d cells: %q", w, l)
		}
	}
}

func TestQuitKeys(t *testing.T) {
	h := newHarness(t, openStore(t, fixture()))
	if _, cmd := h.m.Update(tea.KeyPressMsg{Code: 'q', Text: "q"}); cmd == nil || cmd() != tea.Quit() {
		t.Fatal("q does not quit from the table")
	}
	h.press("enter")
	if _, cmd := h.m.Update(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}); cmd == nil || cmd() != tea.Quit() {
		t.Fatal("ctrl+c does not quit from the detail view")
	}
}

func TestEmptyStore(t *testing.T) {
	h := newHarness(t, openStore(t, nil))
	h.mustShow("0 events", "all Regions", "no account")
}

func TestFilterBar(t *testing.T) {
	h := newHarness(t, openStore(t, fixture()))
	h.press("/", "user:alcie OR", "enter")
	if !focusIs[*filterBar](h) || h.filterBar().err == nil {
		t.Fatalf("a bad filter was accepted: focus on %T", h.m.top())
	}
	h.mustShow("error at column")
	// Fix it: clear and type a good filter with completion.
	h.filterBar().input.SetValue("")
	h.press("us", "tab")
	if got := h.filterBar().input.Value(); got != "user" && got != "user:" {
		t.Fatalf("completion gave %q", got)
	}
	h.filterBar().input.SetValue("user:alice")
	h.press("enter")
	if !h.m.tableFocused() {
		t.Fatal("a good filter did not close the bar")
	}
	h.mustShow("/user:alice (X)", "1 of 50 events") // alice's writes
	for _, e := range h.m.tbl.rows {
		if e.Username != "alice" {
			t.Fatalf("filter let %s through", e.Username)
		}
	}
	// History: up recalls the last filter.
	h.press("/")
	h.filterBar().input.SetValue("")
	h.press("up")
	if got := h.filterBar().input.Value(); got != "user:alice" {
		t.Fatalf("history gave %q", got)
	}
	h.press("esc", "X")
	h.mustShow("1 of 200 events")
}

func TestMouseAndTheme(t *testing.T) {
	h := newHarness(t, openStore(t, fixture()))
	h.send(tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	h.mustShow("4 of 200 events")
	// Click the sixth row on screen: selects it; a second click opens it.
	y := h.m.tableTop() + 5
	h.send(tea.MouseClickMsg{Button: tea.MouseLeft, Y: y})
	want := h.m.tbl.rows[h.m.tbl.offset+5].EventID
	if h.m.selected().EventID != want {
		t.Fatalf("click selected %s, want %s", h.m.selected().EventID, want)
	}
	h.send(tea.MouseClickMsg{Button: tea.MouseLeft, Y: y})
	if !focusIs[*detailView](h) {
		t.Fatal("second click did not open the event")
	}
	// A light background rebuilds the styles; the screen still draws.
	h.send(tea.BackgroundColorMsg{Color: color.White})
	if h.m.styles.isDark {
		t.Fatal("white background kept the dark styles")
	}
	h.mustShow("Event record:")
}

func TestLocalTimeToggle(t *testing.T) {
	h := newHarness(t, openStore(t, fixture()))
	h.mustShow("UTC", "2025-03-01 11:53:00")
	h.press("z")
	h.mustShow("CET", "2025-03-01 12:53:00")
}

func TestPasteIntoFilter(t *testing.T) {
	h := newHarness(t, openStore(t, fixture()))
	h.press("/")
	h.send(tea.PasteMsg{Content: "user:bob"})
	h.press("enter")
	h.mustShow("/user:bob (X)")
}

func TestOpenStoreInBackground(t *testing.T) {
	st := openStore(t, fixture())
	opened := false
	h := newHarness(t, nil, func(o *Options) {
		o.Sample = true
		o.OpenStore = func(context.Context) (*history.Store, error) { opened = true; return st, nil }
	})
	if !opened || !h.m.ownStore {
		t.Fatal("the store was not opened by OpenStore")
	}
	h.mustShow("Sample history (built in, not your data)", "1 of 200 events")

	failing := newHarness(t, nil, func(o *Options) {
		o.OpenStore = func(context.Context) (*history.Store, error) { return nil, errors.New("disk on fire") }
	})
	failing.mustShow("disk on fire")
	failing.press("r", "/", "enter") // nothing to browse: keys are ignored, no panic
	if !failing.m.tableFocused() {
		t.Fatal("a dialog opened without a store")
	}
}

// TestCountWhileResetting: a new query's count can arrive before its first
// page; until the page is in, the rows on screen are the old query's, so
// the position is not claimed.
func TestCountWhileResetting(t *testing.T) {
	m := &Model{}
	m.tbl.rows = make([]history.Event, 3)
	m.tbl.total, m.tbl.totalKnown = 2, true
	if got := m.countText(); got != "1 of 2 events" {
		t.Fatalf("settled: %q", got)
	}
	m.tbl.resetting = true
	if got := m.countText(); got != "… of 2 events" {
		t.Fatalf("while the new page is read: %q, want %q", got, "… of 2 events")
	}
}
