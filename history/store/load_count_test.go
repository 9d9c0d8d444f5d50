package store

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"
)

// TestLoadDoesNotWaitForTheCount: the walk that counts the inputs runs
// beside the load, not before it. The count is held back until the load's
// own walk has reached a hidden file; the load finishes with every file
// counted all the same.
func TestLoadDoesNotWaitForTheCount(t *testing.T) {
	dir := t.TempDir()
	for f := range 5 {
		writeFile(t, dir, fmt.Sprintf("%02d.json", f), recordsJSON(uuidRecords(fmt.Sprintf("%08d", f), 0, 10)))
	}
	writeFile(t, dir, ".hidden.json", recordsJSON(uuidRecords("99999999", 0, 1)))
	loading := make(chan struct{})
	var once sync.Once
	heldBack := false
	defer func() { countStartHook = nil }()
	countStartHook = func() {
		select {
		case <-loading:
		case <-time.After(20 * time.Second): // a bound on a hang, never a pace
			heldBack = true
		}
	}
	s := openTempStore(t)
	res, err := s.Load(context.Background(), []string{dir}, LoadOptions{Bulk: BulkOff, Workers: 1,
		Skipped: func(string, string) { once.Do(func() { close(loading) }) }})
	if err != nil || len(res.Errors) > 0 {
		t.Fatalf("load: %v %v", err, res.Errors)
	}
	if heldBack {
		t.Error("the load waited for the count to finish before walking its inputs")
	}
	if res.FilesTotal != 5 || res.Added != 50 {
		t.Errorf("files %d, added %d; want 5 and 50", res.FilesTotal, res.Added)
	}
}

// TestProgressTotalsNeverBelowDone: a count that trails the load (starved
// of CPU) must not make a progress bar read more than 100 %.
func TestProgressTotalsNeverBelowDone(t *testing.T) {
	p := Progress{FilesTotal: 3, FilesDone: 5, BytesTotal: 100, BytesDone: 400}.withTotalsCovered()
	if p.FilesTotal != 5 || p.BytesTotal != 400 {
		t.Errorf("totals %d files, %d bytes; want at least the 5 files and 400 bytes done", p.FilesTotal, p.BytesTotal)
	}
}
