package cli

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// captureProcessStderr runs fn with os.Stderr redirected and returns what
// was written there: the AWS SDK's default logger writes to the process's
// stderr, past Env.
func captureProcessStderr(t *testing.T, fn func()) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	saved := os.Stderr
	os.Stderr = w
	got := make(chan string)
	go func() {
		b, _ := io.ReadAll(r)
		got <- string(b)
	}()
	defer func() {
		os.Stderr = saved
	}()
	fn()
	os.Stderr = saved
	w.Close()
	return <-got
}

// TestFetchWithoutCredentialsSaysSoOnce: with no credentials anywhere and
// an instance metadata service that refuses IMDSv2 tokens (as on a laptop
// behind some proxies, or an EC2 instance without a role), fetch prints
// trailview's one message, not the SDK's "falling back to IMDSv1"
// warnings on the process's stderr.
func TestFetchWithoutCredentialsSaysSoOnce(t *testing.T) {
	awsTestEnv(t, "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	imds := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPut {
			http.Error(w, "no tokens here", http.StatusMethodNotAllowed) // IMDSv1 only
			return
		}
		http.NotFound(w, r) // no instance role
	}))
	defer imds.Close()
	t.Setenv("AWS_EC2_METADATA_DISABLED", "false")
	t.Setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.URL)

	db := filepath.Join(t.TempDir(), "h.db")
	env, out, errb := testEnv(t, nil)
	var code int
	leaked := captureProcessStderr(t, func() {
		code = Fetch(context.Background(), env, []string{"--db", db, "--region", "us-east-1", "--endpoint-url", imds.URL})
	})
	if code != ExitError {
		t.Errorf("exit %d, want %d", code, ExitError)
	}
	if leaked != "" {
		t.Errorf("the SDK wrote to the process's stderr:\n%s", leaked)
	}
	text := errb.String()
	if out.Len() != 0 || strings.Count(text, "\n") != 1 || strings.Count(text, "no AWS credentials found") != 1 {
		t.Errorf("stdout %q; stderr, want one line saying there are no credentials:\n%s", out, text)
	}
}

// TestFetchMessagesSayThingsOnce: an error of the fetcher's set-up is
// prefixed once ("fetch: fetch: no Region" before).
func TestFetchMessagesSayThingsOnce(t *testing.T) {
	awsTestEnv(t, "AKIAONCE")
	db := filepath.Join(t.TempDir(), "h.db")
	env, _, errb := testEnv(t, nil)
	if code := Fetch(context.Background(), env, []string{"--db", db, "--endpoint-url", "http://127.0.0.1:1"}); code != ExitError {
		t.Errorf("exit %d", code)
	}
	if want := "trailview: fetch: no Region: name one with --region, use --all-regions, or set AWS_REGION or the profile's region\n"; errb.String() != want {
		t.Errorf("stderr %q, want %q", errb, want)
	}
}

// TestExportExistingFileSaysItOnce: -o onto an existing file says that it
// exists once, and how to overwrite it ("already exists: file already
// exists" before), for the single file as for a file of a split.
func TestExportExistingFileSaysItOnce(t *testing.T) {
	db := exportStore(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "out.csv")
	os.WriteFile(out, []byte("keep"), 0o600)
	second := filepath.Join(dir, "part-0002.jsonl")
	os.WriteFile(second, []byte("keep"), 0o600)
	for _, c := range []struct {
		args []string
		name string
	}{
		{[]string{"--db", db, "--format", "csv", "-o", out}, out},
		{[]string{"--db", db, "--format", "jsonl", "--split", "1", "-o", filepath.Join(dir, "part.jsonl")}, second},
	} {
		code, stdout, stderr := runExport(t, nil, c.args...)
		want := c.name + " already exists (use --force to overwrite)\n"
		if code != ExitError || stdout != "" || !strings.HasSuffix(stderr, want) || strings.Count(stderr, "exists") != 1 {
			t.Errorf("%v: exit %d, stderr %q, want one line ending %q", c.args, code, stderr, want)
		}
	}
	if b, _ := os.ReadFile(out); string(b) != "keep" {
		t.Errorf("the existing file was changed")
	}
}
