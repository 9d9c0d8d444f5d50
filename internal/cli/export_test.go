package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trailview/trailview/history/store"
)

var updateGolden = flag.Bool("update-export", false, "rewrite the export golden files in testdata/export")

// exportRecord is a management record; user may start like a formula.
func exportRecord(id, at, region, name, user string) string {
	return fmt.Sprintf(`{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/x","accountId":"111122223333","accessKeyId":"AKIAEXAMPLE","userName":%q},"eventTime":%q,"eventSource":"signin.amazonaws.com","eventName":%q,"awsRegion":%q,"sourceIPAddress":"198.51.100.7","userAgent":"Mozilla/5.0 (X11, Linux)","requestParameters":null,"responseElements":null,"eventID":%q,"readOnly":false,"eventType":"AwsConsoleSignIn","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"}`,
		user, at, name, region, id)
}

// exportStore makes a store (the test clock says 2026-11-25) holding:
// eu-west-1, the busiest Region: three events, one older than the 90-day
// window, and an Insights event; us-east-1: one event.
func exportStore(t *testing.T) string {
	t.Helper()
	recs := []string{
		exportRecord("e1", "2026-11-20T10:00:00Z", "eu-west-1", "ConsoleLogin", "=HYPERLINK(\"http://x\")"),
		exportRecord("e2", "2026-11-01T09:30:00Z", "eu-west-1", "CheckMfa", "bob"),
		exportRecord("e3", "2026-06-01T08:00:00Z", "eu-west-1", "ConsoleLogin", "carol"),
		exportRecord("u1", "2026-11-10T07:00:00Z", "us-east-1", "ConsoleLogin", "dave"),
		`{"eventVersion":"1.08","eventTime":"2026-11-15T00:00:00Z","awsRegion":"eu-west-1","eventID":"i1","eventType":"AwsCloudTrailInsight","recipientAccountId":"111122223333","sharedEventID":"s1","insightDetails":{"state":"Start","eventSource":"ec2.amazonaws.com","eventName":"RunInstances","insightType":"ApiCallRateInsight"},"eventCategory":"Insight"}`,
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
	res, err := s.Load(context.Background(), []string{in}, store.LoadOptions{})
	if err != nil || len(res.Errors) > 0 || res.Added != 5 {
		t.Fatalf("load: %+v %v", res, err)
	}
	return db
}

func runExport(t *testing.T, vars map[string]string, args ...string) (int, string, string) {
	t.Helper()
	env, out, errb := testEnv(t, vars)
	code := Export(context.Background(), env, args)
	return code, out.String(), errb.String()
}

// eventIDs returns the eventIDs of a JSON lines export, in order.
func eventIDs(t *testing.T, jsonl string) []string {
	t.Helper()
	var ids []string
	for _, line := range strings.Split(strings.TrimSuffix(jsonl, "\n"), "\n") {
		if line == "" {
			continue
		}
		var r struct{ EventID string }
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		ids = append(ids, r.EventID)
	}
	return ids
}

func goldenFile(t *testing.T, name, got string) {
	t.Helper()
	p := filepath.Join("testdata", "export", name)
	if *updateGolden {
		if err := os.WriteFile(p, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/cli -run Export -update-export)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs:\n got %q\nwant %q", name, got, want)
	}
}

// TestExportDefaults: without flags beyond --format, the busiest Region
// and the UI's default window (90 days ending now) are exported.
func TestExportDefaults(t *testing.T) {
	db := exportStore(t)
	code, out, errb := runExport(t, nil, "--db", db, "--format", "csv")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errb)
	}
	goldenFile(t, "default.csv", out)
	if !strings.Contains(errb, "export: 2 events written to standard output") {
		t.Errorf("summary: %q", errb)
	}
	code, out, _ = runExport(t, nil, "--db", db, "--format", "csv", "--csv-raw")
	if code != ExitOK {
		t.Fatal(code)
	}
	goldenFile(t, "default-raw.csv", out)
	code, out, _ = runExport(t, nil, "--db", db, "--format", "json")
	if code != ExitOK {
		t.Fatal(code)
	}
	goldenFile(t, "default.json", out)
}

