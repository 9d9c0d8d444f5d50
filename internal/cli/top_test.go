package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/trailview/trailview/history/store"
)

// apiEvent is one event of lookup-events output, which carries Resources
// explicitly.
func apiEvent(id, at, region, account, name, ip, errCode string, resources ...[2]string) string {
	at0, _ := time.Parse(time.RFC3339, at)
	inner := map[string]any{"eventVersion": "1.08", "eventID": id, "eventTime": at, "eventName": name,
		"eventSource": "s3.amazonaws.com", "awsRegion": region, "recipientAccountId": account, "eventType": "AwsApiCall", "readOnly": name == "GetObject"}
	if ip != "" {
		inner["sourceIPAddress"] = ip
	}
	if errCode != "" {
		inner["errorCode"] = errCode
	}
	raw, _ := json.Marshal(inner)
	var res []map[string]string
	for _, r := range resources {
		res = append(res, map[string]string{"ResourceType": r[0], "ResourceName": r[1]})
	}
	ev := map[string]any{"EventId": id, "EventName": name, "ReadOnly": "false", "EventTime": at0.Unix(),
		"EventSource": "s3.amazonaws.com", "Resources": res, "CloudTrailEvent": string(raw)}
	b, _ := json.Marshal(ev)
	return string(b)
}

var (
	bucket1 = [2]string{"AWS::S3::Bucket", "b1"}
	bucket2 = [2]string{"AWS::S3::Bucket", "b2"}
	role1   = [2]string{"AWS::IAM::Role", "r1"}
)

