package ui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"github.com/trailview/trailview/history/store"
)

// probeMsg asks the running program for its current screen. The program
// filter answers it on the program's own goroutine, so tests read the
// model without racing it.
type probeMsg struct{ reply chan string }

func probeFilter(m tea.Model, msg tea.Msg) tea.Msg {
	if p, ok := msg.(probeMsg); ok {
		p.reply <- ansi.Strip(m.(*Model).render())
		return nil
	}
	return msg
}

// startProgram runs m in a teatest program at 100x30 with the ASCII
// colour profile.
func startProgram(t *testing.T, m *Model) *teatest.TestModel {
	t.Helper()
	return teatest.NewTestModel(t, m, teatest.WithInitialTermSize(100, 30),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii), tea.WithFilter(probeFilter)))
}

// waitScreen polls the program's screen until it holds every want and
// the total count has arrived, or fails at the deadline.
func waitScreen(t *testing.T, tm *teatest.TestModel, want ...string) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	last := ""
	for time.Now().Before(deadline) {
		reply := make(chan string, 1)
		tm.Send(probeMsg{reply: reply})
		select {
		case last = <-reply:
		case <-time.After(time.Second):
			continue
		}
		ok := !strings.Contains(last, "of … events") && !strings.Contains(last, "of ≥ ") && !strings.Contains(last, "counting…") && !strings.Contains(last, "accounts…")
		for _, w := range want {
			ok = ok && strings.Contains(last, w)
		}
		if ok {
			return last
		}
		<-tick.C
	}
	t.Fatalf("screen never showed %q; last screen:\n%s", want, last)
	return ""
}

// sendKeys types keys given as in harness.press.
func sendKeys(tm *teatest.TestModel, keys ...string) {
	for _, k := range keys {
		for _, msg := range keyMsgs(k) {
			tm.Send(msg)
		}
	}
}

// finalScreen quits and returns the last screen drawn.
func finalScreen(t *testing.T, tm *teatest.TestModel) string {
	t.Helper()
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second))
	return ansi.Strip(fm.View().Content)
}

func testModel(st *store.Store) *Model {
	return New(Options{Store: st, Now: func() time.Time { return testNow }, Local: time.FixedZone("CET", 3600)})
}

// TestGolden keeps one screen per view at 100x30. Regenerate with
// go test ./ui -run TestGolden -update, and read the diff.
func TestGolden(t *testing.T) {
	st := openStore(t, fixture())
	cases := []struct {
		name  string
		keys  []string
		ready []string
	}{
		{"table", nil, []string{"1 of 200 events"}},
		{"columns_dialog", []string{"c", "down", "down"}, []string{"[x] User name"}},
		{"filter_error", []string{"/", "user:alice AND (", "enter"}, []string{"error at column"}},
		{"detail", []string{"j", "enter"}, []string{`"eventVersion": "1.09"`}},
		{"compare", []string{"space", "space", "space", "v"}, []string{"Compare events", "Request ID"}},
		{"help", []string{"?"}, []string{"trailview help"}},
		{"export_dialog", []string{"e"}, []string{"Export events"}},
		{"insights_tab", []string{"tab"}, []string{"1 of 2 events"}},
		{"region_picker", []string{"r"}, []string{"eu-west-1"}},
		{"time_picker", []string{"t"}, []string{"Custom absolute"}},
		{"lookup_picker", []string{"l"}, []string{"Lookup attribute"}},
		{"compare_five", []string{"space", "space", "space", "space", "space", "v"}, []string{"events 1–4 of 5", "Request ID"}},
		{"insights_lookup_picker", []string{"tab", "l"}, []string{"None (every Insights event)", "1 of 2 events"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tm := startProgram(t, testModel(st))
			waitScreen(t, tm, "1 of 200 events")
			sendKeys(tm, c.keys...)
			waitScreen(t, tm, c.ready...)
			golden.RequireEqual(t, finalScreen(t, tm))
		})
	}
}

// TestGoldenInsightsDetail waits for the Insights tab's rows before
// opening the first: keys sent at once would open a management row that
// is still on screen while the tab's first page is read.
func TestGoldenInsightsDetail(t *testing.T) {
	st := openStore(t, fixture())
	tm := startProgram(t, testModel(st))
	waitScreen(t, tm, "1 of 200 events")
	sendKeys(tm, "tab")
	waitScreen(t, tm, "1 of 2 events", "ApiCallRat")
	sendKeys(tm, "enter")
	waitScreen(t, tm, "Insight type: ApiCallRateInsight", `"eventVersion"`)
	golden.RequireEqual(t, finalScreen(t, tm))
}

func TestGoldenTooSmall(t *testing.T) {
	st := openStore(t, fixture())
	tm := startProgram(t, testModel(st))
	waitScreen(t, tm, "1 of 200 events")
	tm.Send(tea.WindowSizeMsg{Width: 50, Height: 10})
	waitScreen(t, tm, "Terminal too small")
	golden.RequireEqual(t, finalScreen(t, tm))
}
