package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/trailview/trailview/history/store"
)

// specNow anchors the 90-day window just after the spec's examples
// (section 10 happens on 2025-03-04).
const specNow = "2025-03-05T00:00:00Z"

// loadStore loads files into a fresh store and returns its path.
func loadStore(t testing.TB, files ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "history.db")
	s, err := store.Open(context.Background(), path, store.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	res, err := s.Load(context.Background(), files, store.LoadOptions{})
	if err != nil {
		t.Fatalf("load %v: %v", files, err)
	}
	if len(res.Errors) > 0 {
		t.Fatalf("load %v: %v", files, res.Errors)
	}
	return path
}

// specStore is a store of the spec's example records (section 10), made
// from testdata/lookupevents.
func specStore(t testing.TB) string {
	t.Helper()
	return loadStore(t, "testdata/lookupevents/spec-records.json", "testdata/lookupevents/spec-insight.json")
}

type runResult struct {
	code           int
	stdout, stderr string
}

// lookup runs the real command with --db, TZ=UTC and the given args.
func lookup(t *testing.T, db string, vars map[string]string, args ...string) runResult {
	t.Helper()
	if vars == nil {
		vars = map[string]string{}
	}
	if _, ok := vars["TZ"]; !ok {
		vars["TZ"] = "UTC"
	}
	env, out, errb := testEnv(t, vars)
	code := LookupEvents(context.Background(), env, append([]string{"--db", db}, args...))
	return runResult{code, out.String(), errb.String()}
}

// lookupOK runs the command, requires exit 0 and decodes the output.
func lookupOK(t *testing.T, db string, args ...string) cliOutput {
	t.Helper()
	r := lookup(t, db, nil, args...)
	if r.code != 0 {
		t.Fatalf("lookup-events %q: exit %d\n%s", args, r.code, r.stderr)
	}
	var o cliOutput
	if err := json.Unmarshal([]byte(r.stdout), &o); err != nil {
		t.Fatalf("lookup-events %q: output is not JSON: %v\n%s", args, err, r.stdout)
	}
	return o
}

type cliEvent struct {
	EventId, EventName, ReadOnly, AccessKeyId, EventTime, EventSource, Username, CloudTrailEvent string
	Resources                                                                                    []struct{ ResourceType, ResourceName string }
}

type cliOutput struct {
	Events    []cliEvent
	NextToken string
}

func (o cliOutput) ids() []string {
	var out []string
	for _, e := range o.Events {
		out = append(out, e.EventId)
	}
	return out
}

func TestLookupEventsMatchesSpecExample(t *testing.T) {
	db := specStore(t)
	r := lookup(t, db, nil, "--region", "eu-west-1", "--start-time", "2025-03-04T09:00:00Z", "--end-time", "2025-03-04T10:00:00Z", "--now", specNow)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	want, err := os.ReadFile("testdata/lookupevents/spec-10.11.golden.json")
	if err != nil {
		t.Fatal(err)
	}
	if r.stdout != string(want) {
		t.Errorf("output differs from spec 10.11:\n%s", diffLines(string(want), r.stdout))
	}
	if r.stderr != "" {
		t.Errorf("stderr not empty: %q", r.stderr)
	}
}

// diffLines shows the first differing line of two texts.
func diffLines(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return "line " + strconv.Itoa(i+1) + ":\nwant: " + a + "\ngot:  " + b
		}
	}
	return "(equal)"
}
