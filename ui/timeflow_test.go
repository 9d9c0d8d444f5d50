package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/trailview/trailview/history/store"
)

// clock is an injectable clock for the model: tests move it by hand.
type clock struct{ now time.Time }

func (c *clock) Now() time.Time { return c.now }

// addEvent loads one write event stamped at, as another process would.
func addEvent(t *testing.T, st *store.Store, id int, at time.Time) string {
	t.Helper()
	r := testRecord(id, "us-east-1", "111122223333")
	r["eventTime"] = at.UTC().Format(time.RFC3339)
	r["eventID"] = fmt.Sprintf("added-%d", id)
	r["readOnly"] = false
	res, err := st.Load(context.Background(), []string{writeRecords(t, []record{r})}, store.LoadOptions{})
	if err != nil || len(res.Errors) > 0 || res.Progress.Added != 1 {
		t.Fatalf("adding an event: %v %v %+v", err, res.Errors, res.Progress)
	}
	return r["eventID"].(string)
}

// headerLine is the scope line of the screen.
func headerLine(h *harness) string { return strings.Split(h.screen(), "\n")[0] }

// TestRelativeWindowEndsWhenTheQueryRuns (item 13): a relative range is
// the span before the moment each query runs, not before start-up.
func TestRelativeWindowEndsWhenTheQueryRuns(t *testing.T) {
	st := openStore(t, fixture())
	c := &clock{now: testNow}
	h := newHarness(t, st, func(o *Options) { o.Now = c.Now })
	h.press("t", "up", "up", "up", "up", "up", "up", "enter") // Last 1 hour
	if got, want := headerLine(h), "2025-03-01 11:00 → 12:00 UTC (last 1 hour)"; !strings.Contains(got, want) {
		t.Fatalf("header %q lacks %q", got, want)
	}
	c.now = testNow.Add(30 * time.Minute)
	id := addEvent(t, st, 900, c.now)
	h.press("R")
	if got, want := headerLine(h), "2025-03-01 11:30 → 12:30 UTC (last 1 hour)"; !strings.Contains(got, want) {
		t.Fatalf("after R the header is %q, want %q", got, want)
	}
	if got := h.m.tbl.rows[0].EventID; got != id {
		t.Fatalf("after R the first row is %s, want the event stamped now (%s)", got, id)
	}
	// The default window moves too: a new filter runs at the new time.
	c.now = testNow.Add(time.Hour)
	h.press("t", "down", "down", "down", "enter") // Default
	h.press("/", "user:alice", "enter")
	if got, want := headerLine(h), "2024-12-01 13:00 → 2025-03-01 13:00 UTC (last 90 days)"; !strings.Contains(got, want) {
		t.Fatalf("header %q lacks %q", got, want)
	}
}

// TestWatchFollowsNewEvents (item 13): events another process adds appear
// at the next tick when the cursor is on the newest row, and as a notice
// otherwise; g shows them. The tick is sent by hand: no timers.
func TestWatchFollowsNewEvents(t *testing.T) {
	st := openStore(t, fixture())
	c := &clock{now: testNow}
	h := newHarness(t, st, func(o *Options) { o.Now = c.Now })
	h.send(watchTickMsg{}) // the baseline count

	c.now = testNow.Add(time.Minute)
	first := addEvent(t, st, 901, c.now)
	h.send(watchTickMsg{})
	if got := h.m.selected().EventID; got != first {
		t.Fatalf("cursor on %s after the tick, want the new newest event %s", got, first)
	}
	h.mustShow("1 of 201 events")

	h.press("j", "j")
	selected := h.m.selected().EventID
	c.now = testNow.Add(2 * time.Minute)
	addEvent(t, st, 902, c.now)
	addEvent(t, st, 903, c.now.Add(-time.Second))
	h.send(watchTickMsg{})
	h.mustShow("2 newer events: g to show")
	if h.m.selected().EventID != selected || h.m.tbl.rows[0].EventID != first {
		t.Fatal("the table moved under a cursor that was not on the newest row")
	}
	h.press("g")
	if got := h.m.tbl.rows[0].EventID; got != "added-902" {
		t.Fatalf("g shows %s first, want added-902", got)
	}
	if strings.Contains(h.screen(), "newer event") {
		t.Fatal("the notice stayed after g")
	}
	h.mustShow("1 of 203 events")

	// Watching is on by default and off when asked.
	if New(Options{Store: st}).nextWatch() == nil {
		t.Fatal("the default options do not watch the store")
	}
	if h.m.nextWatch() != nil {
		t.Fatal("WatchEvery < 0 still schedules ticks")
	}
}

