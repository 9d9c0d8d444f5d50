// Package benchstore gives benchmarks a realistic trailview store of a
// given size, built once per machine and reused by every test binary.
package benchstore

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/trailview/trailview/assets"
	"github.com/trailview/trailview/history/store"
)

// Now is the "now" of every benchmark store: their events span the 90 days
// ending here. Benchmarks that query a 90-day window (LookupEvents, the
// UI's default window) must pass it instead of time.Now, or they would see
// an empty history once the cached store is older than the window.
var Now = assets.BenchEnd

// Options returns the generator options of a store of n events.
func Options(n int) assets.Options { return assets.BenchOptions(n) }

// lockStale is how long a build may go without progress before another
// test binary takes over; a live build touches its lock every few seconds.
const lockStale = 2 * time.Minute

// Path returns the path of a store holding events generated management
// events (padded, realistic records over several Regions and accounts, see
// assets.BenchOptions), building it on first use. The store is cached as
// os.TempDir()/trailview-bench-v<generator>-f4-<events>.db (f4: records in blocks, store schema 4). It is built under
// a temporary name and renamed into place, so nobody sees half a store;
// a lock file makes test binaries running in parallel wait for one build
// instead of each making its own (a million events take minutes). The
// store is shared: open it read-only, or copy it before writing.
//
// The first build of a million events takes minutes on a 2-core machine
// (the loader's speed, see docs/benchmarks.md); run such benchmarks with
// a -timeout above go test's default 10m the first time.
func Path(tb testing.TB, events int) string {
	tb.Helper()
	path := filepath.Join(os.TempDir(), fmt.Sprintf("trailview-bench-v%d-f4-%d.db", assets.GeneratorVersion, events))
	start := time.Now()
	built, err := ensure(context.Background(), path, events)
	if err != nil {
		tb.Fatalf("benchstore: %v", err)
	}
	if built {
		tb.Logf("benchstore: built %s (%d events) in %v", path, events, time.Since(start).Round(time.Millisecond))
	}
	return path
}

// ensure makes sure path holds the store, building it if needed; it
// reports whether this call built it.
func ensure(ctx context.Context, path string, events int) (bool, error) {
	lock := path + ".lock"
	for {
		if _, err := os.Stat(path); err == nil {
			return false, migrate(ctx, path)
		}
		f, err := os.OpenFile(lock, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err == nil {
			f.Close()
			err = build(ctx, path, events, func() { touch(lock) })
			os.Remove(lock)
			return err == nil, err
		}
		if !errors.Is(err, os.ErrExist) {
			return false, err
		}
		// Another binary is building: wait for its store, or take over if
		// it died.
		if st, err := os.Stat(lock); err == nil && time.Since(st.ModTime()) > lockStale {
			os.Remove(lock)
			continue
		}
		select {
		case <-ctx.Done():
			return false, ctx.Err()
		case <-time.After(time.Second):
		}
	}
}

// migrate opens the cached store read-write once, so that a store cached
// before a schema change is brought up to date before benchmarks open it
// read-only.
func migrate(ctx context.Context, path string) error {
	s, err := store.Open(ctx, path, store.OpenOptions{})
	if err != nil {
		return fmt.Errorf("open cached %s: %w", path, err)
	}
	return s.Close()
}

func touch(p string) {
	now := time.Now()
	os.Chtimes(p, now, now)
}
