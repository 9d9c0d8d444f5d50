package assets

import (
	"context"
	"testing"
	"time"
)

// BenchmarkGenerate measures the generator alone on padded records.
func BenchmarkGenerate(b *testing.B) {
	opts := BenchOptions(100_000)
	var bytes int64
	for b.Loop() {
		bytes = 0
		if err := Generate(opts, func(r *Record) error { bytes += int64(len(r.JSON)); return nil }); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(opts.Events)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(float64(bytes)/float64(opts.Events), "B/record")
}

// BenchmarkOpenSample measures a first start in a new hour: first-ms is
// until OpenSample returns with the newest days (what the first screen
// waits for), full-ms until the whole sample is in. The loop time is the
// full build.
func BenchmarkOpenSample(b *testing.B) {
	ctx := context.Background()
	now := time.Now()
	var first, full time.Duration
	for b.Loop() {
		start := time.Now()
		s, err := OpenSample(ctx, b.TempDir(), now)
		if err != nil {
			b.Fatal(err)
		}
		first += time.Since(start)
		if err := WaitSample(ctx, s); err != nil {
			b.Fatal(err)
		}
		full += time.Since(start)
		s.Close()
	}
	b.ReportMetric(float64(first.Milliseconds())/float64(b.N), "first-ms")
	b.ReportMetric(float64(full.Milliseconds())/float64(b.N), "full-ms")
}

// BenchmarkOpenSampleCached measures every other start in the hour: the
// store already exists.
func BenchmarkOpenSampleCached(b *testing.B) {
	ctx := context.Background()
	now := time.Now()
	dir := b.TempDir()
	s, err := OpenSample(ctx, dir, now)
	if err != nil {
		b.Fatal(err)
	}
	if err := WaitSample(ctx, s); err != nil {
		b.Fatal(err)
	}
	s.Close()
	for b.Loop() {
		s, err := OpenSample(ctx, dir, now)
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}
