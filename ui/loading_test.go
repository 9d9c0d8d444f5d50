package ui

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

// runAsync runs the commands of a batch on goroutines, as Bubble Tea
// does, and returns their messages as they come. Running the batch
// itself only lists its commands.
func runAsync(t *testing.T, batch tea.Cmd) (<-chan tea.Msg, int) {
	t.Helper()
	cmds, ok := batch().(tea.BatchMsg)
	if !ok {
		t.Fatal("the query is not a batch of page and count")
	}
	out := make(chan tea.Msg, len(cmds))
	n := 0
	for _, c := range cmds {
		if c != nil {
			n++
			go func() { out <- c() }()
		}
	}
	return out, n
}

// TestSlowQueryLoadsAndEscCancels (item 24): while a new filter's query
// runs, the old rows are shown as not the answer (they cannot be opened);
// esc cancels it, which interrupts SQLite through the query's context,
// and brings back the previous result.
func TestSlowQueryLoadsAndEscCancels(t *testing.T) {
	h := newHarness(t, openStore(t, fixture()))
	h.press("/", "user:alice", "enter")
	h.mustShow("/user:alice (X)", "1 of 50 events")
	h.press("j", "j")
	before := h.m.selected().EventID

	// A new filter whose page and count never end: the store stalls them
	// with a condition that only an interrupt stops.
	h.press("/")
	h.filterBar().input.SetValue("user:bob")
	h.m.st.StallQueriesForTest(2)
	_, fetch := h.m.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
	answers, n := runAsync(t, fetch)
	if n != 2 {
		t.Fatalf("enter ran %d commands, want the page and the count", n)
	}

	h.mustShow("/user:bob (X)", "loading… (esc cancels)")
	h.press("enter")
	if !h.m.tableFocused() {
		t.Fatal("a row of the previous query opened while the new one loads")
	}
	h.press("esc")
	h.mustShow("/user:alice (X)", "3 of 50 events", "query cancelled")
	if h.m.selected().EventID != before || h.m.q.text != "user:alice" {
		t.Fatalf("esc did not restore the previous result: %s, %q", h.m.selected().EventID, h.m.q.text)
	}
	// The cancelled step is forgotten: one back goes to the state before
	// user:alice, not to user:alice again.
	if got := len(h.m.nav.back); got != 1 || h.m.nav.back[0].text != "" {
		t.Fatalf("after the cancel the back stack has %d states, want only the unfiltered one", got)
	}
	// The page and the count were interrupted: they return, with errors.
	deadline := time.After(30 * time.Second) // a failure guard, not a wait for timing
	for i := 0; i < n; i++ {
		select {
		case msg := <-answers:
			switch msg := msg.(type) {
			case pageMsg:
				if !errors.Is(msg.err, context.Canceled) {
					t.Fatalf("the endless page query ended with %v, not its cancellation", msg.err)
				}
			case countMsg:
				if !errors.Is(msg.err, context.Canceled) {
					t.Fatalf("the endless count ended with %v, not its cancellation", msg.err)
				}
			default:
				t.Fatalf("unexpected answer %T", msg)
			}
			h.send(msg) // a cancelled query's answers are dropped
		case <-deadline:
			t.Fatal("esc did not interrupt the SQLite query")
		}
	}
	h.mustShow("/user:alice (X)", "3 of 50 events")
	if strings.Contains(h.screen(), "loading") {
		t.Fatal("still loading after the cancel")
	}
	// The restored result scrolls and opens as before.
	h.press("enter")
	if !focusIs[*detailView](h) {
		t.Fatal("the restored rows cannot be opened")
	}
}

// TestEscRestoresTheRegion: cancelling a switch to another Region brings
// back the previous Region with its accounts, not the new one's.
func TestEscRestoresTheRegion(t *testing.T) {
	h := newHarness(t, openStore(t, fixture()))
	h.mustShow("all 2 accounts · us-east-1")
	h.press("r", "down")
	_, cmd := h.m.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
	// The new Region's accounts arrive; its window and rows do not yet.
	msgs, n := runAsync(t, cmd)
	for i := 0; i < n; i++ {
		if msg := <-msgs; msg != nil {
			if _, ok := msg.(scopesMsg); ok {
				h.send(msg)
			}
		}
	}
	h.mustShow("eu-west-1", "loading… (esc cancels)")
	h.press("esc")
	h.mustShow("all 2 accounts · us-east-1", "1 of 200 events")
}

// TestEscBeforeTheWindowArrives: esc while a Region's default window is
// still being read stays cancelled when the window comes.
func TestEscBeforeTheWindowArrives(t *testing.T) {
	h := newHarness(t, openStore(t, fixture()))
	h.press("t", "down", "down", "down", "down", "enter") // Everything
	h.mustShow("any time (everything in the store)", "1 of 200 events")
	h.press("t", "down", "down", "down") // Default: the Region's window, read in the background
	_, cmd := h.m.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
	msgs, n := runAsync(t, cmd)
	h.press("esc")
	seq := h.m.seq
	for i := 0; i < n; i++ {
		msg := <-msgs
		if _, ok := msg.(windowMsg); ok {
			if _, cmd := h.m.Update(msg); cmd != nil || h.m.seq != seq || h.m.loadingQuery() {
				t.Fatal("the cancelled window started a query when it came")
			}
			continue
		}
		h.send(msg)
	}
	h.mustShow("any time (everything in the store)", "1 of 200 events")
}
