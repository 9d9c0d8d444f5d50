package ui

import (
	"strings"
	"testing"
)

// TestEmptyTableHintNamesCauses (item 18): an empty table lists what
// actually narrows the query, each with its key, and nothing that is not
// set.
func TestEmptyTableHintNamesCauses(t *testing.T) {
	h := newHarness(t, openStore(t, fixture()))
	h.press("/", "user:nobody", "enter")
	h.mustShow("No events match",
		"x   attribute Read-only = false (the console's default: write events only): x removes it",
		"X   filter /user:nobody: X clears it",
		"t   time range 2024-12-01 12:00 → 2025-03-01 12:00 UTC (last 90 days): t widens it",
		"r   Region us-east-1: r switches to eu-west-1 (40)")
	h.press("x")
	if s := h.screen(); strings.Contains(s, "x   attribute") || strings.Contains(s, "remove the attribute") {
		t.Fatalf("the hint names an attribute filter that is not set:\n%s", s)
	}
	h.mustShow("X   filter /user:nobody: X clears it")
	h.press("t", "down", "down", "down", "down", "enter") // Everything
	if s := h.screen(); strings.Contains(s, "t widens") {
		t.Fatalf("the hint offers to widen an unbounded range:\n%s", s)
	}
	h.press("/")
	h.filterBar().input.SetValue("")
	h.press("enter", "tab", "/", "event:Nothing", "enter") // Insights tab, a filter
	h.mustShow("tab Insights events only: tab shows management events", "X   filter /event:Nothing")
	if s := h.screen(); strings.Contains(s, "r   Region") {
		t.Fatalf("the hint offers Regions without Insights events:\n%s", s)
	}
}

// TestRegionWithoutEventsNamesOthers (item 19): a Region chosen from the
// environment that has no events in the store says where the events are.
func TestRegionWithoutEventsNamesOthers(t *testing.T) {
	h := newHarness(t, openStore(t, fixture()), func(o *Options) { o.Region = "eu-central-1" })
	h.mustShow("No events in eu-central-1; events are in us-east-1 (302), eu-west-1 (40): r switches")
	h.press("r", "enter")
	if h.m.q.region != "us-east-1" {
		t.Fatalf("r then enter chose %q", h.m.q.region)
	}
	if strings.Contains(h.screen(), "No events in") {
		t.Fatal("the notice stayed after switching to a Region with events")
	}
	h.mustShow("1 of 200 events")
}
