package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestLoadChecksumReloadsAFileChangedInPlace: a file rewritten with the
// same size and modification time is skipped by a plain load and loaded
// again, with a line saying so, by 'load --checksum'; 'load -h' lists the
// flag.
func TestLoadChecksumReloadsAFileChangedInPlace(t *testing.T) {
	dir := t.TempDir()
	rec := `{"eventVersion":"1.08","eventTime":"2026-11-20T10:00:00Z","eventSource":"iam.amazonaws.com","eventName":"ListUsers","awsRegion":"us-east-1","eventID":"%s","readOnly":true,"eventType":"AwsApiCall","recipientAccountId":"111122223333","userIdentity":{"type":"Root","arn":"arn:aws:iam::111122223333:root"}}`
	p := filepath.Join(dir, "a.json")
	if err := os.WriteFile(p, []byte(fmt.Sprintf(`[`+rec+`]`, "a1")), 0o644); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "h.db")
	env, _, errb := testEnv(t, nil)
	if code := Load(context.Background(), env, []string{"--db", db, dir}); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errb)
	}
	if err := os.WriteFile(p, []byte(fmt.Sprintf(`[`+rec+`]`, "b2")), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(p, time.Time{}, st.ModTime()); err != nil {
		t.Fatal(err)
	}

	env, _, errb = testEnv(t, nil)
	Load(context.Background(), env, []string{"--db", db, dir})
	if !strings.Contains(errb.String(), "0 events added") || !strings.Contains(errb.String(), "1 unchanged files skipped") {
		t.Errorf("a plain load must trust path, size and time:\n%s", errb)
	}

	env, _, errb = testEnv(t, nil)
	if code := Load(context.Background(), env, []string{"--db", db, "--checksum", dir}); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errb)
	}
	text := errb.String()
	if !strings.Contains(text, "load: "+p+": content changed since it was loaded") ||
		!strings.Contains(text, "1 event added") || !strings.Contains(text, "1 changed files loaded again") {
		t.Errorf("load --checksum does not reload the changed file and say so:\n%s", text)
	}

	env, out, _ := testEnv(t, nil)
	if code := Load(context.Background(), env, []string{"-h"}); code != ExitOK || !strings.Contains(out.String(), "-checksum") {
		t.Errorf("load -h (exit %d) does not list --checksum:\n%s", code, out)
	}
}