func TestExportScope(t *testing.T) {
	db := exportStore(t)
	cases := []struct {
		name string
		vars map[string]string
		args []string
		want []string
	}{
		{"default", nil, nil, []string{"e1", "e2"}},
		{"explicit range beyond 90 days", nil, []string{"--start-time", "2026-01-01"}, []string{"e1", "e2", "e3"}},
		{"end only", nil, []string{"--end-time", "2026-11-02T00:00:00Z"}, []string{"e2", "e3"}},
		{"epoch and zone forms", nil, []string{"--start-time", "1793491200", "--end-time", "2026-11-20T11:00:00+01:00"}, []string{"e1", "e2"}},
		{"region flag", nil, []string{"--region", "us-east-1"}, []string{"u1"}},
		{"AWS_REGION", map[string]string{"AWS_REGION": "us-east-1"}, nil, []string{"u1"}},
		{"AWS_DEFAULT_REGION", map[string]string{"AWS_DEFAULT_REGION": "us-east-1"}, nil, []string{"u1"}},
		{"flag beats env", map[string]string{"AWS_REGION": "us-east-1"}, []string{"--region", "eu-west-1"}, []string{"e1", "e2"}},
		{"lookup attribute", nil, []string{"--lookup-attributes", "AttributeKey=EventName,AttributeValue=ConsoleLogin", "--start-time", "2026-01-01"}, []string{"e1", "e3"}},
		{"lookup attribute JSON", nil, []string{"--lookup-attributes", `[{"AttributeKey":"Username","AttributeValue":"bob"}]`}, []string{"e2"}},
		{"insight", nil, []string{"--event-category", "insight"}, []string{"i1"}},
		{"filter", nil, []string{"--filter", "user:bob OR user:carol", "--start-time", "2026-01-01"}, []string{"e2", "e3"}},
		{"filter narrows the window", nil, []string{"--filter", "since:10d"}, []string{"e1"}},
		{"filter within an explicit range", nil, []string{"--filter", "event:Console*", "--start-time", "2026-01-01"}, []string{"e1", "e3"}},
		{"unknown region", nil, []string{"--region", "xx-nowhere-1"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			args := append([]string{"--db", db, "--format", "jsonl"}, c.args...)
			code, out, errb := runExport(t, c.vars, args...)
			if code != ExitOK {
				t.Fatalf("exit %d: %s", code, errb)
			}
			if got := eventIDs(t, out); strings.Join(got, ",") != strings.Join(c.want, ",") {
				t.Errorf("exported %v, want %v", got, c.want)
			}
		})
	}
}

