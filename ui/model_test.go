package ui

import (
	"context"
	"errors"
	"image/color"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/store"
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

func TestOpenStoreInBackground(t *testing.T) {
	st := openStore(t, fixture())
	opened := false
	h := newHarness(t, nil, func(o *Options) {
		o.Sample = true
		o.OpenStore = func(context.Context) (*store.Store, error) { opened = true; return st, nil }
	})
	if !opened || !h.m.ownStore {
		t.Fatal("the store was not opened by OpenStore")
	}
	h.mustShow("Sample history (built in, not your data)", "1 of 200 events")

	failing := newHarness(t, nil, func(o *Options) {
		o.OpenStore = func(context.Context) (*store.Store, error) { return nil, errors.New("disk on fire") }
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
