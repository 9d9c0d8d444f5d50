// Package benchstore gives benchmarks a realistic trailview store of a
// given size, built once per machine and reused by every test binary.
package benchstore

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/trailview/trailview/assets"
)

// Now is the "now" of every benchmark store: their events span the 90 days
// ending here. Benchmarks that query a 90-day window (LookupEvents, the
// UI's default window) must pass it instead of time.Now, or they would see
// an empty history once the cached store is older than the window.
var Now = assets.BenchEnd

// Options returns the generator options of a store of n events.
func Options(n int) assets.Options { return assets.BenchOptions(n) }

// Path returns the path of a store holding events generated management
// events (padded, realistic records over several Regions and accounts; see
// assets.BenchOptions), building it on first use. The store is cached as
// os.TempDir()/trailview-bench-v<generator>-<events>.db; it is built under
// a temporary name and renamed into place, so a test binary running in
// parallel never sees half a store (at worst two builds race, and the
// later rename wins with identical content). Callers must open it
// read-only or copy it: it is shared.
func Path(tb testing.TB, events int) string {
	tb.Helper()
	path := filepath.Join(os.TempDir(), fmt.Sprintf("trailview-bench-v%d-%d.db", assets.GeneratorVersion, events))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	start := time.Now()
	if err := build(context.Background(), path, events); err != nil {
		tb.Fatalf("benchstore: %v", err)
	}
	tb.Logf("benchstore: built %s (%d events) in %v", path, events, time.Since(start).Round(time.Millisecond))
	return path
}
