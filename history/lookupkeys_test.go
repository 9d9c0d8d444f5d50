package history

import (
	"strings"
	"testing"
)

// TestLookupKeysFor: the UI's lookup picker offers what LookupEvents
// accepts, which for Insights is only EventId, EventName and EventSource.
func TestLookupKeysFor(t *testing.T) {
	if got := strings.Join(LookupKeysFor(Management), ","); got != strings.Join(LookupKeys, ",") {
		t.Fatalf("management keys %s, want all of %v", got, LookupKeys)
	}
	if got, want := strings.Join(LookupKeysFor(Insight), ","), "EventId,EventName,EventSource"; got != want {
		t.Fatalf("insight keys %s, want %s", got, want)
	}
	if LookupKeyAllowed("Username", Insight) || !LookupKeyAllowed("Username", Management) || LookupKeyAllowed("Bogus", Management) {
		t.Fatal("LookupKeyAllowed disagrees with spec 2.7")
	}
}
