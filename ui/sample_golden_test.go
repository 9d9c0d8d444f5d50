package ui

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/trailview/trailview/assets"
)

// TestGoldenSampleFirstScreen is what a new user sees first: the sample
// history at a fixed now, so the screen is the same on every run. The
// sample store is cached across runs (it is keyed by now's hour).
func TestGoldenSampleFirstScreen(t *testing.T) {
	dir := filepath.Join(os.TempDir(), "trailview-ui-test-sample")
	st, err := assets.OpenSample(context.Background(), dir, testNow)
	if err != nil {
		t.Fatalf("open the sample: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	if err := assets.WaitSample(context.Background(), st); err != nil {
		t.Fatalf("wait for the whole sample: %v", err)
	}
	m := New(Options{Store: st, Sample: true, Now: func() time.Time { return testNow }, Local: time.UTC})
	tm := startProgram(t, m)
	waitScreen(t, tm, "Sample history", " of ", "events", "all 2 accounts")
	golden.RequireEqual(t, finalScreen(t, tm))
}
