package store_test

import (
	"context"
	"flag"
	"path/filepath"
	"testing"
	"time"

	"github.com/trailview/trailview/history/store"
)

var ingestTree = flag.String("ingest.tree", "", "an existing S3 tree for BenchmarkLoadTree (e.g. one ingestvs or gentree wrote)")

// BenchmarkLoadTree loads an existing tree into a new store with trailview's
// loader alone, so that a CPU profile (-cpuprofile) shows only its time:
//
//	go test ./history/store -run '^$' -bench BenchmarkLoadTree -benchtime 1x \
//	  -ingest.tree /tmp/trailview-bench-busy-300000 -cpuprofile /tmp/busy.prof
func BenchmarkLoadTree(b *testing.B) {
	if *ingestTree == "" {
		b.Skip("no -ingest.tree given")
	}
	ctx := context.Background()
	for range b.N {
		path := filepath.Join(b.TempDir(), "history.db")
		s, err := store.Open(ctx, path, store.OpenOptions{})
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		res, err := s.Load(ctx, []string{*ingestTree}, store.LoadOptions{})
		el := time.Since(start)
		if err != nil || len(res.Errors) > 0 {
			b.Fatalf("load: %v %v", err, res.Errors)
		}
		s.Close()
		b.ReportMetric(float64(res.Added)/el.Seconds(), "events/s")
		b.ReportMetric(float64(fileSize(b, path))/float64(res.Added), "B/event")
	}
}
