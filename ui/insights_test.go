package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/store"
	"github.com/trailview/trailview/internal/realdata"
)

// TestInsightsTabColumns: the Insights tab shows what an Insight is about
// (type, state, call, averages, error code), not the management columns
// that are empty on Insights records (issue 14, item 27).
func TestInsightsTabColumns(t *testing.T) {
	h := newHarness(t, openStore(t, fixture()))
	h.send(tea.WindowSizeMsg{Width: 160, Height: 30})
	h.press("tab")
	h.mustShow("1 of 2 events")
	titles := strings.Split(h.screen(), "\n")[h.m.tableTop()-1]
	for _, want := range []string{"Event time", "Insight type", "State", "Event source", "Event name", "Baseline avg", "Insight avg", "Error code"} {
		if !strings.Contains(titles, want) {
			t.Fatalf("Insights titles lack %q: %q", want, titles)
		}
	}
	for _, unwanted := range []string{"User name", "Resource type", "Resource name"} {
		if strings.Contains(titles, unwanted) {
			t.Fatalf("Insights titles show the management column %q: %q", unwanted, titles)
		}
	}
	rows := tableLines(h)
	for i, want := range [][]string{
		{"ApiCallRateInsight", "Start", "iam.amazonaws.com", "DeleteAccessKey", "0.0125", "18.4"},
		{"ApiErrorRateInsight", "End", "iam.amazonaws.com", "DeleteAccessKey", "0.0125", "5.25", "AccessDenied"},
	} {
		for _, w := range want {
			if !strings.Contains(rows[i], w) {
				t.Fatalf("Insights row %d lacks %q: %q", i, w, rows[i])
			}
		}
	}
	// The management tab keeps its own columns.
	h.press("tab")
	h.mustShow("User name", "Resource type")
}

// TestInsightsDetailSummary: the detail view of an Insights event sums up
// insightDetails instead of empty user, key and resource fields.
func TestInsightsDetailSummary(t *testing.T) {
	h := newHarness(t, openStore(t, fixture()))
	h.press("tab", "enter")
	h.mustShow("Insight type: ApiCallRateInsight", "State: Start", "Source events: Management",
		"Baseline average: 0.0125 per minute over 10080 minutes", "Insight average: 18.4 per minute over 1 minute",
		"userIdentityArn (Insight): arn:aws:iam::111122223333:user/bob (18.4)",
		"userIdentityArn (baseline): arn:aws:iam::111122223333:user/bob (0.0125)")
	if s := h.screen(); strings.Contains(s, "User name:") || strings.Contains(s, "Resources referenced") {
		t.Fatalf("the Insights detail shows management fields:\n%s", s)
	}
	h.press("n")
	h.mustShow("Insight type: ApiErrorRateInsight", "State: End", "Error code: AccessDenied",
		"Insight average: 5.25 per minute over 42 minutes")
}

// TestInsightsLookupPicker: on the Insights tab the lookup picker offers
// only the attributes LookupEvents accepts there (spec 2.7).
func TestInsightsLookupPicker(t *testing.T) {
	h := newHarness(t, openStore(t, fixture()))
	h.press("tab", "l")
	var keys []string
	for _, it := range h.picker().items {
		keys = append(keys, it.value)
	}
	if got, want := strings.Join(keys, ","), "EventId,EventName,EventSource,"; got != want {
		t.Fatalf("Insights lookup picker offers %q, want %q", got, want)
	}
	h.mustShow("None (every Insights event)")
	h.press("down", "enter", "DeleteAccessKey", "enter")
	h.mustShow("Event name = DeleteAccessKey (x)", "1 of 2 events")
	// The management tab still offers all eight.
	h.press("tab", "l")
	if n := len(h.picker().items); n != len(history.LookupKeys)+1 {
		t.Fatalf("management lookup picker has %d items", n)
	}
}

// TestInsightsRealRecords reads the Insights example of the CloudTrail
// user guide: the Insights tab shows its fields.
func TestInsightsRealRecords(t *testing.T) {
	path := filepath.Join(realdata.Dir(t), "awsdocs_aws-cloudtrail-user-guide", "cloudtrail-log-file-examples.block09.json")
	st := openStore(t, nil)
	if res, err := st.Load(context.Background(), []string{path}, store.LoadOptions{}); err != nil || len(res.Errors) > 0 {
		t.Fatalf("load %s: %v %v", path, err, res.Errors)
	}
	h := newHarness(t, st)
	h.send(tea.WindowSizeMsg{Width: 160, Height: 30})
	h.press("tab")
	h.mustShow("1 of 2 events", "ApiCallRateInsight", "End", "Start", "ssm.amazonaws.com", "85.4202", "664")
	h.press("enter")
	h.mustShow("Baseline average: 85.4202 per minute", "Insight average: 664 per minute over 1 minute", "State: End")
}

// TestParseInsightHostile: insightDetails of unexpected types or with
// controls in it are shown as far as they can be, visibly escaped.
func TestParseInsightHostile(t *testing.T) {
	in := parseInsight([]byte(`{"insightDetails":{"state":"\u001b[2JStart","insightType":7,"insightContext":{"statistics":{"baseline":{"average":"x"},"insight":{"average":2.5}}}}}`))
	if got := Sanitize(in.State); got != "␛[2JStart" {
		t.Fatalf("state %q", got)
	}
	if got := average(in.InsightContext.Statistics.Insight.Average); got != "2.5" {
		t.Fatalf("insight average %q", got)
	}
	if got := average(in.InsightContext.Statistics.Baseline.Average); got != "x" {
		t.Fatalf("a baseline average of the wrong type shows as %q, want it as written", got)
	}
	for _, raw := range []string{``, `null`, `[]`, `{"insightDetails":"x"}`, `{"insightDetails":{"insightContext":[]}}`} {
		_ = parseInsight([]byte(raw)) // no panic
	}
}

// TestInsightsColumnsDialogAndExport: the columns dialog edits the
// Insights tab's own columns (for the session: the config file keeps the
// management columns), and a CSV export "as on screen" keeps the shown
// columns that CSV has.
func TestInsightsColumnsDialogAndExport(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "config")
	h := newHarness(t, openStore(t, fixture()), func(o *Options) { o.ConfigPath = cfg })
	h.press("tab", "c")
	h.mustShow("[x] Insight type", "[x] Baseline avg", "[ ] User name")
	h.press("down", "space", "enter") // hide Insight type
	h.mustShow("Insights columns applied for this session")
	if got := strings.Join(h.m.insightCols.ids(), ","); strings.Contains(got, "Insight type") {
		t.Fatalf("Insights columns still show Insight type: %s", got)
	}
	if saved, err := LoadColumns(cfg); err != nil || saved != nil {
		t.Fatalf("the Insights columns went to the config: %v %v", saved, err)
	}
	out := filepath.Join(t.TempDir(), "insights.csv")
	h.press("e", "tab", "tab", "right", "tab")
	h.exportDlg().name.SetValue(out)
	h.press("enter")
	h.mustShow("exported 2 events")
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if header, _, _ := strings.Cut(string(data), "\n"); strings.TrimSpace(header) != "Event time,Event source,Event name" {
		t.Fatalf("CSV header %q", header)
	}
	h.press("tab")
	if got := strings.Join(h.m.cols.ids(), ","); got != strings.Join(defaultColumnIDs, ",") {
		t.Fatalf("management columns changed: %s", got)
	}
}
