package live

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/trailview/trailview/history/live/fakeapi"
	"github.com/trailview/trailview/history/store"
)

// fetchProcess is this test binary run again as one `trailview fetch`
// (TestHelperProcessFetch) into store, against srv.
func fetchProcess(srv *fakeapi.Server, store, key, region string) (*exec.Cmd, *bytes.Buffer) {
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcessFetch$", "-test.count=1")
	cmd.Env = append(os.Environ(), "TRAILVIEW_TEST_FETCH="+strings.Join([]string{store, srv.URL, key, region}, "\n"))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	return cmd, &out
}

// TestHelperProcessFetch is the child of the tests below; run directly,
// it does nothing. It prints "ready" and the time once it is about to
// fetch, then each distinct progress note.
func TestHelperProcessFetch(t *testing.T) {
	args := strings.Split(os.Getenv("TRAILVIEW_TEST_FETCH"), "\n")
	if len(args) != 4 {
		return
	}
	ctx := context.Background()
	store, err := store.Open(ctx, args[0], store.OpenOptions{})
	if err != nil {
		fmt.Println("child:", err)
		os.Exit(1)
	}
	opts := testOptionsURL(args[1], args[2], args[3])
	var mu sync.Mutex
	notes := map[string]bool{}
	opts.Progress = func(p Progress) {
		mu.Lock()
		defer mu.Unlock()
		if p.Note != "" && !notes[p.Note] {
			notes[p.Note] = true
			fmt.Println("note:", p.Note)
		}
	}
	f, err := New(ctx, store, opts)
	if err != nil {
		fmt.Println("child:", err)
		os.Exit(1)
	}
	fmt.Println("ready", time.Now().UnixNano())
	if _, err := f.Run(ctx); err != nil {
		fmt.Println("child:", err)
		os.Exit(1)
	}
	store.Close()
	os.Exit(0)
}

// checkRate fails if any second holds more than two requests of one
// account and Region, or two of them arrived less than 80% of the
// interval apart, whichever process sent them.
func checkRate(t *testing.T, log []fakeapi.Request) {
	t.Helper()
	last := map[string]time.Time{}
	window := map[string][]time.Time{}
	for _, r := range log {
		k := r.Account + "/" + r.Region
		if prev, ok := last[k]; ok && r.At.Sub(prev) < DefaultInterval*8/10 {
			t.Errorf("%s: request %d arrived %v after the one before", k, r.N, r.At.Sub(prev))
		}
		last[k] = r.At
		in := append(window[k], r.At)
		for len(in) > 0 && r.At.Sub(in[0]) >= time.Second {
			in = in[1:]
		}
		if len(in) > 2 {
			t.Errorf("%s: %d requests within one second, up to request %d", k, len(in), r.N)
		}
		window[k] = in
	}
}

// TestFetchProcessesShareOneTurn: two fetch processes of one account and
// Region, on one store, together keep to 2 requests per second (issue 14,
// item 11: 93 violations were seen at the endpoint).
func TestFetchProcessesShareOneTurn(t *testing.T) {
	t.Parallel()
	const key = "AKIATESTTWOPROCS"
	srv := newServer(t, key)
	acct := testAccount(key)
	srv.AddEvents(acct, "us-east-2", fakeapi.Generate(acct, "us-east-2", 200, time.Now().UTC(), 3*time.Hour, 21))
	path := filepath.Join(t.TempDir(), "h.db")
	var cmds []*exec.Cmd
	var outs []*bytes.Buffer
	for i := 0; i < 2; i++ {
		cmd, out := fetchProcess(srv, path, key, "us-east-2")
		cmds, outs = append(cmds, cmd), append(outs, out)
	}
	for _, c := range cmds {
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
	}
	for i, c := range cmds {
		if err := c.Wait(); err != nil {
			t.Errorf("fetch process %d: %v\n%s", i, err, outs[i])
		}
	}
	noViolations(t, srv)
	log := srv.Log()
	checkRate(t, log)
	if pagesAsked(log) < 4 || len(log) < 6 {
		t.Errorf("%d requests for %d pages: the two processes did not both fetch", len(log), pagesAsked(log))
	}
	store, err := store.Open(context.Background(), path, store.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	sameEvents(t, store, srv, acct, "us-east-2")
}

// TestFetchAfterAKilledFetchWaitsForItsTurn: a fetch started right after
// another was killed during a request waits for the dead one's lease
// (its request may still be arriving), says why, and then keeps the rate
// (issue 14, item 11).
func TestFetchAfterAKilledFetchWaitsForItsTurn(t *testing.T) {
	t.Parallel()
	const key = "AKIATESTKILLED"
	srv := newServer(t, key)
	acct := testAccount(key)
	srv.AddEvents(acct, "ca-central-1", fakeapi.Generate(acct, "ca-central-1", 300, time.Now().UTC(), 3*time.Hour, 22))
	path := filepath.Join(t.TempDir(), "h.db")
	first, firstOut := fetchProcess(srv, path, key, "ca-central-1")
	var mu sync.Mutex
	killedN := 0
	var killedAt time.Time
	killed := make(chan struct{})
	srv.SetHook(func(r fakeapi.Request) fakeapi.Fault {
		mu.Lock()
		defer mu.Unlock()
		if r.Page == 3 && killedN == 0 {
			// kill -9 while its request is out: nothing of the process
			// runs after this.
			first.Process.Kill()
			killedN, killedAt = r.N, r.At
			close(killed)
		}
		return fakeapi.None
	})
	// Started under mu: the hook reads first.Process, which Start sets.
	mu.Lock()
	err := first.Start()
	mu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	waited := make(chan error, 1)
	go func() { waited <- first.Wait() }()
	select {
	case <-killed:
	case err := <-waited:
		t.Fatalf("the first fetch ended before its third page: %v\n%s", err, firstOut)
	}
	second, out := fetchProcess(srv, path, key, "ca-central-1")
	if err := second.Run(); err != nil {
		t.Fatalf("the fetch after the killed one: %v\n%s", err, out)
	}
	<-waited
	noViolations(t, srv)
	log := srv.Log()
	checkRate(t, log)
	if len(log) <= killedN {
		t.Fatalf("no request after the killed one: %+v", log)
	}
	// The killed process's lease was taken just before its request
	// arrived; the next request waited for it to run out.
	if gap := log[killedN].At.Sub(killedAt); gap < turnLease-500*time.Millisecond {
		t.Errorf("the next request came %v after the killed one's, within its %v lease", gap, turnLease)
	}
	ready := readyTime(t, out.String())
	if ready.Before(killedAt.Add(turnLease-time.Second)) && !strings.Contains(out.String(), "another trailview fetch of this account") {
		t.Errorf("the second fetch waited without saying why:\n%s", out)
	}
	store, err := store.Open(context.Background(), path, store.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	sameEvents(t, store, srv, acct, "ca-central-1")
}

func readyTime(t *testing.T, out string) time.Time {
	t.Helper()
	for _, line := range strings.Split(out, "\n") {
		if ns, ok := strings.CutPrefix(line, "ready "); ok {
			n, err := strconv.ParseInt(ns, 10, 64)
			if err != nil {
				t.Fatalf("child said %q", line)
			}
			return time.Unix(0, n)
		}
	}
	t.Fatalf("the child never got ready:\n%s", out)
	return time.Time{}
}
