package store

import (
	"fmt"
	"strings"
	"testing"
)

// TestReloadDoesNotRebuildIndexes: a large first load rebuilds the indexes
// at the end; loading the same, unchanged files again skips them all and
// must not drop and rebuild every index for nothing.
func TestReloadDoesNotRebuildIndexes(t *testing.T) {
	s := openTempStore(t)
	dir := t.TempDir()
	pad := strings.Repeat("x", 1400)
	var recs []string
	for i := 0; i < 7600; i++ { // ~11 MB: over the bulk threshold of 10 MB of input
		recs = append(recs, testRecord(fmt.Sprintf("eeeeeeee-0000-4000-8000-%012d", i), "Describe",
			`,"requestParameters":{"pad":"`+pad+`"}`))
	}
	writeFile(t, dir, "big.json", recordsJSON(recs))
	first := mustLoad(t, s, dir)
	if !first.BulkIndexing || first.Added != 7600 {
		t.Fatalf("first load: bulk %v, added %d; want a bulk load of 7600", first.BulkIndexing, first.Added)
	}
	again := mustLoad(t, s, dir)
	if again.BulkIndexing || again.Unchanged != 1 || again.Added != 0 {
		t.Fatalf("reload: bulk %v, unchanged %d, added %d; want no bulk indexing, 1 unchanged, 0 added",
			again.BulkIndexing, again.Unchanged, again.Added)
	}
}
