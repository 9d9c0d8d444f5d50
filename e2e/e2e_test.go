// Package e2e drives the real trailview binary in tmux: what a user sees
// and types, end to end. Tests skip when tmux is not installed (CI
// installs it).
package e2e

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/trailview/trailview/export"
	"github.com/trailview/trailview/filter"
	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/store"
	"github.com/trailview/trailview/internal/realdata"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
	binDir    string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// binary builds trailview once for all tests.
func binary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		binDir, buildErr = os.MkdirTemp("", "trailview-e2e-")
		if buildErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "trailview")
		_, file, _, _ := runtime.Caller(0)
		root := filepath.Dir(filepath.Dir(file))
		cmd := exec.Command("go", "build", "-o", binPath, ".")
		cmd.Dir = root
		out, err := cmd.CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// term is one tmux server and session, private to a test.
type term struct {
	t      *testing.T
	socket string
}

// newTerm starts a shell in a 120x35 tmux session in dir, with env set.
func newTerm(t *testing.T, dir string, env map[string]string) *term {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed; the end-to-end tests need it (CI installs it)")
	}
	tm := &term{t: t, socket: fmt.Sprintf("tv-e2e-%d-%s", os.Getpid(), strings.ReplaceAll(t.Name(), "/", "_"))}
	args := []string{"-f", "/dev/null", "new-session", "-d", "-s", "main", "-x", "120", "-y", "35", "-c", dir}
	for k, v := range env {
		args = append(args, "-e", k+"="+v)
	}
	args = append(args, "sh")
	tm.tmux(args...)
	t.Cleanup(func() { exec.Command("tmux", "-L", tm.socket, "kill-server").Run() })
	tm.waitFor("shell prompt", func(s string) bool { return strings.TrimSpace(s) != "" })
	return tm
}

