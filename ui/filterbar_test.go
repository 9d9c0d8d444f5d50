package ui

import (
	"strings"
	"testing"
)

// barLine is the filter bar as drawn: the line above the footer.
func barLine(h *harness) string {
	lines := strings.Split(h.screen(), "\n")
	return strings.TrimRight(lines[len(lines)-2], " ")
}

// TestCompletionInsertsWhatItShows: the dimmed suggestion after the cursor
// and what tab inserts are one and the same, colon included, so that
// typing on makes a field term (user:alice), not a word search.
func TestCompletionInsertsWhatItShows(t *testing.T) {
	h := newHarness(t, openStore(t, fixture()))
	h.press("/", "us")
	shown := barLine(h)
	if shown != "/user:" {
		t.Fatalf("bar shows %q while typing us, want the suggestion /user:", shown)
	}
	h.press("tab")
	if got := h.m.filter.input.Value(); got != "user:" {
		t.Fatalf("tab inserted %q, the bar showed %q", got, shown)
	}
	if got := barLine(h); got != shown {
		t.Fatalf("after tab the bar shows %q, before it showed %q", got, shown)
	}
	h.press("alice", "enter")
	h.mustShow("/user:alice (X)", "1 of 50 events")

	// Inside the text, the word before the cursor is completed the same way.
	h.press("/")
	h.m.filter.input.SetValue("ev error:*")
	h.m.filter.input.SetCursor(2)
	h.press("tab")
	if got := h.m.filter.input.Value(); got != "event: error:*" {
		t.Fatalf("completing inside the text gave %q", got)
	}
	// A negated field completes too; typed letters keep their case, as drawn.
	h.m.filter.input.SetValue("-US")
	h.m.filter.input.CursorEnd()
	h.press("x") // any key refreshes the suggestion; x makes -USx, which matches nothing
	h.press("backspace")
	shown = barLine(h)
	h.press("tab")
	if got := h.m.filter.input.Value(); got != "-USer:" || "/"+got != shown {
		t.Fatalf("-US completed to %q; the bar showed %q", got, shown)
	}
}
