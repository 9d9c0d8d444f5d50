package export

import (
	"context"
	"io"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/store"
	"github.com/trailview/trailview/internal/benchstore"
)

// countingDiscard counts the bytes an export writes.
type countingDiscard struct{ n int64 }

func (c *countingDiscard) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

var _ io.Writer = (*countingDiscard)(nil)

// resetPeakRSS starts a new peak-RSS measurement (Linux: writing 5 to
// clear_refs resets VmHWM); false when the system cannot.
func resetPeakRSS() bool {
	return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
}

// peakRSS is the process's peak resident set since the last reset, in
// bytes, from /proc/self/status; 0 when unknown. It counts everything,
// SQLite's memory (outside the Go heap) included.
func peakRSS() int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err == nil {
				return kb << 10
			}
		}
	}
	return 0
}

// cpuTime is the process's user plus system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkExport1M exports all 1,000,000 events of the shared benchmark
// store (every Region, merged newest first) as CSV and as JSON to a
// counting writer, and reports events/s (wall clock), events per CPU
// second (user+system, all goroutines: the figure that does not depend on
// how busy a shared machine is) and the peak RSS of the process during the
// export. The goal is >= 150,000 events/s with flat memory.
//
//	go test ./export -run '^$' -bench Export1M -benchtime 1x
func BenchmarkExport1M(b *testing.B) {
	path := benchstore.Path(b, 1_000_000)
	s, err := store.Open(context.Background(), path, store.OpenOptions{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	for _, f := range []Format{CSV, JSON, JSONLines} {
		b.Run(f.String(), func(b *testing.B) {
			var events int64
			for b.Loop() {
				canReset := resetPeakRSS()
				var w countingDiscard
				start, cpu0 := time.Now(), cpuTime()
				res, err := ToWriter(context.Background(), s, history.Query{}, &w, Options{Format: f})
				if err != nil {
					b.Fatal(err)
				}
				elapsed, cpu := time.Since(start), cpuTime()-cpu0
				events = res.Events
				b.ReportMetric(float64(res.Events)/elapsed.Seconds(), "events/s")
				if cpu > 0 {
					b.ReportMetric(float64(res.Events)/cpu.Seconds(), "events/cpu-s")
				}
				b.ReportMetric(float64(w.n)/elapsed.Seconds()/1e6, "MB/s")
				if canReset {
					b.ReportMetric(float64(peakRSS())/(1<<20), "peak-RSS-MiB")
				}
			}
			if events != 1_000_000 {
				b.Errorf("exported %d events, want the store's 1,000,000", events)
			}
		})
	}
}
