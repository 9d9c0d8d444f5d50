package ui

import (
	"errors"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/trailview/trailview/filter"
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
	if got := h.filterBar().input.Value(); got != "user:" {
		t.Fatalf("tab inserted %q, the bar showed %q", got, shown)
	}
	if got := barLine(h); got != shown {
		t.Fatalf("after tab the bar shows %q, before it showed %q", got, shown)
	}
	h.press("alice", "enter")
	h.mustShow("/user:alice (X)", "1 of 50 events")

	// Inside the text, the word before the cursor is completed the same way.
	h.press("/")
	h.filterBar().input.SetValue("ev error:*")
	h.filterBar().input.SetCursor(2)
	h.press("tab")
	if got := h.filterBar().input.Value(); got != "event: error:*" {
		t.Fatalf("completing inside the text gave %q", got)
	}
	// A negated field completes too; typed letters keep their case, as drawn.
	h.filterBar().input.SetValue("-US")
	h.filterBar().input.CursorEnd()
	h.press("x") // any key refreshes the suggestion; x makes -USx, which matches nothing
	h.press("backspace")
	shown = barLine(h)
	h.press("tab")
	if got := h.filterBar().input.Value(); got != "-USer:" || "/"+got != shown {
		t.Fatalf("-US completed to %q; the bar showed %q", got, shown)
	}
}

// TestFilterPasteLimits: a paste the filter language would refuse (too
// long, a control character) is refused in the bar with the language's
// own error, never cut and applied; hidden characters that are accepted
// show escaped while editing.
func TestFilterPasteLimits(t *testing.T) {
	h := newHarness(t, openStore(t, fixture()))
	big := "user:" + strings.Repeat("a", 1<<20)
	_, cliErr := filter.Compile(big, testNow)
	var fe *filter.Error
	if !errors.As(cliErr, &fe) {
		t.Fatalf("the language accepts a 1 MB filter: %v", cliErr)
	}
	h.press("/")
	h.send(tea.PasteMsg{Content: big})
	h.mustShow(fe.Msg, "paste was not inserted")
	if got := h.filterBar().input.Value(); got != "" {
		t.Fatalf("the bar took %d bytes of the refused paste", len(got))
	}
	h.press("enter")
	if h.m.q.text != "" {
		t.Fatalf("a refused paste was applied: %q", h.m.q.text)
	}

	// Typed past the limit: refused on enter with the same error.
	h.press("/")
	h.filterBar().input.SetValue(strings.Repeat("a", filter.MaxLength))
	h.press("aa", "enter")
	h.mustShow(fe.Msg)
	if h.m.q.text != "" {
		t.Fatalf("an over-long typed filter was applied (%d bytes)", len(h.m.q.text))
	}

	// A control character is refused as the command line refuses it.
	h.filterBar().input.SetValue("")
	h.send(tea.PasteMsg{Content: "user:a\x1b[31mb"})
	h.mustShow("control character U+001B is not allowed")

	// A bidi override is a valid filter character: it is kept, and drawn
	// visibly, never raw.
	h.filterBar().err = nil
	h.send(tea.PasteMsg{Content: "user:\u202Eexe.gnp"})
	if got := h.filterBar().input.Value(); got != "user:\u202Eexe.gnp" {
		t.Fatalf("bar holds %q", got)
	}
	screen := h.m.View().Content
	if strings.ContainsRune(screen, '\u202E') {
		t.Fatal("the bar draws U+202E raw")
	}
	if bar := barLine(h); bar != "/user:<U+202E>exe.gnp" {
		t.Fatalf("bar drawn as %q", bar)
	}
}

// TestFilterHintsUnderTheBar (item 28): a lower-case or and field=value
// with a known field get a "did you mean" under the bar, and the filter
// still runs as typed.
func TestFilterHintsUnderTheBar(t *testing.T) {
	h := newHarness(t, openStore(t, fixture()))
	h.press("/", "user=alice or bob")
	h.mustShow("did you mean user:alice / OR? (the filter runs as typed)")
	h.press("enter")
	if !h.m.tableFocused() || h.m.q.text != "user=alice or bob" {
		t.Fatalf("the hinted filter did not run as typed: focus on %T, %q", h.m.top(), h.m.q.text)
	}
	h.mustShow("/user=alice or bob (X)", "did you mean user:alice / OR?")
	// A field the language does not know gets no hint.
	h.press("/")
	h.filterBar().input.SetValue("colour=blue")
	h.press("enter")
	if strings.Contains(h.screen(), "did you mean") {
		t.Fatalf("hint for an unknown field:\n%s", h.screen())
	}
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

func TestPasteIntoFilter(t *testing.T) {
	h := newHarness(t, openStore(t, fixture()))
	h.press("/")
	h.send(tea.PasteMsg{Content: "user:bob"})
	h.press("enter")
	h.mustShow("/user:bob (X)")
}
