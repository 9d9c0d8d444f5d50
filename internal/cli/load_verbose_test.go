package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLoadVerboseNamesSkippedFilesAndFailsOnBrokenDataFiles loads a
// directory holding a good file, a .json.gz whose gzip magic is zeroed,
// a licence and a hidden file: the broken log file is an error (exit 1)
// naming it and an offset, the good one loads, and -v names each skipped
// file with its reason.
func TestLoadVerboseNamesSkippedFilesAndFailsOnBrokenDataFiles(t *testing.T) {
	dir := t.TempDir()
	rec := `{"eventVersion":"1.08","eventTime":"2026-11-20T10:00:00Z","eventSource":"iam.amazonaws.com","eventName":"ListUsers","awsRegion":"us-east-1","eventID":"%s","readOnly":true,"eventType":"AwsApiCall","recipientAccountId":"111122223333","userIdentity":{"type":"Root","arn":"arn:aws:iam::111122223333:root"}}`
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("good.json", []byte(fmt.Sprintf(`{"Records":[`+rec+`]}`, "a1")))
	broken := write("broken.json.gz", []byte("\x00\x00\x08\x00\x00\x00\x00\x00\x00\xff"))
	licence := write("LICENSE", []byte("MIT License\n"))
	hidden := write(".DS_Store", []byte("\x00\x00\x00\x01Bud1"))
	db := filepath.Join(t.TempDir(), "h.db")

	env, _, errb := testEnv(t, nil)
	code := Load(context.Background(), env, []string{"--db", db, "-v", dir})
	text := errb.String()
	if code != ExitError {
		t.Errorf("exit %d, want 1 for the broken log file; stderr:\n%s", code, text)
	}
	if !strings.Contains(text, broken+": offset 0:") || !strings.Contains(text, "1 event added") {
		t.Errorf("stderr does not report %s with its offset and the good file's event:\n%s", broken, text)
	}
	for _, p := range []string{licence, hidden} {
		if !strings.Contains(text, "load: skipped "+p+": ") {
			t.Errorf("-v does not name skipped %s:\n%s", p, text)
		}
	}

	env, _, errb = testEnv(t, nil)
	Load(context.Background(), env, []string{"--db", db, dir})
	if strings.Contains(errb.String(), "skipped "+licence) {
		t.Errorf("without -v skipped files are named:\n%s", errb)
	}
}
