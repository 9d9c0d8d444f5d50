package ui

import (
	"strings"
	"testing"
)

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

// TestDetailCopyFeedback: y in the detail view says, in the detail view,
// that the record was copied (issue 14, item 28).
func TestDetailCopyFeedback(t *testing.T) {
	h := newHarness(t, openStore(t, fixture()))
	h.press("enter", "y")
	if !focusIs[*detailView](h) {
		t.Fatal("y left the detail view")
	}
	h.mustShow("record copied (", "OSC 52")
	if !strings.Contains(h.clipboard, `"eventVersion"`) {
		t.Fatalf("clipboard holds %q", h.clipboard)
	}
	// The next event starts with a clean status line.
	h.press("n")
	if strings.Contains(h.screen(), "record copied") {
		t.Fatal("the copy message stayed on the next event")
	}
	// While the record is still on its way, y says so instead of nothing.
	d := focusedAs[*detailView](h)
	d.loading, d.json = true, ""
	h.press("y")
	h.mustShow("still loading")
}
