package export

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/store"
)

// goldenInputs are a few small real files covering lookup events with
// API resources (plaso, aws-cli), a console sign-in, an IAM user's API
// calls and an Insights record.
var goldenInputs = append(append([]string(nil), lookupInputs...), recordInputs...)

// lookupInputs hold LookupEvents answers (Username and Resources from AWS);
// recordInputs hold plain records.
var lookupInputs = []string{
	"log2timeline_plaso/test_data/jsonl/aws_cloudtrail.jsonl",
	"aws_aws-cli/lookup-events.example.json",
}

var recordInputs = []string{
	"datadog_stratus-red-team/docs/detonation-logs/aws.initial-access.console-login-without-mfa.json",
	"datadog_stratus-red-team/docs/detonation-logs/aws.defense-evasion.cloudtrail-stop.json",
	"awsdocs_aws-cloudtrail-user-guide/cloudtrail-log-file-examples.block09.json",
}

func realStore(t *testing.T, inputs ...string) *store.Store {
	t.Helper()
	if inputs == nil {
		inputs = goldenInputs
	}
	dir := requireRealData(t)
	s := openStore(t)
	var paths []string
	for _, p := range inputs {
		paths = append(paths, filepath.Join(dir, p))
	}
	load(t, s, paths...)
	return s
}

func export(t *testing.T, s *store.Store, q history.Query, opts Options) []byte {
	t.Helper()
	var b bytes.Buffer
	if _, err := ToWriter(context.Background(), s, q, &b, opts); err != nil {
		t.Fatalf("export %v: %v", opts.Format, err)
	}
	return b.Bytes()
}

// TestGoldenReal exports real events in every format. The golden files
// were produced by this code and checked by hand against spec 4.3 (header,
// quoting, compact lower-camel Resources, empty cells, newest first); the
// test keeps them from changing unnoticed.
func TestGoldenReal(t *testing.T) {
	s := realStore(t)
	mgmt := history.Query{}
	golden(t, "real.csv", export(t, s, mgmt, Options{Format: CSV}))
	golden(t, "real-raw.csv", export(t, s, mgmt, Options{Format: CSV, Raw: true}))
	golden(t, "real.json", export(t, s, mgmt, Options{Format: JSON}))
	golden(t, "real.jsonl", export(t, s, mgmt, Options{Format: JSONLines}))
	golden(t, "real-insight.csv", export(t, s, history.Query{Category: history.Insight}, Options{Format: CSV}))
	golden(t, "real-columns.csv", export(t, s, mgmt, Options{Format: CSV,
		Columns: []string{"Event time", "Event name", "User name", "Identity type", "Resource name", "Error code", "Error message"}}))
}

