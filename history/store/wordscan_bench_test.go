package store

import (
	"testing"

	"github.com/trailview/trailview/history/record"
)

// BenchmarkWordScanner is the full-text word collection of the loader's
// workers on files of four records (the benchmark tree's average), each a
// group of its own as chunkMsg makes it.
func BenchmarkWordScanner(b *testing.B) {
	recs, size := benchRecords(b)
	var ws record.WordScanner
	b.SetBytes(int64(size))
	for b.Loop() {
		for g := 0; g < len(recs); g += 4 {
			ws.Reset()
			for _, rec := range recs[g:min(g+4, len(recs))] {
				ws.Add(rec)
			}
		}
	}
}
