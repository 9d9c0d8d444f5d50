package ui

import (
	"path/filepath"
	"strings"
	"testing"
)

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