// analysisStore holds six events of 2026-11-25 (the test clock's day):
// ties on ip, an event without ip, one with a control character in it,
// an event naming b1 twice, two Regions and two accounts.
func analysisStore(t *testing.T) string {
	t.Helper()
	events := []string{
		apiEvent("e1", "2026-11-25T10:00:30Z", "eu-west-1", "111111111111", "CreateBucket", "10.0.0.2", "", bucket1, bucket1, bucket2),
		apiEvent("e2", "2026-11-25T10:03:00Z", "eu-west-1", "111111111111", "DeleteBucket", "10.0.0.1", "AccessDenied", bucket1),
		apiEvent("e3", "2026-11-25T10:09:59Z", "eu-west-1", "222222222222", "CreateBucket", "10.0.0.2", ""),
		apiEvent("e4", "2026-11-25T11:30:00Z", "us-east-1", "111111111111", "ConsoleLogin", "10.0.0.1", "Failed", role1),
		apiEvent("e5", "2026-11-25T11:31:00Z", "us-east-1", "222222222222", "ConsoleLogin", "", ""),
		apiEvent("e6", "2026-11-25T11:32:00Z", "eu-west-1", "111111111111", "GetObject", "10.0.0.3\x1b[31m", ""),
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "events.json")
	if err := os.WriteFile(in, []byte(`{"Events":[`+strings.Join(events, ",")+`]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "h.db")
	s, err := store.Open(context.Background(), db, store.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	res, err := s.Load(context.Background(), []string{in}, store.LoadOptions{})
	if err != nil || len(res.Errors) > 0 || res.Added != 6 {
		t.Fatalf("load: %+v %v", res, err)
	}
	return db
}

var theDay = []string{"--start-time", "2026-11-25T00:00:00Z", "--end-time", "2026-11-25T23:59:59Z"}

func topDoc(t *testing.T, args ...string) topJSON {
	t.Helper()
	code, out, errb := runAnalysis(t, Top, append(args, "--output", "json")...)
	if code != ExitOK {
		t.Fatalf("top %v: exit %d: %s", args, code, errb)
	}
	var doc topJSON
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("top %v: %v\n%s", args, err, out)
	}
	return doc
}

// topSummary renders a document's counts and values compactly.
func topSummary(d topJSON) string {
	s := fmt.Sprintf("total %d missing %d distinct %d:", d.Total, d.Missing, d.Distinct)
	for _, v := range d.Values {
		s += fmt.Sprintf(" %q=%d[%s..%s]", v.Value, v.Count, v.FirstSeen[11:19], v.LastSeen[11:19])
	}
	return s
}

func TestTopCounts(t *testing.T) {
	db := analysisStore(t)
	all := append([]string{"--db", db, "--region", "all", "--account", "all"}, theDay...)
	cases := []struct {
		args []string
		want string
	}{
		// Ties by count sort by value; the event without ip is Missing.
		{append([]string{"ip"}, all...),
			`total 6 missing 1 distinct 3: "10.0.0.1"=2[10:03:00..11:30:00] "10.0.0.2"=2[10:00:30..10:09:59] "10.0.0.3\x1b[31m"=1[11:32:00..11:32:00]`},
		// An event counts once per distinct resource name (e1 names b1 twice).
		{append([]string{"resource"}, all...),
			`total 6 missing 3 distinct 3: "b1"=2[10:00:30..10:03:00] "b2"=1[10:00:30..10:00:30] "r1"=1[11:30:00..11:30:00]`},
		// With a scope condition the resources table alone cannot answer.
		{append([]string{"resource", "--db", db, "--region", "all", "--account", "111111111111"}, theDay...),
			`total 4 missing 1 distinct 3: "b1"=2[10:00:30..10:03:00] "b2"=1[10:00:30..10:00:30] "r1"=1[11:30:00..11:30:00]`},
		{append([]string{"resource", "--filter", "event:CreateBucket"}, all...),
			`total 2 missing 1 distinct 2: "b1"=1[10:00:30..10:00:30] "b2"=1[10:00:30..10:00:30]`},
		{append([]string{"type"}, all...),
			`total 6 missing 3 distinct 2: "AWS::S3::Bucket"=2[10:00:30..10:03:00] "AWS::IAM::Role"=1[11:30:00..11:30:00]`},
		// The limit cuts Values, not Distinct nor Missing.
		{append([]string{"ip", "--limit", "1"}, all...),
			`total 6 missing 1 distinct 3: "10.0.0.1"=2[10:03:00..11:30:00]`},
		{append([]string{"event", "--filter", "error:*"}, all...),
			`total 2 missing 0 distinct 2: "ConsoleLogin"=1[11:30:00..11:30:00] "DeleteBucket"=1[10:03:00..10:03:00]`},
		{append([]string{"readonly"}, all...),
			`total 6 missing 0 distinct 2: "false"=5[10:00:30..11:31:00] "true"=1[11:32:00..11:32:00]`},
		// An indexed field in one Region (read from the field's own index).
		{append([]string{"event", "--db", db, "--region", "eu-west-1"}, theDay...),
			`total 4 missing 0 distinct 3: "CreateBucket"=2[10:00:30..10:09:59] "DeleteBucket"=1[10:03:00..10:03:00] "GetObject"=1[11:32:00..11:32:00]`},
		// Flags before FIELD, one Region, every account.
		{append([]string{"--db", db, "--region", "eu-west-1", "account"}, theDay...),
			`total 4 missing 0 distinct 2: "111111111111"=3[10:00:30..11:32:00] "222222222222"=1[10:09:59..10:09:59]`},
		{append([]string{"region", "--db", db, "--account", "222222222222", "--region", "all"}, theDay...),
			`total 2 missing 0 distinct 2: "eu-west-1"=1[10:09:59..10:09:59] "us-east-1"=1[11:31:00..11:31:00]`},
	}
	for _, c := range cases {
		if got := topSummary(topDoc(t, c.args...)); got != c.want {
			t.Errorf("top %v:\n got %s\nwant %s", c.args, got, c.want)
		}
	}
	d := topDoc(t, append([]string{"ip"}, all...)...)
	if d.Field != "ip" || d.Start != "2026-11-25T00:00:00Z" || d.End != "2026-11-25T23:59:59Z" {
		t.Errorf("header %q %q %q", d.Field, d.Start, d.End)
	}
	// An alias reports the canonical name.
	if d := topDoc(t, append([]string{"sourceIPAddress"}, all...)...); d.Field != "ip" {
		t.Errorf("alias reported as %q", d.Field)
	}
}

// TestTopTextEscapesOnTerminal: values reach a terminal escaped and
// aligned, and a pipe gets the exact bytes.
func TestTopTextEscapesOnTerminal(t *testing.T) {
	db := analysisStore(t)
	args := append([]string{"ip", "--db", db, "--region", "all"}, theDay...)
	env, out, _ := testEnv(t, nil)
	env.StdoutTerminal = true
	if code := Top(context.Background(), env, args); code != ExitOK {
		t.Fatalf("exit %d", code)
	}
	text := out.String()
	if strings.Contains(text, "\x1b") || !strings.Contains(text, "10.0.0.3") {
		t.Errorf("terminal output not escaped:\n%q", text)
	}
	lines := strings.Split(text, "\n")
	if len(lines) < 4 || strings.Index(lines[0], "COUNT") != strings.Index(lines[3], "1 ") {
		t.Errorf("columns not aligned:\n%s", text)
	}
	if !strings.Contains(lines[len(lines)-2], "6 events") || !strings.Contains(lines[len(lines)-2], "1 without ip; 3 distinct") {
		t.Errorf("summary line %q", lines[len(lines)-2])
	}
	_, piped, _ := runAnalysis(t, Top, args...)
	if !strings.Contains(piped, "10.0.0.3\x1b[31m") {
		t.Errorf("piped output lost the exact bytes:\n%q", piped)
	}
}

func TestTopTimelineUsageErrors(t *testing.T) {
	db := analysisStore(t)
	cases := []struct {
		cmd  Command
		args []string
		want string
	}{
		{Top, []string{"bogus", "--db", db}, "use one of event, source, user, region, account, key, ip, error, type, resource, readonly, agent, identity, arn, eventtype"},
		{Top, []string{"id", "--db", db}, `unknown FIELD "id"`},
		{Top, []string{"--db", db}, "name one FIELD"},
		{Top, []string{"ip", "user", "--db", db}, "name one FIELD"},
		{Top, []string{"ip", "--limit", "0", "--db", db}, "--limit must be at least 1"},
		{Top, []string{"ip", "--output", "yaml", "--db", db}, "use json or text"},
		{Timeline, []string{"--bucket", "2m", "--db", db}, "use one of 1m, 5m, 1h, 1d"},
		{Timeline, []string{"--bucket", "1m", "--db", db, "--start-time", "2026-01-01T00:00:00Z"}, "more than 100000"},
		{Timeline, []string{"extra", "--db", db}, `unexpected argument "extra"`},
	}
	for _, c := range cases {
		code, out, errb := runAnalysis(t, c.cmd, c.args...)
		if code != ExitUsage || out != "" || !strings.Contains(errb, c.want) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 and %q", c.args, code, out, errb, c.want)
		}
	}
}

func timelineDoc(t *testing.T, args ...string) timelineJSON {
	t.Helper()
	code, out, errb := runAnalysis(t, Timeline, append(args, "--output", "json")...)
	if code != ExitOK {
		t.Fatalf("timeline %v: exit %d: %s", args, code, errb)
	}
	var doc timelineJSON
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("timeline %v: %v\n%s", args, err, out)
	}
	return doc
}

func TestTimelineBuckets(t *testing.T) {
	db := analysisStore(t)
	// Buckets align to multiples of 5 minutes, not to the window's start;
	// the window still bounds the events (e1 at 10:00:30 is outside), and
	// the empty last bucket is present.
	got := timelineDoc(t, "--db", db, "--region", "all", "--bucket", "5m",
		"--start-time", "2026-11-25T10:01:00Z", "--end-time", "2026-11-25T10:12:00Z")
	want := timelineJSON{Bucket: "5m", Start: "2026-11-25T10:01:00Z", End: "2026-11-25T10:12:00Z", Buckets: []timelineBucketJSON{
		{"2026-11-25T10:00:00Z", 1, 1}, {"2026-11-25T10:05:00Z", 1, 0}, {"2026-11-25T10:10:00Z", 0, 0}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	// Default bucket: 1m gives 120 buckets for two hours, within 200.
	got = timelineDoc(t, "--db", db, "--region", "all", "--start-time", "2026-11-25T10:00:00Z", "--end-time", "2026-11-25T11:59:00Z")
	if got.Bucket != "1m" || len(got.Buckets) != 120 {
		t.Errorf("two hours: bucket %s, %d buckets", got.Bucket, len(got.Buckets))
	}
	// The default window (90 days) gets days; --account narrows.
	got = timelineDoc(t, "--db", db, "--region", "all", "--account", "222222222222")
	var events int64
	for _, b := range got.Buckets {
		events += b.Events
	}
	if got.Bucket != "1d" || len(got.Buckets) != 91 || events != 2 || got.Buckets[90].Start != "2026-11-25T00:00:00Z" {
		t.Errorf("default window: bucket %s, %d buckets, %d events, last %+v", got.Bucket, len(got.Buckets), events, got.Buckets[len(got.Buckets)-1])
	}
}

// TestExportRegionAllAndAccount: export takes 'all' for the Region and an
// account.
func TestExportRegionAllAndAccount(t *testing.T) {
	db := analysisStore(t)
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"--region", "all"}, []string{"e6", "e5", "e4", "e3", "e2", "e1"}},
		{[]string{"--region", "all", "--account", "222222222222"}, []string{"e5", "e3"}},
		{[]string{"--region", "eu-west-1", "--account", "all"}, []string{"e6", "e3", "e2", "e1"}},
	} {
		code, out, errb := runExport(t, nil, append([]string{"--db", db, "--format", "jsonl"}, c.args...)...)
		if code != ExitOK {
			t.Fatalf("%v: exit %d: %s", c.args, code, errb)
		}
		if got := eventIDs(t, out); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%v: %v, want %v", c.args, got, c.want)
		}
	}
}
