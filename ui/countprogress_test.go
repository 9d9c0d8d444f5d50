package ui

import (
	"strings"
	"testing"
)

// TestCountShownAsLowerBoundUntilKnown: while a count runs, the header
// shows how many matches were counted so far as a lower bound, and the
// exact number once it arrives; a partial answer of an older query is
// dropped.
func TestCountShownAsLowerBoundUntilKnown(t *testing.T) {
	h := newHarness(t, openStore(t, fixture()))
	h.m.tbl.totalKnown = false
	h.send(countMsg{seq: h.m.seq, n: 1000, partial: true})
	h.mustShow("of ≥ 1,000 events")
	h.send(countMsg{seq: h.m.seq - 1, n: 5000, partial: true})
	if strings.Contains(h.screen(), "5,000") {
		t.Fatal("a partial count of an older query was shown")
	}
	h.send(countMsg{seq: h.m.seq, n: 1234})
	h.mustShow("of 1,234 events")
	if strings.Contains(h.screen(), "≥") {
		t.Fatal("the lower bound is still shown after the exact count")
	}
}