func TestExportToFile(t *testing.T) {
	db := exportStore(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "events.csv")
	code, stdout, errb := runExport(t, nil, "--db", db, "--format", "csv", "-o", out, "--columns", "Event time,Event name,User name")
	if code != ExitOK || stdout != "" {
		t.Fatalf("exit %d, stdout %q: %s", code, stdout, errb)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	want := "Event time,Event name,User name\n2026-11-20T10:00:00Z,ConsoleLogin,\"'=HYPERLINK(\"\"http://x\"\")\"\n2026-11-01T09:30:00Z,CheckMfa,bob\n"
	if string(data) != want {
		t.Errorf("file holds %q, want %q", data, want)
	}
	if !strings.Contains(errb, out) {
		t.Errorf("summary does not name the file: %q", errb)
	}

	// An existing file needs --force.
	code, _, errb = runExport(t, nil, "--db", db, "--format", "json", "-o", out)
	if code != ExitError || !strings.Contains(errb, "--force") {
		t.Errorf("overwrite without --force: exit %d, %q", code, errb)
	}
	if again, _ := os.ReadFile(out); string(again) != want {
		t.Error("existing file changed without --force")
	}
	if code, _, errb = runExport(t, nil, "--db", db, "--format", "json", "-o", out, "--force"); code != ExitOK {
		t.Fatalf("--force: exit %d: %s", code, errb)
	}
	if data, _ := os.ReadFile(out); !json.Valid(data) {
		t.Error("forced export is not JSON")
	}

	// Split: 3 events, 2 per file.
	split := filepath.Join(dir, "part.jsonl")
	code, _, errb = runExport(t, nil, "--db", db, "--format", "jsonl", "-o", split, "--split", "2", "--start-time", "2026-01-01")
	if code != ExitOK {
		t.Fatalf("split: exit %d: %s", code, errb)
	}
	var ids []string
	for i, n := range []int{2, 1} {
		data, err := os.ReadFile(filepath.Join(dir, fmt.Sprintf("part-%04d.jsonl", i+1)))
		if err != nil {
			t.Fatal(err)
		}
		got := eventIDs(t, string(data))
		if len(got) != n {
			t.Errorf("file %d holds %v", i+1, got)
		}
		ids = append(ids, got...)
	}
	if strings.Join(ids, ",") != "e1,e2,e3" {
		t.Errorf("split files hold %v", ids)
	}
	if !strings.Contains(errb, "2 files") {
		t.Errorf("summary: %q", errb)
	}
}

func TestExportUsageErrors(t *testing.T) {
	db := exportStore(t)
	cases := map[string][]string{
		"no format":           {},
		"bad format":          {"--format", "xml"},
		"columns with json":   {"--format", "json", "--columns", "Event name"},
		"bad column":          {"--format", "csv", "--columns", "Event name,Colour"},
		"csv-raw with jsonl":  {"--format", "jsonl", "--csv-raw"},
		"split without -o":    {"--format", "csv", "--split", "10"},
		"negative split":      {"--format", "csv", "--split", "-1", "-o", "x.csv"},
		"force without -o":    {"--format", "csv", "--force"},
		"bad category":        {"--format", "csv", "--event-category", "data"},
		"bad start":           {"--format", "csv", "--start-time", "yesterday-ish"},
		"end before start":    {"--format", "csv", "--start-time", "2026-11-20", "--end-time", "2026-11-01"},
		"two attributes":      {"--format", "csv", "--lookup-attributes", "AttributeKey=EventName,AttributeValue=A", "--lookup-attributes", "AttributeKey=Username,AttributeValue=B"},
		"unknown attribute":   {"--format", "csv", "--lookup-attributes", "AttributeKey=Colour,AttributeValue=red"},
		"malformed attribute": {"--format", "csv", "--lookup-attributes", "AttributeKey=EventName"},
		"positional argument": {"--format", "csv", "out.csv"},
	}
	for name, args := range cases {
		t.Run(name, func(t *testing.T) {
			code, out, errb := runExport(t, nil, append([]string{"--db", db}, args...)...)
			if code != ExitUsage {
				t.Errorf("exit %d, want %d; stderr %q", code, ExitUsage, errb)
			}
			if out != "" || !strings.HasPrefix(errb, "trailview: export: ") {
				t.Errorf("stdout %q, stderr %q", out, errb)
			}
		})
	}
}

func TestExportMissingStore(t *testing.T) {
	db := filepath.Join(t.TempDir(), "none.db")
	code, _, errb := runExport(t, nil, "--db", db, "--format", "csv")
	if code != ExitError || !strings.Contains(errb, "trailview load") {
		t.Errorf("exit %d, %q", code, errb)
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("export created a store")
	}
}

func TestExportCancelledLeavesNoFile(t *testing.T) {
	db := exportStore(t)
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	env, _, errb := testEnv(t, nil)
	code := Export(ctx, env, []string{"--db", db, "--format", "csv", "-o", filepath.Join(dir, "x.csv")})
	if code != ExitError {
		t.Errorf("exit %d: %s", code, errb)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("cancelled export left %v", ents)
	}
}

func TestExportProgress(t *testing.T) {
	if got := exportProgressText(50, 200, 2*time.Second, 8); got != "██░░░░░░  25% 50/200 events · 25 events/s" {
		t.Errorf("with total: %q", got)
	}
	if got := exportProgressText(1000, 0, time.Second, 8); got != "exporting: 1000 events · 1000 events/s" {
		t.Errorf("without total: %q", got)
	}
	// On a terminal the bar is drawn and then erased; elsewhere nothing.
	var b bytes.Buffer
	p := &exportProgress{w: &b, enabled: true, start: time.Now()}
	p.update(10)
	p.update(20) // within 100 ms: skipped
	p.finish()
	if s := b.String(); strings.Count(s, "\r\x1b[K") != 2 || !strings.Contains(s, "10 events") {
		t.Errorf("terminal output %q", s)
	}
	b.Reset()
	p = &exportProgress{w: &b, start: time.Now()}
	p.update(10)
	p.finish()
	if b.Len() != 0 {
		t.Errorf("drew on a non-terminal: %q", b.String())
	}
}