// TestJSONMatchesStore checks the JSON export against the store itself:
// the records exactly as stored, compact, newest first, in the
// {"Records":[...]} container; JSON lines hold the same records.
func TestJSONMatchesStore(t *testing.T) {
	s := realStore(t)
	var raws [][]byte
	var last *history.Event
	err := s.Iterate(context.Background(), history.Query{}, true, func(e *history.Event) error {
		if last != nil && e.Time.After(last.Time) {
			t.Errorf("store order is not newest first")
		}
		c := *e
		last = &c
		raws = append(raws, append([]byte(nil), e.Raw...))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(raws) < 5 {
		t.Fatalf("only %d events loaded", len(raws))
	}
	want := "{\"Records\":[" + string(bytes.Join(raws, []byte(","))) + "]}\n"
	if got := export(t, s, history.Query{}, Options{Format: JSON}); string(got) != want {
		t.Errorf("JSON export is not the stored records in order")
	}
	if got := export(t, s, history.Query{}, Options{Format: JSONLines}); string(got) != string(bytes.Join(raws, []byte("\n")))+"\n" {
		t.Errorf("JSON lines export is not the stored records in order")
	}
	var doc struct{ Records []json.RawMessage }
	if err := json.Unmarshal([]byte(want), &doc); err != nil || len(doc.Records) != len(raws) {
		t.Errorf("JSON export does not parse as {\"Records\":[...]}: %v", err)
	}
}

// fromRecord drops what a JSON export cannot carry for an event that was
// loaded from a LookupEvents answer: Username and Resources came from AWS
// beside the record, and a JSON export holds records only, as the
// console's does, so a reload derives them from the record instead.
func fromRecord(e history.Event) history.Event {
	e.Username, e.Resources, e.ResourcesFromAPI = "", nil, false
	return e
}

func allEvents(t *testing.T, s *store.Store, q history.Query) []history.Event {
	t.Helper()
	var out []history.Event
	err := s.Iterate(context.Background(), q, true, func(e *history.Event) error {
		c := *e
		c.Raw = append([]byte(nil), e.Raw...)
		out = append(out, c)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestRoundTrip loads JSON and JSON lines exports into new stores: the
// same events come back, with byte-identical records. Events that came
// from plain records come back identical in every field; events that came
// from LookupEvents answers keep every field the record holds.
func TestRoundTrip(t *testing.T) {
	for _, c := range []struct {
		name   string
		inputs []string
		same   func(history.Event) history.Event
	}{
		{"records", recordInputs, func(e history.Event) history.Event { return e }},
		{"lookup events", lookupInputs, fromRecord},
	} {
		s := realStore(t, c.inputs...)
		for _, f := range []Format{JSON, JSONLines} {
			for _, cat := range []history.Category{history.Management, history.Insight} {
				q := history.Query{Category: cat}
				a := allEvents(t, s, q)
				if len(a) == 0 {
					if cat == history.Management {
						t.Fatalf("%s: no events loaded", c.name)
					}
					continue // an empty JSON lines file is not loadable input
				}
				p := filepath.Join(t.TempDir(), "export"+f.Ext())
				if _, err := ToFile(context.Background(), s, q, p, Options{Format: f}, false); err != nil {
					t.Fatal(err)
				}
				s2 := openStore(t)
				load(t, s2, p)
				b := allEvents(t, s2, q)
				if len(a) != len(b) {
					t.Fatalf("%s %v %v: %d events exported, %d reloaded", c.name, f, cat, len(a), len(b))
				}
				for i := range a {
					if !bytes.Equal(a[i].Raw, b[i].Raw) {
						t.Errorf("%s %v: event %s: record changed:\n%s\n%s", c.name, f, a[i].EventID, a[i].Raw, b[i].Raw)
					}
					x, y := c.same(a[i]), c.same(b[i])
					x.ID, y.ID, x.Raw, y.Raw = 0, 0, nil, nil
					if !reflect.DeepEqual(x, y) {
						t.Errorf("%s %v: event %s differs after reload:\n%+v\n%+v", c.name, f, a[i].EventID, x, y)
					}
				}
			}
		}
	}
}

func TestSplitName(t *testing.T) {
	cases := map[string]string{
		"events.csv":          "events-0007.csv",
		"/tmp/a.b/events.csv": "/tmp/a.b/events-0007.csv",
		"/tmp/a.b/events":     "/tmp/a.b/events-0007",
		"events.tar.json":     "events.tar-0007.json",
		".csv":                ".csv-0007",
		"out":                 "out-0007",
	}
	for in, want := range cases {
		if got := SplitName(in, 7); got != want {
			t.Errorf("SplitName(%q) = %q, want %q", in, got, want)
		}
	}
	if got := SplitName("e.csv", 12345); got != "e-12345.csv" {
		t.Errorf("large index: %q", got)
	}
}

// TestSplit writes 600 events 250 per file: three complete documents with
// 250, 250 and 100 events whose records, in order, are the unsplit export.
func TestSplit(t *testing.T) {
	s := synthStore(t, 600)
	dir := t.TempDir()
	var progress []int64
	res, err := ToFile(context.Background(), s, history.Query{}, filepath.Join(dir, "ev.json"),
		Options{Format: JSON, Split: 250, Progress: func(n int64) { progress = append(progress, n) }}, false)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(dir, "ev-0001.json"), filepath.Join(dir, "ev-0002.json"), filepath.Join(dir, "ev-0003.json")}
	if res.Events != 600 || !reflect.DeepEqual(res.Files, want) {
		t.Fatalf("result %+v", res)
	}
	if got := dirNames(t, dir); !reflect.DeepEqual(got, []string{"ev-0001.json", "ev-0002.json", "ev-0003.json"}) {
		t.Errorf("directory holds %v", got)
	}
	if len(progress) == 0 || progress[len(progress)-1] != 600 {
		t.Errorf("progress reports %v; the last must be 600", progress)
	}
	var all []json.RawMessage
	for i, p := range res.Files {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct{ Records []json.RawMessage }
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatalf("%s is not a complete document: %v", p, err)
		}
		if n := len(doc.Records); n != []int{250, 250, 100}[i] {
			t.Errorf("%s holds %d events", p, n)
		}
		all = append(all, doc.Records...)
	}
	var whole struct{ Records []json.RawMessage }
	if err := json.Unmarshal(export(t, s, history.Query{}, Options{Format: JSON}), &whole); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(all, whole.Records) {
		t.Error("the split files together are not the unsplit export")
	}

	// Exactly one full file: no empty second file.
	dir2 := t.TempDir()
	res, err = ToFile(context.Background(), s, history.Query{}, filepath.Join(dir2, "ev.csv"), Options{Format: CSV, Split: 600}, false)
	if err != nil || len(res.Files) != 1 || res.Events != 600 {
		t.Errorf("split equal to the count: %+v, %v", res, err)
	}
	// Split files are not overwritten either.
	if _, err := ToFile(context.Background(), s, history.Query{}, filepath.Join(dir2, "ev.csv"), Options{Format: CSV, Split: 600}, false); !errors.Is(err, fs.ErrExist) {
		t.Errorf("existing split file overwritten: %v", err)
	}
}

// TestNoOverwriteWithoutForce leaves an existing file alone unless forced.
func TestNoOverwriteWithoutForce(t *testing.T) {
	s := synthStore(t, 3)
	dir := t.TempDir()
	p := filepath.Join(dir, "out.csv")
	if err := os.WriteFile(p, []byte("precious"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := ToFile(context.Background(), s, history.Query{}, p, Options{Format: CSV}, false)
	if !errors.Is(err, fs.ErrExist) {
		t.Fatalf("got %v, want an error wrapping fs.ErrExist", err)
	}
	if data, _ := os.ReadFile(p); string(data) != "precious" {
		t.Errorf("existing file changed to %q", data)
	}
	res, err := ToFile(context.Background(), s, history.Query{}, p, Options{Format: CSV}, true)
	if err != nil || res.Events != 3 {
		t.Fatalf("forced export: %+v, %v", res, err)
	}
	data, _ := os.ReadFile(p)
	if !strings.HasPrefix(string(data), ConsoleHeader+"\n") || strings.Count(string(data), "\n") != 4 {
		t.Errorf("forced export wrote %q", data)
	}
	if got := dirNames(t, dir); !reflect.DeepEqual(got, []string{"out.csv"}) {
		t.Errorf("directory holds %v", got)
	}
}

// cancelAfter is a context whose Err turns to Canceled after a number of
// calls, so a test can stop an export in the middle without timing.
type cancelAfter struct {
	context.Context
	calls, after int
}

func (c *cancelAfter) Err() error {
	c.calls++
	if c.calls > c.after {
		return context.Canceled
	}
	return nil
}

// TestFailedExportLeavesNoFile interrupts exports mid-way and fails one on
// a bad directory: nothing is left, not even a temporary file.
func TestFailedExportLeavesNoFile(t *testing.T) {
	s := synthStore(t, 1000)
	for _, split := range []int{0, 300} {
		dir := t.TempDir()
		ctx := &cancelAfter{Context: context.Background(), after: 2}
		res, err := ToFile(ctx, s, history.Query{}, filepath.Join(dir, "out.json"), Options{Format: JSON, Split: split}, false)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("split %d: got %v, want context.Canceled", split, err)
		}
		if res.Events == 0 || res.Events >= 1000 {
			t.Errorf("split %d: cancelled after %d events; the test wants a mid-way stop", split, res.Events)
		}
		if got := dirNames(t, dir); len(got) != 0 {
			t.Errorf("split %d: a cancelled export left %v", split, got)
		}
	}
	// A JSON export of events without records fails at the first event.
	dir := t.TempDir()
	if _, err := ToFile(context.Background(), s, history.Query{}, filepath.Join(dir, "missing", "out.csv"), Options{Format: CSV}, false); err == nil {
		t.Error("export into a missing directory succeeded")
	}
	if _, err := ToFile(context.Background(), s, history.Query{}, filepath.Join(dir, "out.csv"), Options{Format: CSV, Columns: []string{"bogus"}}, false); err == nil {
		t.Error("bad column accepted")
	}
	if got := dirNames(t, dir); len(got) != 0 {
		t.Errorf("failed exports left %v", got)
	}
}

// TestToWriterError reports a failing destination.
func TestToWriterError(t *testing.T) {
	s := synthStore(t, 500)
	_, err := ToWriter(context.Background(), s, history.Query{}, &failingWriter{left: 1000}, Options{Format: JSON})
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("got %v, want the writer's error", err)
	}
}

// TestGoldenInjection loads a record whose user-controlled fields start
// like spreadsheet formulas and exports it neutralized (the default) and
// raw. The raw file must hold the values unchanged; the default one adds a
// single quote before each, and nothing else.
func TestGoldenInjection(t *testing.T) {
	rec := `{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/=HYPERLINK(\"http://x.example\")","accountId":"111122223333","accessKeyId":"AKIAEXAMPLE","userName":"=HYPERLINK(\"http://x.example\",\"see\")"},` +
		`"eventTime":"2024-05-01T10:00:00Z","eventSource":"s3.amazonaws.com","eventName":"CreateBucket","awsRegion":"us-east-1","sourceIPAddress":"@198.51.100.7",` +
		`"userAgent":"=cmd|' /C calc'!A0","errorCode":"-2+3","errorMessage":"+SUM(1,2)\nsecond line, \"quoted\"","requestParameters":{"bucketName":"\tbucket"},"responseElements":null,` +
		`"requestID":"r-1","eventID":"11111111-2222-4333-8444-555555555555","readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"}`
	p := filepath.Join(t.TempDir(), "rec.json")
	if err := os.WriteFile(p, []byte(`{"Records":[`+rec+`]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	s := openStore(t)
	load(t, s, p)
	cols := []string{"User name", "Source IP address", "User agent", "Error code", "Error message", "Resource name", "Identity ARN"}
	golden(t, "injection.csv", export(t, s, history.Query{}, Options{Format: CSV}))
	golden(t, "injection-raw.csv", export(t, s, history.Query{}, Options{Format: CSV, Raw: true}))
	golden(t, "injection-columns.csv", export(t, s, history.Query{}, Options{Format: CSV, Columns: cols}))
	golden(t, "injection-columns-raw.csv", export(t, s, history.Query{}, Options{Format: CSV, Columns: cols, Raw: true}))
}
