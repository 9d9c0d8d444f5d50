package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trailview/trailview/history/store"
)

// TestBrowseMissingNamedStoreIsUsageError: a store named with --db or
// TRAILVIEW_DB that is not there (a directory that does not exist, a path
// whose parent does not exist, a mistyped file name) or that is a directory
// is an error naming it, exit 2: never the sample, and nothing is created.
func TestBrowseMissingNamedStoreIsUsageError(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name string
		args []string
		vars map[string]string
		path string
	}{
		{"directory that does not exist", []string{"--db", filepath.Join(dir, "stores") + "/"}, nil, filepath.Join(dir, "stores")},
		{"parent does not exist", []string{"--db", filepath.Join(dir, "nope", "history.db")}, nil, filepath.Join(dir, "nope")},
		{"mistyped file name", []string{"--db", filepath.Join(dir, "histroy.db")}, nil, filepath.Join(dir, "histroy.db")},
		{"existing directory", []string{"--db", dir}, nil, dir},
		{"TRAILVIEW_DB", nil, map[string]string{"TRAILVIEW_DB": filepath.Join(dir, "nope", "h.db")}, filepath.Join(dir, "nope")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			env, out, errb := testEnv(t, c.vars)
			env.StdoutTerminal = true
			// Cancelled: the UI, if wrongly started, ends at once.
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			code := Browse(ctx, env, c.args)
			if code != ExitUsage {
				t.Errorf("exit %d, want %d (stderr %q)", code, ExitUsage, errb.String())
			}
			if !strings.Contains(errb.String(), c.path) {
				t.Errorf("the error does not name %s: %q", c.path, errb.String())
			}
			if out.Len() != 0 {
				t.Errorf("stdout %q", out.String())
			}
			if c.path != dir {
				if _, err := os.Stat(c.path); err == nil {
					t.Errorf("%s was created", c.path)
				}
			}
			if _, err := os.Stat(sampleDir(env)); err == nil {
				t.Errorf("the sample was built in %s", sampleDir(env))
			}
		})
	}
}

// TestBrowseStoreChoice: which store the browser opens. A named store that
// exists opens even when empty (the UI then says how to load events into
// it); the sample is for --demo and for a default store that is missing or
// empty; a named store that does not exist yet is created when PATHs are
// loaded into it, as 'trailview load' would.
func TestBrowseStoreChoice(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.db")
	s, err := store.Open(ctx, empty, store.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	full := specStore(t)
	cases := []struct {
		name          string
		path, named   string
		demo, loading bool
		wantSample    bool
	}{
		{"named empty store", empty, "--db", false, false, false},
		{"TRAILVIEW_DB empty store", empty, "TRAILVIEW_DB", false, false, false},
		{"named store with events", full, "--db", false, false, false},
		{"named store to load into", filepath.Join(dir, "new", "h.db"), "--db", false, true, false},
		{"default store empty", empty, "", false, false, true},
		{"default store missing", filepath.Join(dir, "missing", "h.db"), "", false, false, true},
		{"default store with events", full, "", false, false, false},
		{"demo", full, "--db", true, false, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st, sample, err := openBrowseStore(ctx, c.path, c.named, c.demo, c.loading)
			if err != nil {
				t.Fatal(err)
			}
			if st != nil {
				st.Close()
			}
			if sample != c.wantSample || (st == nil) != c.wantSample {
				t.Errorf("sample %v, store %v; want sample %v", sample, st != nil, c.wantSample)
			}
		})
	}
}
