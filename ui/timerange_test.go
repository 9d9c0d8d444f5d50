package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/trailview/trailview/internal/awscli"
)

func TestTimeRange(t *testing.T) {
	h := newHarness(t, openStore(t, fixture()))
	h.press("x", "t")
	h.press("up", "up", "up", "up", "up", "up", "up", "enter") // Last 30 minutes
	h.mustShow("last 30 minutes")
	// Events every 7 minutes from now: 0, 7, 14, 21, 28.
	if got := h.m.tbl.total; got != 5 {
		t.Fatalf("30 minutes hold %d events, want 5", got)
	}
	h.press("t")
	h.press("down", "down") // from Last 90 days to Custom absolute
	h.press("enter", "2025-03-01 11:00 .. 2025-03-01 11:30", "enter")
	if got := h.m.tbl.total; got != 4 { // 35, 42, 49 and 56 minutes before noon
		t.Fatalf("absolute range holds %d events, want 4", got)
	}
}

// TestTimeDialogTakesTheSharedForms (item 16): the custom range takes
// what after:/before: and lookup-events take, relative ranges take
// compound durations, and a mistake is explained in full, with an example
// of today.
func TestTimeDialogTakesTheSharedForms(t *testing.T) {
	h := newHarness(t, openStore(t, fixture()))
	absolute := func(text string) {
		h.press("t", "down", "down", "enter") // Custom absolute
		h.picker().input.SetValue(text)
		h.press("enter")
	}
	utc := func(s string) time.Time {
		t.Helper()
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	cases := []struct {
		in         string
		start, end time.Time
	}{
		{"2025-03-01T10:00Z .. now", utc("2025-03-01T10:00:00Z"), testNow},
		{"2025-03-01T10:00+01:00 .. 2025-03-01T11:00+01:00", utc("2025-03-01T09:00:00Z"), utc("2025-03-01T10:00:00Z")},
		{"2025-02-28 .. 2025-02-28", utc("2025-02-28T00:00:00Z"), utc("2025-02-28T23:59:59.999999Z")},
		{"1740700800 .. 02-28-2025 12:00", utc("2025-02-28T00:00:00Z"), utc("2025-02-28T12:00:00Z")},
	}
	for _, c := range cases {
		absolute(c.in)
		if !h.m.tableFocused() {
			t.Fatalf("%q refused: %s", c.in, h.pickerErr())
		}
		if w := h.m.q.query(); !w.Start.Equal(c.start) || !w.End.Equal(c.end) {
			t.Fatalf("%q gave %v .. %v, want %v .. %v", c.in, w.Start, w.End, c.start, c.end)
		}
		// The one parser: lookup-events reads the start the same way.
		side := strings.TrimSpace(strings.Split(c.in, "..")[0])
		if at, err := awscli.ParseTimestamp(side, time.UTC); side != "now" && (err != nil || !at.Equal(c.start)) {
			t.Fatalf("awscli.ParseTimestamp(%q) = %v, %v; the dialog read %v", side, at, err, c.start)
		}
	}

	h.press("t", "down", "enter") // Custom relative
	h.picker().input.SetValue("2d12h")
	h.press("enter")
	if w := h.m.q.query(); !h.m.tableFocused() || !w.Start.Equal(testNow.Add(-60*time.Hour)) {
		t.Fatalf("2d12h: focus on %T, window %v (%s)", h.m.top(), w, h.pickerErr())
	}

	absolute("2025-03-01 10:00 .. yesterday")
	if !focusIs[*picker](h) {
		t.Fatal("a bad time closed the dialog")
	}
	// Every word of the message is on screen (wrapped in the dialog, not
	// cut), with an example of today, and no line is wider than the screen.
	screen, msg := h.screen(), h.picker().err
	for _, want := range []string{`cannot read "yesterday"`, "2025-03-01, 2025-03-01T12:00Z or now"} {
		if !strings.Contains(msg, want) {
			t.Fatalf("the error %q lacks %q", msg, want)
		}
	}
	for _, w := range strings.Fields(msg) {
		if !strings.Contains(screen, w) {
			t.Fatalf("the screen lacks %q of the error %q:\n%s", w, msg, screen)
		}
	}
	for _, l := range strings.Split(screen, "\n") {
		if ansi.StringWidth(l) > 100 {
			t.Fatalf("line wider than the screen: %q", l)
		}
	}
	h.press("esc", "esc")
	absolute("no range")
	if msg := h.picker().err; !strings.Contains(msg, "2025-02-28 .. 2025-03-01 12:00") || strings.Contains(msg, "2024") {
		t.Fatalf("the START .. END example is not today's: %q", msg)
	}
}
