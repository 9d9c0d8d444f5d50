package filter

import (
	"strings"
	"testing"
	"time"
)

// The attack inputs (SQL fragments, quotes, LIKE wildcards, FTS syntax,
// NUL, huge input) are checked end to end, rejected here or matched
// literally by the store's SQL, by the store's TestAttackInputs.

// TestHugeInputIsCheap checks that an over-long filter is refused before
// any work proportional to its size.
func TestHugeInputIsCheap(t *testing.T) {
	big := strings.Repeat("user:x ", 1<<20)
	allocs := testing.AllocsPerRun(5, func() {
		if _, err := Compile(big, time.Time{}); err == nil {
			t.Fatal("7 MB filter compiled")
		}
	})
	if allocs > 20 {
		t.Errorf("rejecting a huge filter allocated %.0f times", allocs)
	}
}
