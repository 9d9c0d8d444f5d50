package ui

import (
	"testing"
)

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

// TestCompareShowsFullTimes: at 100 cells the compare view keeps every
// event's time whole; events that do not fit beside the others are
// reached with →.
func TestCompareShowsFullTimes(t *testing.T) {
	h := newHarness(t, openStore(t, fixture()))
	var times []string
	for i := 0; i < 5; i++ {
		times = append(times, h.m.selected().Time.UTC().Format(timeLayout))
		h.press("space")
	}
	h.press("v")
	h.mustShow("Compare events", "events 1–4 of 5")
	h.mustShow(times[:4]...)
	h.press("right")
	h.mustShow("events 2–5 of 5", times[4])
	h.press("right") // no further: the screen stays full
	h.mustShow("events 2–5 of 5")
	h.press("left", "left", "left")
	h.mustShow("events 1–4 of 5")
}
