package ui

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/trailview/trailview/history"
)

// TestScopeAllRegions: the Region picker offers every Region with the
// sum of their counts; choosing it queries every Region and adds the
// Region and Account columns on screen, not to the saved choice.
func TestScopeAllRegions(t *testing.T) {
	h := newHarness(t, openStore(t, fixture()))
	h.press("r")
	first := h.picker().items[0]
	if first.value != "" || !strings.Contains(first.label, allRegionsLabel) || !strings.Contains(first.label, "340") {
		t.Fatalf("first Region item = %+v, want All Regions with 340 events", first)
	}
	h.press("g", "enter")
	if h.m.q.region != "" || !h.m.q.allRegions {
		t.Fatalf("region = %q allRegions = %v, want every Region", h.m.q.region, h.m.q.allRegions)
	}
	// 200 writes in us-east-1 and 27 in eu-west-1 (Read-only = false).
	h.mustShow("· All Regions ·", "1 of 227 events", "AWS region", "Account", "us-east-1")
	if got := h.m.cols.ids(); !reflect.DeepEqual(got, defaultColumnIDs) {
		t.Fatalf("saved columns changed to %v", got)
	}
	h.press("a")
	acct := h.picker().items[0]
	if !strings.Contains(acct.label, allAccountsLabel) || !strings.Contains(acct.label, "340") {
		t.Fatalf("first account item = %+v, want All accounts with 340 events", acct)
	}
	h.press("esc", "G") // the oldest event: eu-west-1's are older than us-east-1's first 40
	h.mustShow("eu-west-1")
}

// TestScopeAllRegionsSurvivesNewEvents: events added by another process
// must not turn "All Regions" back into the busiest Region (region ""
// used to mean only "not chosen yet").
func TestScopeAllRegionsSurvivesNewEvents(t *testing.T) {
	h := newHarness(t, openStore(t, fixture()))
	h.press("r", "g", "enter")
	key := scopeKey("", history.Management)
	h.send(watchCountMsg{scope: key, n: 340})
	h.send(watchCountMsg{scope: key, n: 341})
	if h.m.q.region != "" {
		t.Fatalf("new events switched the scope to %q", h.m.q.region)
	}
}

// TestFacetsFollowFilter: the panel counts the query in force, follows a
// new filter, and drops an answer to an older state that arrives late.
func TestFacetsFollowFilter(t *testing.T) {
	st := openStore(t, fixture())
	h := newHarness(t, st)
	h.press("F")
	p := h.m.facets
	if p == nil || h.m.pane != paneFacets || p.loading || p.res.Total != 200 || len(p.res.Values) != 8 {
		t.Fatalf("panel after F: %+v", p)
	}
	h.mustShow("Facets ‹ Event name", "200 events · 8 distinct")
	// An answer to the unfiltered state, still on its way when the
	// filter is applied.
	late := p.fetch(context.Background(), st, h.m.q.query(), h.m.seq)
	h.press("/", "user:alice", "enter")
	if p.res.Total != 50 || p.loading {
		t.Fatalf("panel after the filter: total %d loading %v, want alice's 50 writes", p.res.Total, p.loading)
	}
	h.send(late())
	if p.res.Total != 50 {
		t.Fatalf("a stale answer replaced the filter's: total %d", p.res.Total)
	}
	h.press("F")
	if h.m.facets != nil || h.m.pane != paneTable {
		t.Fatalf("F did not close the panel")
	}
}

// TestFacetsPivot: enter on a value reports "is this value" with the
// field's filter name, ! reports "is not".
func TestFacetsPivot(t *testing.T) {
	h := newHarness(t, openStore(t, fixture()))
	h.press("F", "right", "right", "right", "right", "right") // Source IP
	p := h.m.facets
	if facetFields[p.field].name != "ip" || len(p.res.Values) == 0 {
		t.Fatalf("field %q with %d values, want ip", facetFields[p.field].name, len(p.res.Values))
	}
	h.press("j")
	want := p.res.Values[1].Value
	got, _, _ := p.key(keyMsgs("enter")[0], 10)
	if !reflect.DeepEqual(got, pivotChosen{field: "ip", value: want}) {
		t.Fatalf("enter reported %#v, want ip is %q", got, want)
	}
	got, _, _ = p.key(keyMsgs("!")[0], 10)
	if !reflect.DeepEqual(got, pivotChosen{field: "ip", value: want, exclude: true}) {
		t.Fatalf("! reported %#v, want ip is not %q", got, want)
	}
	h.press("left", "left", "left", "left", "left", "left") // wraps to Resource name
	if facetFields[p.field].name != "resource" {
		t.Fatalf("left from event went to %q, want resource", facetFields[p.field].name)
	}
}

// TestFacetsHostileValue: values from events are escaped in the panel.
func TestFacetsHostileValue(t *testing.T) {
	h := newHarness(t, openStore(t, append(fixture(), hostileRecord())))
	h.send(tea.WindowSizeMsg{Width: 100, Height: 60})
	h.press("F")
	raw := h.m.View().Content
	if strings.Contains(raw, "\x1b[31mInstances") || !strings.Contains(h.screen(), Sanitize("Run\x1b[31mInstances")) {
		t.Fatalf("the panel did not escape an event name:\n%s", h.screen())
	}
}

// TestTimelineNarrow: the strip counts the window per bucket; the cursor
// starts on the selected row's bucket, and enter narrows the window to
// the bucket under it, which the table then shows.
func TestTimelineNarrow(t *testing.T) {
	h := newHarness(t, openStore(t, fixture()))
	h.press("T")
	s := h.m.strip
	if s == nil || s.loading || s.size.name != "1d" || len(s.buckets) != 91 {
		t.Fatalf("strip after T: size %q, %d buckets", s.size.name, len(s.buckets))
	}
	var total int64
	for _, b := range s.buckets {
		total += b.Events
	}
	if total != 200 {
		t.Fatalf("buckets hold %d events, want 200", total)
	}
	h.press("left")
	i := len(s.buckets) - 2
	if s.cursor != i {
		t.Fatalf("cursor %d after left from the selected row's bucket, want %d", s.cursor, i)
	}
	inBucket := s.buckets[i].Events
	h.press("enter")
	day := time.Date(2025, 2, 28, 0, 0, 0, 0, time.UTC)
	want := history.Window{Start: day, End: day.Add(24*time.Hour - time.Microsecond)}
	if h.m.q.win != want || !h.m.q.explicit {
		t.Fatalf("window %+v, want the bucket %+v", h.m.q.win, want)
	}
	if !h.m.tbl.totalKnown || h.m.tbl.total != inBucket {
		t.Fatalf("table shows %d events, the bucket held %d", h.m.tbl.total, inBucket)
	}
	if s.size.name != "15m" || s.loading {
		t.Fatalf("strip over one day counts %q buckets, want 15m (96 fit in 100 columns)", s.size.name)
	}
}

// TestTimelineResize: a width that fits smaller buckets asks for them.
func TestTimelineResize(t *testing.T) {
	h := newHarness(t, openStore(t, fixture()))
	h.press("T")
	h.send(tea.WindowSizeMsg{Width: 200, Height: 30})
	if s := h.m.strip; s.size.name != "12h" || len(s.buckets) != 181 {
		t.Fatalf("at 200 columns: %q buckets, %d of them; want 181 of 12h", s.size.name, len(s.buckets))
	}
}
