package store

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/trailview/trailview/history"
)

// concurrentInputs writes n files of events for loaders running at once.
// Neighbouring files share some events, so that the store must hold the
// union, each event once.
func concurrentInputs(t *testing.T, n int) (paths []string, want map[string]bool) {
	t.Helper()
	dir := t.TempDir()
	want = map[string]bool{}
	start := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	group := func(g int) []string {
		_, rs := recordsFile(fmt.Sprintf("%08d", 11000000+g), 20, start.Add(time.Duration(g)*time.Hour))
		return rs
	}
	for i := 0; i < n; i++ {
		recs := append(group(i), group((i+1)%n)...)
		for _, r := range recs {
			want[eventIDOf(t, r)] = true
		}
		paths = append(paths, writeFile(t, dir, fmt.Sprintf("in%d.json", i), []byte(`{"Records":[`+strings.Join(recs, ",")+`]}`)))
	}
	return paths, want
}

func eventIDOf(t *testing.T, record string) string {
	t.Helper()
	i := strings.Index(record, `"eventID":"`)
	if i < 0 {
		t.Fatalf("no eventID in %s", record)
	}
	rest := record[i+len(`"eventID":"`):]
	return rest[:strings.IndexByte(rest, '"')]
}

// checkUnion opens the store once more and checks that it holds exactly
// the events wanted, each once.
func checkUnion(t *testing.T, path string, want map[string]bool) {
	t.Helper()
	s, err := Open(context.Background(), path, OpenOptions{})
	if err != nil {
		t.Fatalf("open after the concurrent loads: %v", err)
	}
	defer s.Close()
	got := map[string]int{}
	for _, e := range allEvents(t, s, history.Query{}) {
		got[e.EventID]++
	}
	var missing, doubled []string
	for id := range want {
		if got[id] == 0 {
			missing = append(missing, id)
		}
	}
	for id, n := range got {
		if n > 1 || !want[id] {
			doubled = append(doubled, id)
		}
	}
	sort.Strings(missing)
	sort.Strings(doubled)
	if len(missing) > 0 || len(doubled) > 0 {
		t.Errorf("%s: %d events wanted; %d missing %v, %d doubled or unknown %v", path, len(want), len(missing), missing[:min(3, len(missing))], len(doubled), doubled[:min(3, len(doubled))])
	}
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("store mode %v (%v), want 0600", st.Mode().Perm(), err)
	}
}

// openAndLoad is what one `trailview load --db path input` does to the
// store.
func openAndLoad(path, input string) error {
	ctx := context.Background()
	s, err := Open(ctx, path, OpenOptions{})
	if err != nil {
		return err
	}
	defer s.Close()
	res, err := s.Load(ctx, []string{input}, LoadOptions{})
	if err != nil {
		return err
	}
	if len(res.Errors) > 0 {
		return res.Errors[0]
	}
	return nil
}

// TestConcurrentOpenersCreateOneStore: goroutines of one process creating,
// migrating and loading one new store at once all succeed, and the store
// holds the union of their inputs (issue 14, item 5).
func TestConcurrentOpenersCreateOneStore(t *testing.T) {
	inputs, want := concurrentInputs(t, 4)
	for trial := 0; trial < 20; trial++ {
		path := filepath.Join(t.TempDir(), "r.db")
		errs := make([]error, len(inputs))
		var wg sync.WaitGroup
		for i, in := range inputs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = openAndLoad(path, in)
			}()
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("trial %d, loader %d: %v", trial, i, err)
			}
		}
		checkUnion(t, path, want)
		if t.Failed() {
			return
		}
	}
}

// TestConcurrentProcessesCreateOneStore is the same with real processes
// (this test binary run again), as in `trailview load --db r.db a & trailview
// load --db r.db b`: each has its own SQLite connections and its own idea
// of whether the store exists yet.
func TestConcurrentProcessesCreateOneStore(t *testing.T) {
	inputs, want := concurrentInputs(t, 3)
	for trial := 0; trial < 20; trial++ {
		path := filepath.Join(t.TempDir(), "r.db")
		cmds := make([]*exec.Cmd, len(inputs))
		outs := make([]bytes.Buffer, len(inputs))
		for i, in := range inputs {
			cmds[i] = exec.Command(os.Args[0], "-test.run=^TestHelperProcessOpenAndLoad$", "-test.count=1")
			cmds[i].Env = append(os.Environ(), "TRAILVIEW_TEST_STORE="+path, "TRAILVIEW_TEST_INPUT="+in)
			cmds[i].Stdout, cmds[i].Stderr = &outs[i], &outs[i]
		}
		// Started back to back, they race to create the file.
		for i, c := range cmds {
			if err := c.Start(); err != nil {
				t.Fatalf("start loader %d: %v", i, err)
			}
		}
		for i, c := range cmds {
			if err := c.Wait(); err != nil {
				t.Errorf("trial %d, process %d: %v\n%s", trial, i, err, outs[i].String())
			}
		}
		checkUnion(t, path, want)
		if t.Failed() {
			return
		}
	}
}

// TestHelperProcessOpenAndLoad is the child of
// TestConcurrentProcessesCreateOneStore; run directly, it does nothing.
func TestHelperProcessOpenAndLoad(t *testing.T) {
	path, input := os.Getenv("TRAILVIEW_TEST_STORE"), os.Getenv("TRAILVIEW_TEST_INPUT")
	if path == "" || input == "" {
		return
	}
	if err := openAndLoad(path, input); err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		os.Exit(1)
	}
}
