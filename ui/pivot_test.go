package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/trailview/trailview/history"
)

// rowsAll checks every buffered row of the table with ok.
func rowsAll(t *testing.T, h *harness, what string, ok func(e *history.Event) bool) {
	t.Helper()
	if len(h.m.tbl.rows) == 0 {
		t.Fatalf("%s: no rows", what)
	}
	for i := range h.m.tbl.rows {
		if e := &h.m.tbl.rows[i]; !ok(e) {
			t.Fatalf("%s: row %d (%s, user %q) does not belong", what, i, e.EventName, e.Username)
		}
	}
}

// TestPivotTableCells pivots on several columns with = and !, then walks
// the back stack: back, forward, and back after a new step.
func TestPivotTableCells(t *testing.T) {
	h := newHarness(t, openStore(t, fixture()))
	h.mustShow("1 of 200 events")
	h.press("right", "right") // Event name, Event time, User name
	user := h.m.selected().Username
	h.press("=")
	if want := "user:" + user; h.m.q.text != want {
		t.Fatalf("filter %q after = on User name, want %q", h.m.q.text, want)
	}
	rowsAll(t, h, "user pivot", func(e *history.Event) bool { return e.Username == user })
	if h.m.tbl.total >= 200 {
		t.Fatalf("the pivot kept %d of 200 events", h.m.tbl.total)
	}
	h.press("right") // Event source
	source := h.m.selected().EventSource
	h.press("!")
	if want := "user:" + user + " -source:" + source; h.m.q.text != want {
		t.Fatalf("filter %q after ! on Event source, want %q", h.m.q.text, want)
	}
	rowsAll(t, h, "is-not pivot", func(e *history.Event) bool { return e.Username == user && e.EventSource != source })
	if got := h.m.filterHistory; len(got) < 2 || got[len(got)-1] != h.m.q.text {
		t.Fatalf("filter history %q lacks the pivot", got)
	}

	h.press("[")
	if want := "user:" + user; h.m.q.text != want {
		t.Fatalf("back: filter %q, want %q", h.m.q.text, want)
	}
	rowsAll(t, h, "back", func(e *history.Event) bool { return e.Username == user })
	h.press("]")
	if want := "user:" + user + " -source:" + source; h.m.q.text != want {
		t.Fatalf("forward: filter %q, want %q", h.m.q.text, want)
	}
	h.press("[", "[")
	if h.m.q.text != "" {
		t.Fatalf("back twice: filter %q, want none", h.m.q.text)
	}
	h.mustShow("1 of 200 events")
	// A new step forgets the forward states, as a browser does.
	h.press("left", "left", "left") // Event name
	name := h.m.selected().EventName
	h.press("=")
	if want := "event:" + name; h.m.q.text != want {
		t.Fatalf("filter %q after = on Event name, want %q", h.m.q.text, want)
	}
	h.press("]")
	if want := "event:" + name; h.m.q.text != want || !strings.Contains(h.m.status, "nothing to go forward") {
		t.Fatalf("forward after a new step: filter %q, status %q", h.m.q.text, h.m.status)
	}
	h.press("[")
	if h.m.q.text != "" {
		t.Fatalf("back after a new step: filter %q, want none", h.m.q.text)
	}
}

