package store

import (
	"bytes"
	"context"
	"path/filepath"
	"sync"
	"testing"
)

// TestConcurrentLoadsKeepOneDictionaryRowPerString: the dictionary has
// no UNIQUE constraint any more (one index serves exact and
// case-insensitive lookups, dict_index.go), so two processes loading the
// same strings into one store at once must still add each string once;
// a second row would split a value's events between two IDs.
func TestConcurrentLoadsKeepOneDictionaryRowPerString(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "shared.db")
	dir := t.TempDir()
	data := resourceRecordsFile(3000)
	files := []string{
		writeFile(t, dir, "a.json", data),
		writeFile(t, dir, "b.json", bytes.ReplaceAll(data, []byte("cccccccc-"), []byte("dddddddd-"))),
	}
	first, err := Open(ctx, path, OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	var wg sync.WaitGroup
	errs := make([]error, len(files))
	for i, f := range files {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := Open(ctx, path, OpenOptions{})
			if err != nil {
				errs[i] = err
				return
			}
			defer s.Close()
			_, errs[i] = s.Load(ctx, []string{f}, LoadOptions{})
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("load %s: %v", files[i], err)
		}
	}
	if n := queryInt(t, first, "SELECT count(*) FROM events"); n != 6000 {
		t.Fatalf("%d events, want 6000", n)
	}
	if n := queryInt(t, first, "SELECT count(*) FROM (SELECT 1 FROM dict GROUP BY kind, value HAVING count(*) > 1)"); n != 0 {
		t.Fatalf("%d strings have more than one dictionary row", n)
	}
}
