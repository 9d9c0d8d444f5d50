package store_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/trailview/trailview/assets"
	"github.com/trailview/trailview/history/store"
)

var ingestEvents = flag.Int("ingest.events", 200_000, "events in the generated tree for BenchmarkIngest (docs/benchmarks.md uses 1000000)")

// benchTree returns a generated S3-layout tree of n padded events, made
// once per machine and kept in the temp dir between runs.
func benchTree(b *testing.B, n int) string {
	b.Helper()
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("trailview-bench-tree-%d", n))
	if _, err := os.Stat(filepath.Join(dir, ".complete")); err == nil {
		return dir
	}
	os.RemoveAll(dir)
	tmp := dir + ".tmp"
	os.RemoveAll(tmp)
	opts := assets.BenchOptions(n)
	if _, err := assets.WriteTree(tmp, opts); err != nil {
		b.Fatalf("generate tree: %v", err)
	}
	if err := os.WriteFile(filepath.Join(tmp, ".complete"), nil, 0o644); err != nil {
		b.Fatal(err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		b.Fatal(err)
	}
	return dir
}

func fileSize(b *testing.B, path string) int64 {
	var total int64
	for _, p := range []string{path, path + "-wal"} {
		if st, err := os.Stat(p); err == nil {
			total += st.Size()
		}
	}
	return total
}

// BenchmarkIngest loads a generated tree into a new store with trailview's
// loader and with the plain baseline loader, and reloads it (all
// duplicates). It reports events/s for each, bytes per event on disk and the
// reload speed-up: the figures issue 3's goals are stated in.
func BenchmarkIngest(b *testing.B) {
	tree := benchTree(b, *ingestEvents)
	ctx := context.Background()
	for range b.N {
		dir := b.TempDir()

		start := time.Now()
		n := plainLoad(b, tree, filepath.Join(dir, "plain.db"))
		plain := time.Since(start)
		plainSize := fileSize(b, filepath.Join(dir, "plain.db"))

		path := filepath.Join(dir, "history.db")
		s, err := store.Open(ctx, path, store.OpenOptions{})
		if err != nil {
			b.Fatal(err)
		}
		start = time.Now()
		res, err := s.Load(ctx, []string{tree}, store.LoadOptions{})
		first := time.Since(start)
		if err != nil || len(res.Errors) > 0 || res.Added != int64(n) {
			b.Fatalf("load: added %d of %d, %v %v", res.Added, n, err, res.Errors)
		}
		start = time.Now()
		again, err := s.Load(ctx, []string{tree}, store.LoadOptions{})
		reload := time.Since(start)
		if err != nil || again.Added != 0 {
			b.Fatalf("reload added %d: %v", again.Added, err)
		}
		// A changed path or mtime must still be fast: every event is a duplicate.
		s.Close()
		size := fileSize(b, path)

		b.ReportMetric(float64(n)/first.Seconds(), "events/s")
		b.ReportMetric(float64(n)/plain.Seconds(), "plain-events/s")
		b.ReportMetric(plain.Seconds()/first.Seconds(), "x-plain")
		b.ReportMetric(float64(size)/float64(n), "B/event")
		b.ReportMetric(float64(plainSize)/float64(n), "plain-B/event")
		b.ReportMetric(first.Seconds()/reload.Seconds(), "x-reload")
	}
}
