package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/trailview/trailview/history"
)

// BenchmarkIngestLookupPage stores 50-event LookupEvents pages one by one,
// each in its own transaction with its coverage, as 'trailview fetch' does.
// One Region delivers at most 100 events/s (2 pages/s); the figure says how
// many Regions' worth one store keeps up with.
func BenchmarkIngestLookupPage(b *testing.B) {
	s := openTempStore(b)
	ctx := context.Background()
	base := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		page := make([][]byte, 50)
		for j := range page {
			page[j] = apiEvent(b, fmt.Sprintf("bench-%d-%d", i, j), base.Add(-time.Duration(i*50+j)*time.Second), "")
		}
		cov := &history.Coverage{Account: "111122223333", Region: "eu-west-1", Category: history.Management,
			Start: base.Add(-time.Duration(i*50+49) * time.Second), End: base}
		b.StartTimer()
		res, err := s.IngestLookupEvents(ctx, page, cov)
		if err != nil || res.Added != 50 {
			b.Fatalf("%+v %v", res, err)
		}
	}
	b.ReportMetric(float64(b.N*50)/b.Elapsed().Seconds(), "events/s")
}
