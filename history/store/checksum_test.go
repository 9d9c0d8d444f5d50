package store

import (
	"context"
	"os"
	"testing"
	"time"
)

// TestChecksumReloadsAFileChangedInPlace rewrites a loaded file in place
// with the same size and modification time: the default fast check skips
// it as unchanged (as rsync does), Checksum finds the new content, loads
// it and says so, and a further Checksum load skips it again. Both the
// small files' path (read whole) and the large files' (hashed first) are
// checked.
func TestChecksumReloadsAFileChangedInPlace(t *testing.T) {
	for _, large := range []bool{false, true} {
		name := "small file"
		if large {
			name = "large file"
		}
		t.Run(name, func(t *testing.T) {
			if large {
				defer func(n int64) { smallFileBytes = n }(smallFileBytes)
				smallFileBytes = 64
			}
			ctx := context.Background()
			dir := t.TempDir()
			p := writeFile(t, dir, "a.json", recordsJSON(uuidRecords("aaaaaaaa", 0, 3)))
			st, err := os.Stat(p)
			if err != nil {
				t.Fatal(err)
			}
			s := openTempStore(t)
			if res := mustLoad(t, s, dir); res.Added != 3 {
				t.Fatalf("first load added %d, want 3", res.Added)
			}

			writeFile(t, dir, "a.json", recordsJSON(uuidRecords("bbbbbbbb", 0, 3)))
			if err := os.Chtimes(p, time.Time{}, st.ModTime()); err != nil {
				t.Fatal(err)
			}
			if st2, _ := os.Stat(p); st2.Size() != st.Size() || !st2.ModTime().Equal(st.ModTime()) {
				t.Fatalf("the rewrite changed size or time: %d %v, was %d %v", st2.Size(), st2.ModTime(), st.Size(), st.ModTime())
			}
			if res := mustLoad(t, s, dir); res.Added != 0 || res.Unchanged != 1 {
				t.Errorf("default load: added %d, unchanged %d; want the fast check to skip the file", res.Added, res.Unchanged)
			}

			var told []string
			res, err := s.Load(ctx, []string{dir}, LoadOptions{Checksum: true, Changed: func(name string) { told = append(told, name) }})
			if err != nil || len(res.Errors) > 0 {
				t.Fatalf("checksum load: %v %v", err, res.Errors)
			}
			if res.Added != 3 || res.Changed != 1 || res.Unchanged != 0 || len(told) != 1 || told[0] != p {
				t.Errorf("checksum load: added %d, changed %d, unchanged %d, told %v; want 3, 1, 0, [%s]", res.Added, res.Changed, res.Unchanged, told, p)
			}

			res, err = s.Load(ctx, []string{dir}, LoadOptions{Checksum: true})
			if err != nil || res.Added != 0 || res.Unchanged != 1 || res.Changed != 0 {
				t.Errorf("second checksum load: added %d, unchanged %d, changed %d, %v; want 0, 1, 0", res.Added, res.Unchanged, res.Changed, err)
			}
		})
	}
}
