package cli

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trailview/trailview/history/store"
	"github.com/trailview/trailview/internal/termtext"
)

// hostile is event text meant for the analyst's terminal: a clipboard
// write (OSC 52), a screen clear, a right-to-left override, a carriage
// return, an 8-bit CSI (U+009B) and DEL.
const hostile = "x\x1b]52;c;aGk=\x07\x1b[2J\u202e\r\u009b\x7fz"

// active lists what must never reach a terminal raw.
var active = []string{"\x1b", "\x07", "\r", "\u202e", "\u009b", "\x7f"}

// hostileStore holds one event whose user name, ARN and resource name
// carry hostile, in the busiest Region, inside the default window.
func hostileStore(t *testing.T) string {
	t.Helper()
	q := func(s string) string {
		b, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	rec := `{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":` + q("arn:aws:iam::111122223333:user/"+hostile) +
		`,"accountId":"111122223333","accessKeyId":"AKIAEXAMPLE","userName":` + q(hostile) + `},` +
		`"eventTime":"2026-11-20T10:00:00Z","eventSource":"iam.amazonaws.com","eventName":"GetRole","awsRegion":"eu-west-1",` +
		`"sourceIPAddress":"198.51.100.7","userAgent":` + q(hostile) + `,"eventID":"h1","readOnly":true,"eventType":"AwsApiCall",` +
		`"resources":[{"ARN":` + q("arn:aws:iam::111122223333:role/"+hostile) + `,"type":"AWS::IAM::Role"}],` +
		`"recipientAccountId":"111122223333","eventCategory":"Management"}`
	dir := t.TempDir()
	in := filepath.Join(dir, "in.json")
	if err := os.WriteFile(in, []byte(`{"Records":[`+rec+`]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "h.db")
	s, err := store.Open(context.Background(), db, store.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if res, err := s.Load(context.Background(), []string{in}, store.LoadOptions{}); err != nil || res.Added != 1 {
		t.Fatalf("load: %+v %v", res, err)
	}
	return db
}

// runOn runs a command with stdout and stderr each a terminal or not.
func runOn(t *testing.T, cmd Command, stdoutTerminal, stderrTerminal bool, args ...string) (int, string, string) {
	t.Helper()
	env, out, errb := testEnv(t, map[string]string{"TZ": "UTC"})
	env.StdoutTerminal, env.StderrTerminal = stdoutTerminal, stderrTerminal
	code := cmd(context.Background(), env, args)
	return code, out.String(), errb.String()
}

func assertInert(t *testing.T, what, text string) {
	t.Helper()
	for _, a := range active {
		if strings.Contains(text, a) {
			t.Errorf("%s: %q reaches the terminal raw:\n%q", what, a, text)
		}
	}
	for _, e := range []string{`\u202e`, `\u009b`, `\x7f`} {
		if !strings.Contains(text, e) {
			t.Errorf("%s: the escape %s is not shown:\n%q", what, e, text)
		}
	}
}

// TestEventTextIsEscapedOnTerminalsOnly: export (csv, json, jsonl) and
// lookup-events (json, text, table) show hostile event text escaped on a
// terminal, and write the exact bytes of today to a file or pipe.
func TestEventTextIsEscapedOnTerminalsOnly(t *testing.T) {
	db := hostileStore(t)
	for _, c := range []struct {
		name string
		cmd  Command
		args []string
		raw  bool // the format writes the text raw (JSON escapes C0 itself)
	}{
		{"export csv", Export, []string{"--db", db, "--format", "csv"}, true},
		{"export json", Export, []string{"--db", db, "--format", "json"}, false},
		{"export jsonl", Export, []string{"--db", db, "--format", "jsonl"}, false},
		{"lookup-events json", LookupEvents, []string{"--db", db, "--region", "eu-west-1"}, false},
		{"lookup-events text", LookupEvents, []string{"--db", db, "--region", "eu-west-1", "--output", "text"}, true},
		{"lookup-events table", LookupEvents, []string{"--db", db, "--region", "eu-west-1", "--output", "table"}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, pipe, errPipe := runOn(t, c.cmd, false, false, c.args...)
			if code != ExitOK {
				t.Fatalf("exit %d: %s", code, errPipe)
			}
			if c.raw && !strings.Contains(pipe, hostile) {
				t.Errorf("a pipe does not get the exact bytes:\n%q", pipe)
			}
			if !c.raw && !strings.Contains(pipe, "\u202e\r") && !strings.Contains(pipe, "\u202e\\r") {
				t.Errorf("a pipe does not get the record as stored:\n%q", pipe)
			}
			code, tty, errTTY := runOn(t, c.cmd, true, true, c.args...)
			if code != ExitOK {
				t.Fatalf("exit %d: %s", code, errTTY)
			}
			assertInert(t, "stdout", tty)
			if c.raw && !strings.Contains(tty, `\x1b]52;c;aGk=\x07\x1b[2J\u202e\x0d\u009b\x7f`) {
				t.Errorf("the terminal does not show the text escaped:\n%q", tty)
			}
			if c.name != "lookup-events table" {
				// The same bytes, escaped: nothing else changes. (The table
				// is measured on the escaped cells, so its padding differs.)
				if want := termtext.Escape(pipe); tty != want {
					t.Errorf("terminal output:\n%q\nwant the pipe's, escaped:\n%q", tty, want)
				}
			} else if lines := strings.Split(strings.TrimSuffix(tty, "\n"), "\n"); !sameWidths(lines) {
				t.Errorf("the escaped table is not aligned:\n%s", tty)
			}
			// Only stdout a terminal: stdout escaped, stderr as it was.
			_, ttyOnly, _ := runOn(t, c.cmd, true, false, c.args...)
			if ttyOnly != tty {
				t.Errorf("stdout depends on stderr being a terminal")
			}
			// Only stderr a terminal: stdout, a pipe, gets the exact bytes.
			if _, pipeOnly, _ := runOn(t, c.cmd, false, true, c.args...); pipeOnly != pipe {
				t.Errorf("stdout to a pipe changed because stderr is a terminal:\n%q", pipeOnly)
			}
		})
	}
}

// sameWidths reports whether every line of a table has the same number
// of characters.
func sameWidths(lines []string) bool {
	for _, l := range lines {
		if len([]rune(l)) != len([]rune(lines[0])) {
			return false
		}
	}
	return true
}

// TestLoadErrorLinesEscapeNames: load's error lines name files and zip
// members; on a terminal their control characters and invalid UTF-8 are
// shown escaped, on a pipe the names are written as they are.
func TestLoadErrorLinesEscapeNames(t *testing.T) {
	dir := t.TempDir()
	fileName := "bad" + hostile + "\xff.json"
	badFile := filepath.Join(dir, fileName)
	if err := os.WriteFile(badFile, []byte(`{"Records":[{"eventVersion":`), 0o600); err != nil {
		t.Skipf("the file system refuses the name: %v", err)
	}
	member := "member" + hostile + ".json"
	zipPath := filepath.Join(dir, "logs.zip")
	var zb bytes.Buffer
	zw := zip.NewWriter(&zb)
	w, err := zw.Create(member)
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte(`{"Records":[{"eventVersion":`))
	zw.Close()
	if err := os.WriteFile(zipPath, zb.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	args := []string{"--db", filepath.Join(dir, "h.db"), badFile, zipPath}

	code, _, pipe := runOn(t, Load, false, false, args...)
	if code != ExitError {
		t.Fatalf("exit %d: %s", code, pipe)
	}
	if !strings.Contains(pipe, fileName) || !strings.Contains(pipe, member) {
		t.Errorf("a pipe does not get the names as they are:\n%q", pipe)
	}
	code, _, tty := runOn(t, Load, false, true, args...)
	if code != ExitError {
		t.Fatalf("exit %d: %s", code, tty)
	}
	// The progress bar's own codes are the program's, not the names'.
	assertInert(t, "stderr", strings.ReplaceAll(tty, "\r\x1b[K", ""))
	if !strings.Contains(tty, `\x1b]52;c;aGk=\x07\x1b[2J\u202e\x0d\u009b\x7fz\xff.json`) ||
		!strings.Contains(tty, `member`+termtext.Escape(hostile)+`.json`) {
		t.Errorf("the terminal does not show the names escaped:\n%q", tty)
	}
	if !strings.Contains(tty, "0 events added") {
		t.Errorf("summary missing:\n%q", tty)
	}
}

// TestMessagesQuotingNamesAreEscaped: export's messages about the output
// file, and lookup-events' service errors, escape the name on a terminal
// stderr only.
func TestMessagesQuotingNamesAreEscaped(t *testing.T) {
	db := hostileStore(t)
	out := filepath.Join(t.TempDir(), "out"+hostile+".csv")
	if err := os.WriteFile(out, nil, 0o600); err != nil {
		t.Skipf("the file system refuses the name: %v", err)
	}
	args := []string{"--db", db, "--format", "csv", "-o", out}
	code, _, pipe := runOn(t, Export, false, false, args...)
	if code != ExitError || !strings.Contains(pipe, out) {
		t.Errorf("exit %d, a pipe does not get the name as it is:\n%q", code, pipe)
	}
	code, _, tty := runOn(t, Export, false, true, args...)
	if code != ExitError || !strings.Contains(tty, termtext.Escape(out)) {
		t.Errorf("exit %d, the terminal does not show the name escaped:\n%q", code, tty)
	}
	assertInert(t, "export stderr", tty)

	// An API error quoting the attribute value back.
	args = []string{"--db", db, "--region", "eu-west-1", "--lookup-attributes", "AttributeKey=Nope" + hostile + ",AttributeValue=v"}
	_, _, pipe = runOn(t, LookupEvents, false, false, args...)
	_, _, tty = runOn(t, LookupEvents, false, true, args...)
	if !strings.Contains(pipe, hostile) {
		t.Errorf("a pipe does not get the message as it is:\n%q", pipe)
	}
	if tty != termtext.Escape(pipe) {
		t.Errorf("terminal stderr:\n%q\nwant:\n%q", tty, termtext.Escape(pipe))
	}
}

// TestFetchEscapesServiceMessages: an error message from the service
// (here AccessDenied quoting hostile text) is escaped on a terminal's
// stderr and written as it came to a pipe.
func TestFetchEscapesServiceMessages(t *testing.T) {
	awsTestEnv(t, "AKIAHOSTILE")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.WriteHeader(http.StatusBadRequest)
		body, _ := json.Marshal(map[string]string{"__type": "AccessDeniedException", "message": "denied " + hostile})
		w.Write(body)
	}))
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "h.db")
	args := []string{"--db", db, "--endpoint-url", srv.URL, "--region", "us-east-1", "--account", "123456789012"}

	code, _, pipe := runOn(t, Fetch, false, false, args...)
	if code != ExitError || !strings.Contains(pipe, "denied "+hostile) {
		t.Errorf("exit %d, a pipe does not get the message as it came:\n%q", code, pipe)
	}
	code, _, tty := runOn(t, Fetch, false, true, args...)
	if code != ExitError || !strings.Contains(tty, "denied "+termtext.Escape(hostile)) {
		t.Errorf("exit %d, the terminal does not show the message escaped:\n%q", code, tty)
	}
	// The progress view's own codes are the program's.
	drawn := strings.NewReplacer("\r\x1b[K", "", "\x1b[1A", "", "\x1b[2A", "").Replace(tty)
	assertInert(t, "fetch stderr", drawn)
}