func (tm *term) tmux(args ...string) string {
	tm.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", tm.socket}, args...)...).CombinedOutput()
	if err != nil {
		tm.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// capture returns the visible screen.
func (tm *term) capture() string { return tm.tmux("capture-pane", "-p", "-t", "main") }

// typeText sends literal text; keys sends tmux key names (Enter, Escape).
func (tm *term) typeText(s string) { tm.tmux("send-keys", "-t", "main", "-l", s) }
func (tm *term) keys(k ...string)  { tm.tmux(append([]string{"send-keys", "-t", "main"}, k...)...) }

// waitFor polls the screen until cond holds, failing after 20 seconds.
func (tm *term) waitFor(what string, cond func(string) bool) string {
	tm.t.Helper()
	return tm.waitForWithin(20*time.Second, what, cond)
}

func (tm *term) waitForWithin(d time.Duration, what string, cond func(string) bool) string {
	tm.t.Helper()
	deadline := time.Now().Add(d)
	tick := time.NewTicker(25 * time.Millisecond)
	defer tick.Stop()
	var s string
	for time.Now().Before(deadline) {
		s = tm.capture()
		if cond(s) {
			return s
		}
		<-tick.C
	}
	tm.t.Fatalf("waiting for %s: screen is:\n%s", what, s)
	return ""
}

func (tm *term) waitText(want ...string) string {
	tm.t.Helper()
	return tm.waitTextWithin(20*time.Second, want...)
}

func (tm *term) waitTextWithin(d time.Duration, want ...string) string {
	tm.t.Helper()
	return tm.waitForWithin(d, fmt.Sprintf("%q", want), func(s string) bool {
		for _, w := range want {
			if !strings.Contains(s, w) {
				return false
			}
		}
		return true
	})
}

// altScreen reports whether the program still holds the alternate screen.
func (tm *term) altScreen() bool {
	return strings.TrimSpace(tm.tmux("display-message", "-p", "-t", "main", "#{alternate_on}")) == "1"
}

// isolatedEnv keeps the test away from the user's store, config and cache.
func isolatedEnv(dir string) map[string]string {
	return map[string]string{
		"HOME":            dir,
		"XDG_DATA_HOME":   filepath.Join(dir, "data"),
		"XDG_CONFIG_HOME": filepath.Join(dir, "config"),
		"XDG_CACHE_HOME":  filepath.Join(dir, "cache"),
		"TRAILVIEW_DB":    filepath.Join(dir, "data", "history.db"),
		"TERM":            "xterm-256color",
		"PS1":             "$ ",
		"AWS_REGION":      "",
	}
}

// TestSampleFirstRun is a new user's first run: no store, so the sample
// history opens and says so; q quits and the shell is back.
func TestSampleFirstRun(t *testing.T) {
	bin := binary(t)
	dir := t.TempDir()
	env := isolatedEnv(dir)
	// The default store, not a named one: a named store that does not
	// exist is an error, not the sample.
	env["TRAILVIEW_DB"] = ""
	tm := newTerm(t, dir, env)
	tm.typeText(bin + "; echo trailview-exit=$?")
	tm.keys("Enter")
	// The UI shows at once, even while the sample is generated on first
	// use; generating it can take long on a busy machine.
	tm.waitText("trailview", "Sample history")
	s := tm.waitTextWithin(2*time.Minute, "Sample history", "Event name", "Event time", "User name", " of ")
	if !tm.altScreen() {
		t.Fatalf("the table is not on the alternate screen:\n%s", s)
	}
	tm.keys("q")
	s = tm.waitText("trailview-exit=0")
	if tm.altScreen() {
		t.Fatal("the alternate screen is still on after quitting")
	}
	if strings.Contains(s, "Event source") {
		t.Fatalf("table left on the restored screen:\n%s", s)
	}
	if _, err := os.Stat(filepath.Join(dir, "data", "trailview", "history.db")); err == nil {
		t.Fatal("the sample was written into the user's store")
	}
}

// realDataDir is the shared folder of real CloudTrail data.
func realDataDir(t *testing.T) string {
	t.Helper()
	return realdata.Dir(t)
}

// TestRealDataSession loads real CloudTrail files from the UI, then
// filters, opens a detail, changes the columns, exports a CSV and quits;
// the CSV must hold exactly the filtered events.
func TestRealDataSession(t *testing.T) {
	real := realDataDir(t)
	bin := binary(t)
	dir := t.TempDir()
	env := isolatedEnv(dir)
	tm := newTerm(t, dir, env)
	tm.typeText(bin + " " + real + "; echo trailview-exit=$?")
	tm.keys("Enter")
	tm.waitText("loaded", "events from", "us-east-1")

	// Whole store, read and write events: t, last item, enter; x.
	tm.keys("t")
	tm.waitText("Everything in the store")
	tm.keys("End", "Enter")
	tm.waitText("(everything in the store)")
	tm.keys("x")
	tm.waitText("attribute filter removed")

	// Filter.
	tm.keys("/")
	tm.typeText("source:iam.amazonaws.com")
	tm.keys("Enter")
	s := tm.waitText("/source:iam.amazonaws.com (X)", " of ")
	if strings.Contains(s, "sts.amazonaws.com") {
		t.Fatalf("filter let another source through:\n%s", s)
	}

	// Detail, and back.
	tm.keys("Enter")
	tm.waitText("Event record:", `"eventSource": "iam.amazonaws.com"`)
	tm.keys("Escape")
	tm.waitText("/source:iam.amazonaws.com (X)")

	// Columns: show AWS region (8th), and save.
	tm.keys("c")
	tm.waitText("[ ] AWS region")
	for i := 0; i < 7; i++ {
		tm.keys("Down")
	}
	tm.keys("Space")
	tm.waitText("[x] AWS region")
	tm.keys("Enter")
	tm.waitText("columns saved", "AWS region")
	cfg, err := os.ReadFile(filepath.Join(dir, "config", "trailview", "config"))
	if err != nil || !strings.Contains(string(cfg), "AWS region") {
		t.Fatalf("config not saved: %v %q", err, cfg)
	}

	// Export the matches as CSV to the default name in the working dir.
	tm.keys("e")
	tm.waitText("Export events", "event_history.csv")
	tm.keys("Enter")
	s = tm.waitText("exported")
	var n int
	for _, line := range strings.Split(s, "\n") {
		if i := strings.Index(line, "exported "); i >= 0 {
			fmt.Sscanf(strings.ReplaceAll(line[i:], ",", ""), "exported %d events", &n)
		}
	}
	tm.keys("q")
	tm.waitText("trailview-exit=0")
	if tm.altScreen() {
		t.Fatal("the alternate screen is still on after quitting")
	}

	checkCSV(t, filepath.Join(dir, "event_history.csv"), n, env["TRAILVIEW_DB"])
}

// checkCSV reads the export back: the console's header, only IAM events,
// newest first, as many as the UI said and as the store counts.
func checkCSV(t *testing.T, path string, n int, db string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	if got := strings.Join(rows[0], ","); got != export.ConsoleHeader {
		t.Fatalf("header %q", got)
	}
	rows = rows[1:]
	if n == 0 || len(rows) != n {
		t.Fatalf("csv has %d events, the UI said %d", len(rows), n)
	}
	prev := ""
	for i, r := range rows {
		if r[3] != "iam.amazonaws.com" {
			t.Fatalf("row %d has event source %q", i, r[3])
		}
		if prev != "" && r[2] > prev {
			t.Fatalf("row %d (%s) newer than the row above (%s)", i, r[2], prev)
		}
		prev = r[2]
	}
	st, err := store.Open(context.Background(), db, store.OpenOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	flt, err := filter.Compile("source:iam.amazonaws.com", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	region, err := st.BusiestRegion(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want, err := st.Count(context.Background(), history.Query{Region: region, Pred: flt.Pred})
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(rows)) != want {
		t.Fatalf("csv has %d events, the store holds %d IAM events in %s", len(rows), want, region)
	}
}