// TestPivotHostileValues pivots on a user name full of the filter
// language's syntax, which must select exactly its event, and on one with
// terminal escapes, which no filter can hold: refused, saying why,
// escaped on screen, with the filter unchanged.
func TestPivotHostileValues(t *testing.T) {
	odd := testRecord(1, "us-east-1", "111122223333")
	odd["eventTime"] = testNow.Add(-10 * time.Second).Format(time.RFC3339)
	odd["eventID"] = "odd-0001"
	odd["readOnly"] = false
	oddUser := `-"Jane" (Doe)* OR x:y\`
	odd["userIdentity"].(record)["userName"] = oddUser
	h := newHarness(t, openStore(t, append(fixture(), hostileRecord(), odd)))
	h.press("right", "right")
	if got := h.m.selected().Username; got != oddUser {
		t.Fatalf("first row's user %q, want the odd one", got)
	}
	h.press("=")
	if h.m.q.text == "" || h.m.tbl.total != 1 {
		t.Fatalf("pivot on %q: filter %q selects %d events, want 1", oddUser, h.m.q.text, h.m.tbl.total)
	}
	rowsAll(t, h, "odd user", func(e *history.Event) bool { return e.Username == oddUser })

	h.press("[", "down")
	if !strings.HasPrefix(h.m.selected().Username, "evil") {
		t.Fatalf("second row's user %q, want the hostile one", h.m.selected().Username)
	}
	h.press("=")
	if h.m.q.text != "" || !h.m.isErr || !strings.Contains(h.m.status, "control character") {
		t.Fatalf("pivot on a user with escapes: filter %q, status %q (error %v)", h.m.q.text, h.m.status, h.m.isErr)
	}
	if s := h.screen(); strings.Contains(s, "\x1b]52") || !strings.Contains(s, "no pivot") {
		t.Fatalf("status line not shown escaped:\n%s", s)
	}
}

// TestPivotDetailJSONLeaf moves the detail view's field cursor to a leaf
// of the record and pivots on it as a path term, then excludes a
// summary field.
func TestPivotDetailJSONLeaf(t *testing.T) {
	h := newHarness(t, openStore(t, fixture()))
	h.press("enter")
	d := focusedAs[*detailView](h)
	bucket := ""
	for i := 0; i < 200 && bucket == ""; i++ {
		f := d.fields[d.cur]
		if p := d.segs[f.line][f.seg].pivot; p.path && p.field == "requestParameters.bucketName" {
			bucket = p.value
			break
		}
		h.press("down")
	}
	if bucket == "" {
		t.Fatal("the field cursor never reached requestParameters.bucketName")
	}
	h.mustShow(`"bucketName": ["` + bucket + `"]`)
	h.press("=")
	if want := "requestParameters.bucketName:" + bucket; h.m.q.text != want {
		t.Fatalf("filter %q after = on a JSON leaf, want %q", h.m.q.text, want)
	}
	if focusIs[*detailView](h) {
		t.Fatal("the detail view stayed open after the pivot")
	}
	// The fixture's bucket is named after the user (bucket-alice).
	rowsAll(t, h, "bucket pivot", func(e *history.Event) bool { return "bucket-"+e.Username == bucket })

	// The summary's User name is the fifth field (after event name,
	// source, Region and account; Event time is none); ! excludes it.
	h.press("enter", "down", "down", "down", "down")
	user := h.m.selected().Username
	h.press("!")
	if want := "requestParameters.bucketName:" + bucket + " -user:" + user; h.m.q.text != want {
		t.Fatalf("filter %q after ! on User name, want %q", h.m.q.text, want)
	}
}

// TestPivotAloneReplacesTheFilter: P starts again from the value (the IP
// of an event found by a text filter) instead of narrowing the filter;
// back returns to the filter it replaced.
func TestPivotAloneReplacesTheFilter(t *testing.T) {
	h := newHarness(t, openStore(t, fixture()))
	h.mustShow("1 of 200 events")
	h.press("right", "right") // User name
	user := h.m.selected().Username
	h.press("right") // Event source
	source := h.m.selected().EventSource
	h.press("=")
	if want := "source:" + source; h.m.q.text != want {
		t.Fatalf("filter %q, want %q", h.m.q.text, want)
	}
	h.press("left", "P") // User name, alone
	if want := "user:" + user; h.m.q.text != want {
		t.Fatalf("filter %q after P, want %q (the source term replaced)", h.m.q.text, want)
	}
	rowsAll(t, h, "alone", func(e *history.Event) bool { return e.Username == user })
	h.press("[")
	if want := "source:" + source; h.m.q.text != want {
		t.Fatalf("back after P: filter %q, want %q", h.m.q.text, want)
	}
	// From the detail view's field cursor too.
	name := h.m.selected().EventName
	h.press("enter")
	h.press("P") // the cursor starts on the event name
	if want := "event:" + name; h.m.q.text != want {
		t.Fatalf("P in the detail view: filter %q, want %q", h.m.q.text, want)
	}
}

// TestPivotRepeatedAddsNothing: = twice on the same cell leaves one term
// and one back step, and says why nothing changed.
func TestPivotRepeatedAddsNothing(t *testing.T) {
	h := newHarness(t, openStore(t, fixture()))
	h.mustShow("1 of 200 events")
	h.press("right", "right") // User name
	user := h.m.selected().Username
	h.press("=")
	steps := len(h.m.nav.back)
	h.press("=")
	if want := "user:" + user; h.m.q.text != want {
		t.Fatalf("filter %q after = twice, want %q", h.m.q.text, want)
	}
	if len(h.m.nav.back) != steps {
		t.Fatalf("the repeated pivot left %d back steps, want %d", len(h.m.nav.back), steps)
	}
	if !strings.Contains(h.m.status, "already has user:") {
		t.Fatalf("status %q does not say the filter already has the term", h.m.status)
	}
	h.press("[")
	if h.m.q.text != "" {
		t.Fatalf("one back after the repeated pivot: filter %q, want none", h.m.q.text)
	}
}
