package cli

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/trailview/trailview/history/store"
)

// archiveStore holds three us-east-1 events of March 2025, far older than
// the 90 days before the test clock (2026-11-25).
func archiveStore(t *testing.T) string {
	t.Helper()
	recs := []string{
		exportRecord("a1", "2025-03-01T08:00:00Z", "us-east-1", "ConsoleLogin", "alice"),
		exportRecord("a2", "2025-03-02T09:00:00Z", "us-east-1", "ConsoleLogin", "bob"),
		exportRecord("a3", "2025-03-03T10:00:00Z", "us-east-1", "CheckMfa", "alice"),
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "in.json")
	if err := os.WriteFile(in, []byte(`{"Records":[`+strings.Join(recs, ",")+`]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "h.db")
	s, err := store.Open(context.Background(), db, store.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if res, err := s.Load(context.Background(), []string{in}, store.LoadOptions{}); err != nil || res.Added != 3 {
		t.Fatalf("load: %+v %v", res, err)
	}
	return db
}

// TestLookupEventsSaysWhenEventsAreOutsideTheWindow: an empty answer from
// a store whose events lie outside the 90-day window keeps the CLI's
// stdout and says on stderr how many events lie where, and which --now
// reaches them; that --now then finds them.
func TestLookupEventsSaysWhenEventsAreOutsideTheWindow(t *testing.T) {
	db := archiveStore(t)
	run := func(args ...string) (int, string, string) {
		env, out, errb := testEnv(t, nil)
		code := LookupEvents(context.Background(), env, append([]string{"--db", db, "--region", "us-east-1"}, args...))
		return code, out.String(), errb.String()
	}
	const emptyAnswer = "{\n    \"Events\": []\n}\n"

	code, out, errb := run()
	if code != ExitOK || out != emptyAnswer {
		t.Fatalf("exit %d, stdout %q, want the CLI's empty answer", code, out)
	}
	want := "trailview lookup-events: no matching events of us-east-1 in the 90 days ending 2026-11-25T12:00:00Z (Event history's window); " +
		"the store holds 3 matching events older, from 2025-03-01T08:00:00Z to 2025-03-03T10:00:00Z: " +
		"add --now 2025-03-03T10:00:00Z to search the 90 days ending with them\n"
	if errb != want {
		t.Errorf("stderr:\n%q\nwant:\n%q", errb, want)
	}
	nowArg := regexp.MustCompile(`--now (\S+)`).FindStringSubmatch(errb)
	if nowArg == nil {
		t.Fatal("no --now suggested")
	}
	code, out, errb = run("--now", nowArg[1])
	if code != ExitOK || strings.Count(out, `"EventId"`) != 3 || errb != "" {
		t.Errorf("with the suggested --now: exit %d, %d events, stderr %q", code, strings.Count(out, `"EventId"`), errb)
	}

	// The count follows the lookup attribute: one of the three matches.
	_, out, errb = run("--lookup-attributes", "AttributeKey=EventName,AttributeValue=CheckMfa")
	if out != emptyAnswer || !strings.Contains(errb, "holds 1 matching event older, from 2025-03-03T10:00:00Z to 2025-03-03T10:00:00Z") {
		t.Errorf("with an attribute: stdout %q, stderr %q", out, errb)
	}
	// Nothing outside the window matches: nothing to say.
	_, out, errb = run("--lookup-attributes", "AttributeKey=EventName,AttributeValue=RunInstances")
	if out != emptyAnswer || errb != "" {
		t.Errorf("no match anywhere: stdout %q, stderr %q", out, errb)
	}
	// --now before the events: they are newer than the window.
	_, out, errb = run("--now", "2024-06-01T00:00:00Z")
	if out != emptyAnswer || !strings.Contains(errb, "holds 3 matching events newer, from 2025-03-01T08:00:00Z to 2025-03-03T10:00:00Z: add --now 2025-03-03T10:00:00Z") {
		t.Errorf("--now before the events: stdout %q, stderr %q", out, errb)
	}
	// Insights: none stored, nothing said.
	for _, args := range [][]string{{"--event-category", "insight"}, {"--output", "text", "--event-category", "insight"}} {
		if _, _, errb := run(args...); errb != "" {
			t.Errorf("%v: stderr %q", args, errb)
		}
	}
}
