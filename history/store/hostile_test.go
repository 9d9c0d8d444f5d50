package store

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trailview/trailview/history"
)

// record makes a small valid management record.
func testRecord(id, name string, extra string) string {
	return fmt.Sprintf(`{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/alice","accountId":"111122223333","accessKeyId":"AKIAEXAMPLE","userName":"alice"},"eventTime":"2024-05-01T10:00:00Z","eventSource":"ec2.amazonaws.com","eventName":%q,"awsRegion":"us-east-1","sourceIPAddress":"198.51.100.7","userAgent":"aws-cli/2","requestParameters":null,"responseElements":null,"requestID":"r-%s","eventID":%q,"readOnly":true,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"%s}`,
		name, id, id, extra)
}

func gz(t *testing.T, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write(data)
	w.Close()
	return b.Bytes()
}

// TestBadInputsAreReportedAndOthersLoad puts one good file beside each kind
// of bad input: the bad one gives one clear error naming the file (and the
// offset where it applies), the good one loads, nothing stored is lost.
func TestBadInputsAreReportedAndOthersLoad(t *testing.T) {
	good := `{"Records":[` + testRecord("11111111-1111-1111-1111-111111111111", "DescribeInstances", "") + `]}`
	valid := gz(t, []byte(`{"Records":[`+testRecord("22222222-2222-2222-2222-222222222222", "RunInstances", "")+`]}`))
	cases := []struct {
		name, file string
		data       []byte
		wantMsg    string // in the error
		wantOffset bool
	}{
		{"corrupt gzip", "bad.json.gz", append(valid[:len(valid)/2:len(valid)/2], bytes.Repeat([]byte{0xff}, 40)...), "gzip", false},
		{"truncated JSON", "trunc.json", []byte(`{"Records":[` + testRecord("33333333-3333-3333-3333-333333333333", "A", "")[:150]), "", true},
		{"JSON that is not CloudTrail", "package.json", []byte(`{"name":"left-pad","version":"1.3.0"}`), "not a CloudTrail record", false},
		{"wrong field type", "types.json", []byte(`{"Records":[` + strings.Replace(testRecord("44444444-4444-4444-4444-444444444444", "A", ""), `"eventTime":"2024-05-01T10:00:00Z"`, `"eventTime":12`, 1) + `]}`), "eventTime", true},
		{"eventName an object", "types2.json", []byte(`[` + strings.Replace(testRecord("55555555-5555-5555-5555-555555555555", "A", ""), `"eventName":"A"`, `"eventName":{"x":1}`, 1) + `]`), "eventName", true},
		{"non-UTF-8 bytes", "latin1.json", []byte("[" + strings.Replace(testRecord("66666666-6666-6666-6666-666666666666", "A", ""), "alice", "al\xe9ice", 1) + "]"), "UTF-8", true},
		{"garbage after records", "tail.json", []byte(good + "\n}}}"), "", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, dir, "good.json", []byte(good))
			bad := writeFile(t, dir, c.file, c.data)
			s := openTempStore(t)
			res, err := s.Load(context.Background(), []string{dir}, LoadOptions{})
			if err != nil {
				t.Fatalf("load: %v", err)
			}
			if len(res.Errors) != 1 {
				t.Fatalf("errors = %v, want one about %s", res.Errors, c.file)
			}
			e := res.Errors[0]
			msg := e.Error()
			if e.File != bad || !strings.Contains(msg, c.file) {
				t.Errorf("error %q does not name %s", msg, bad)
			}
			if c.wantMsg != "" && !strings.Contains(msg, c.wantMsg) {
				t.Errorf("error %q does not mention %q", msg, c.wantMsg)
			}
			if c.wantOffset && (e.Offset <= 0 || !strings.Contains(msg, "offset")) {
				t.Errorf("error %q has no byte offset", msg)
			}
			if strings.Count(msg, "\n") > 0 {
				t.Errorf("error spans several lines: %q", msg)
			}
			if n, _ := s.Count(context.Background(), history.Query{}); n != 1 {
				t.Errorf("store holds %d events, want the good file's 1 (a failed file adds nothing)", n)
			}
		})
	}
}

// TestHugeSingleLineIsRefusedWithBoundedMemory streams a 100 MB line: the
// loader must stop at its record limit instead of buffering it all.
func TestHugeSingleLineIsRefusedWithBoundedMemory(t *testing.T) {
	s := openTempStore(t)
	prefix := `{"eventVersion":"1.08","eventName":"`
	huge := io.MultiReader(strings.NewReader(prefix), io.LimitReader(repeatReader('a'), 100<<20), strings.NewReader(`"}`+"\n"))
	res, err := s.Load(context.Background(), []string{"-"}, LoadOptions{Stdin: huge})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Error(), "MiB") {
		t.Fatalf("errors = %v, want one saying the record exceeds the size limit", res.Errors)
	}
	if !strings.Contains(res.Errors[0].Error(), "stdin") {
		t.Errorf("error %q does not name standard input", res.Errors[0])
	}
}

type repeatReader byte

func (r repeatReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(r)
	}
	return len(p), nil
}

// TestSymlinkLoopAndDanglingLinks: a walk survives a loop and reports a
// link that leads nowhere, while the real files load.
func TestSymlinkLoopAndDanglingLinks(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a/good.json", []byte(`[`+testRecord("77777777-7777-7777-7777-777777777777", "A", "")+`]`))
	if err := os.Symlink("..", filepath.Join(dir, "a", "loop")); err != nil {
		t.Skipf("symlinks not supported here: %v", err)
	}
	os.Symlink(filepath.Join(dir, "missing.json"), filepath.Join(dir, "a", "dangling.json"))
	s := openTempStore(t)
	res, err := s.Load(context.Background(), []string{dir}, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Added != 1 {
		t.Errorf("added %d, want 1 (the loop must not load the file twice)", res.Added)
	}
	if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Error(), "dangling.json") {
		t.Errorf("errors = %v, want one naming the dangling link", res.Errors)
	}
}

// TestMissingPathIsAnError: a path that does not exist fails alone.
func TestMissingPathIsAnError(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, dir, "good.json", []byte(testRecord("88888888-8888-8888-8888-888888888888", "A", "")))
	s := openTempStore(t)
	res, err := s.Load(context.Background(), []string{filepath.Join(dir, "nope.json.gz"), good}, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Error(), "nope.json.gz") || res.Added != 1 {
		t.Errorf("errors %v, added %d", res.Errors, res.Added)
	}
}

// TestEmptyInputsLoadNothing: an empty file or whitespace is zero events,
// as an export of an empty scope as JSON lines is.
func TestEmptyInputsLoadNothing(t *testing.T) {
	dir := t.TempDir()
	empty := writeFile(t, dir, "empty.jsonl", nil)
	blank := writeFile(t, dir, "blank.json", []byte("\n \n"))
	s := openTempStore(t)
	res := mustLoad(t, s, empty, blank)
	if len(res.Errors) != 0 || res.Added != 0 {
		t.Errorf("errors %v, added %d", res.Errors, res.Added)
	}
}
