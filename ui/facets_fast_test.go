package ui

import (
	"testing"

	"github.com/trailview/trailview/history"
)

// TestFacetsAndTimelineTakeSummariesByDefault: in the browser's default
// state (the console's Read-only = false attribute) the facets panel and
// the timeline strip are answered from the store's summaries, not by
// counting every event of the window (issue 17, speed).
func TestFacetsAndTimelineTakeSummariesByDefault(t *testing.T) {
	st := openStore(t, fixture())
	h := newHarness(t, st)
	if l := h.m.q.query().Lookup; l == nil || l.Key != history.AttrReadOnly || l.Value != "false" {
		t.Fatalf("default lookup %+v, want Read-only = false", l)
	}
	before := st.SummaryAnswersForTest()
	h.press("F")
	if p := h.m.facets; p == nil || p.loading || p.res.Total != 200 {
		t.Fatalf("panel after F: %+v", p)
	}
	if got := st.SummaryAnswersForTest() - before; got != 1 {
		t.Fatalf("the facets panel's top: %d answers from the summaries, want 1", got)
	}
	before = st.SummaryAnswersForTest()
	h.press("T")
	if s := h.m.strip; s == nil || s.loading {
		t.Fatalf("strip after T: %+v", s)
	}
	if got := st.SummaryAnswersForTest() - before; got != 1 {
		t.Fatalf("the timeline strip: %d answers from the summaries, want 1", got)
	}
}