// TestHeaderShowsQueriedWindow (item 17): the header names the window
// the query used, including the filter's own bounds and "everything".
func TestHeaderShowsQueriedWindow(t *testing.T) {
	h := newHarness(t, openStore(t, fixture()))
	h.press("/", "since:2h", "enter")
	if got, want := headerLine(h), "2025-03-01 10:00 → 12:00 UTC (narrowed by the filter)"; !strings.Contains(got, want) {
		t.Fatalf("header %q lacks %q", got, want)
	}
	h.press("/")
	h.filterBar().input.SetValue("after:2025-02-28 before:2025-03-01")
	h.press("enter")
	if got, want := headerLine(h), "2025-02-28 00:00 → 23:59 UTC (narrowed by the filter)"; !strings.Contains(got, want) {
		t.Fatalf("header %q lacks %q", got, want)
	}
	h.press("X", "t", "down", "down", "down", "down", "enter") // Everything
	if got := headerLine(h); !strings.Contains(got, "any time (everything in the store)") || strings.Contains(got, "…") {
		t.Fatalf("header for everything: %q", got)
	}
	h.press("/", "after:2025-03-01T11:00Z", "enter")
	if got, want := headerLine(h), "from 2025-03-01 11:00 UTC (narrowed by the filter)"; !strings.Contains(got, want) {
		t.Fatalf("header %q lacks %q", got, want)
	}
}

// TestZoneRuleEverywhere (item 26): with the display in local time (a
// fixed +01:00 zone, not the machine's), the header, the table, the
// detail summary, the time dialog and the filter's zone-less after: all
// use it; back in UTC all use UTC. The record itself stays as written.
func TestZoneRuleEverywhere(t *testing.T) {
	cet := time.FixedZone("CET", 3600)
	h := newHarness(t, openStore(t, fixture()), func(o *Options) { o.Local = cet })
	h.press("z")
	if got := headerLine(h); !strings.Contains(got, "2024-12-01 13:00 → 2025-03-01 13:00 local CET") {
		t.Fatalf("local header %q", got)
	}
	h.press("enter")
	h.mustShow("Event time: 2025-03-01T12:53:00+01:00", `"eventTime": "2025-03-01T11:53:00Z"`)
	h.press("esc")

	// after:2025-03-01T12:00 is noon local, 11:00 UTC: six writes since.
	h.press("/")
	h.filterBar().input.SetValue("after:2025-03-01T12:00")
	h.press("enter")
	h.mustShow("1 of 6 events")
	if got := h.m.q.query().Start; !got.Equal(testNow.Add(-time.Hour)) {
		t.Fatalf("after: read as %v in local mode", got)
	}
	// Back to UTC: the same text means noon UTC, and the filter runs again.
	h.press("z")
	h.mustShow("0 events", "UTC")
	h.press("X", "z")

	h.press("t", "down", "down", "enter")
	h.mustShow("from .. to (local CET)")
	h.picker().input.SetValue("2025-03-01 12:00 .. 2025-03-01 12:30")
	h.press("enter")
	if w := h.m.q.query(); !w.Start.Equal(testNow.Add(-time.Hour)) {
		t.Fatalf("the dialog read local 12:00 as %v", w.Start)
	}
	h.press("z", "enter")
	h.mustShow("Event time: 20") // the summary follows the toggle
	if s := h.screen(); !strings.Contains(s, "Z   Region") {
		t.Fatalf("UTC detail does not end its time in Z:\n%s", s)
	}
}
