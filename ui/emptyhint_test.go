package ui

import (
	"strings"
	"testing"
	"time"
)

// TestEmptyStoreShowsLoadHint: a store the user named that holds no events
// says how to load some, in the header; the hint goes once it has events.
func TestEmptyStoreShowsLoadHint(t *testing.T) {
	hint := "No events in /tmp/x.db yet: load some with 'trailview load --db /tmp/x.db PATH'"
	empty := openStore(t, nil)
	m := New(Options{Store: empty, EmptyHint: hint, Now: func() time.Time { return testNow }, Local: time.UTC})
	tm := startProgram(t, m)
	waitScreen(t, tm, "No events in /tmp/x.db yet")
	finalScreen(t, tm)

	full := openStore(t, fixture())
	m = New(Options{Store: full, EmptyHint: hint, Now: func() time.Time { return testNow }, Local: time.UTC})
	tm = startProgram(t, m)
	if s := waitScreen(t, tm, "1 of 200 events"); strings.Contains(s, "No events in") {
		t.Errorf("hint shown on a store with events:\n%s", s)
	}
	finalScreen(t, tm)
}
