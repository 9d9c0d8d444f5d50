package ui

import (
	"testing"
)

func TestLookupAndTabs(t *testing.T) {
	h := newHarness(t, openStore(t, fixture()))
	// l, then User name (last attribute before "None"), type alice.
	h.press("l")
	for i := 0; i < 7; i++ {
		h.press("down")
	}
	h.press("enter")
	h.press("alice", "enter")
	h.mustShow("User name = alice")
	for _, e := range h.m.tbl.rows {
		if e.Username != "alice" {
			t.Fatalf("lookup returned %s", e.Username)
		}
	}
	h.mustShow("1 of 75 events")
	// The Insights tab sets the User name lookup aside (LookupEvents
	// refuses it there) and shows the Insights events.
	h.press("tab")
	h.mustShow("n/a for Insights", "1 of 2 events")
	h.press("tab")
	h.mustShow("1 of 75 events")
}

func TestLookupValidation(t *testing.T) {
	h := newHarness(t, openStore(t, fixture()))
	h.press("l")
	for i := 0; i < 4; i++ {
		h.press("down") // Read-only
	}
	h.press("enter", "maybe", "enter")
	h.mustShow("Read-only takes true or false")
	if !focusIs[*picker](h) {
		t.Fatal("a refused value closed the dialog")
	}
}

func TestRegionSwitch(t *testing.T) {
	h := newHarness(t, openStore(t, fixture()))
	h.press("r")
	h.mustShow("us-east-1", "eu-west-1")
	h.press("down", "enter")
	if h.m.q.region != "eu-west-1" {
		t.Fatalf("region = %s", h.m.q.region)
	}
	for _, e := range h.m.tbl.rows {
		if e.Region != "eu-west-1" {
			t.Fatalf("row from %s", e.Region)
		}
	}
}
