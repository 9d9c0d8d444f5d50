package e2e

import (
	"strings"
	"testing"
	"time"
)

// TestInvestigationWalk drives the README's "An investigation in 28 keys"
// on the sample, key for key, in a real terminal: if a key, a default or
// the sample changes so that the walk no longer tells the story, this
// fails and the README must change with it.
func TestInvestigationWalk(t *testing.T) {
	bin := binary(t)
	dir := t.TempDir()
	env := isolatedEnv(dir)
	env["TRAILVIEW_DB"] = ""
	tm := newTerm(t, dir, env)
	tm.tmux("resize-window", "-t", "main", "-x", "150", "-y", "40")
	tm.typeText(bin + " --demo")
	tm.keys("Enter")
	// The walk counts over the whole sample: wait until it is all in.
	tm.waitForWithin(3*time.Minute, "the whole sample", func(s string) bool {
		return strings.Contains(s, "Sample history") && strings.Contains(s, " of ") && !strings.Contains(s, "generating")
	})
	step := func(want ...string) string {
		t.Helper()
		return tm.waitText(want...)
	}
	tm.keys("r", "k", "Enter")
	step("All Regions", "AWS region", "Account")
	tm.keys("x")
	tm.waitFor("the attribute removed", func(s string) bool { return !strings.Contains(s, "Read-only = false") })
	tm.keys("F", "Right", "Right", "Right", "Right", "Right")
	step("Facets ‹ Source IP ›")
	tm.typeText("/StopLogging")
	tm.keys("Enter")
	step("1 of 1 events", "StopLogging", "185.220.101.47")
	tm.keys("P")
	// The table beside the panel is narrow: names are cut to a prefix.
	s := step("/ip:185.220.101.47", "of 21 events", "svc-bac", "CreateUs", "DeleteTra")
	for _, region := range []string{"us-east", "eu-west", "us-west"} {
		if !strings.Contains(s, region) {
			t.Errorf("the IP's events do not show %s:\n%s", region, s)
		}
	}
	tm.keys("Left")
	step("Facets ‹ AWS access key ›", "AKIAQ3EGRBQ5LKXW7N4P", "AKIAQ3EGRBQ5HT2ZMV6C")
	tm.keys("P")
	step("/key:AKIAQ3EGRBQ5LKXW7N4P", "of 1,937 events")
	tm.keys("Right")
	s = step("Facets ‹ Source IP ›", "203.0.113.65", "185.220.101.47")
	if n := strings.Count(s, "203.0.113."); n != 4 {
		t.Errorf("the key's normal use shows %d addresses of 203.0.113.0/24, want 4:\n%s", n, s)
	}
	tm.keys("Right")
	step("Facets ‹ User agent ›", "aws-cli/1.18.6")
	// Back walks the filters one at a time.
	tm.keys("[")
	step("/ip:185.220.101.47", "of 21 events")
}
