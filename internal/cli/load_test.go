package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadCommandSummaryAndExitCodes(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	rec := `{"eventVersion":"1.08","eventTime":"2026-11-20T10:00:00Z","eventSource":"iam.amazonaws.com","eventName":"ListUsers","awsRegion":"us-east-1","eventID":"%s","readOnly":true,"eventType":"AwsApiCall","recipientAccountId":"111122223333","userIdentity":{"type":"Root","arn":"arn:aws:iam::111122223333:root"}}`
	os.WriteFile(good, []byte(fmt.Sprintf(`{"Records":[`+rec+`,`+rec+`]}`, "a1", "a2")), 0o644)
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"Records":[{"eventVersion":`), 0o644)
	db := filepath.Join(dir, "h.db")

	env, _, errb := testEnv(t, nil)
	if code := Load(context.Background(), env, []string{"--db", db, good}); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errb)
	}
	if !strings.Contains(errb.String(), "2 events added") {
		t.Errorf("summary: %s", errb)
	}

	env, _, errb = testEnv(t, nil)
	code := Load(context.Background(), env, []string{"--db", db, good, bad})
	if code != ExitError {
		t.Errorf("a failed input must exit 1, got %d", code)
	}
	text := errb.String()
	if !strings.Contains(text, "bad.json") || !strings.Contains(text, "offset") || !strings.Contains(text, "0 events added") {
		t.Errorf("stderr: %s", text)
	}

	env, _, errb = testEnv(t, nil)
	if code := Load(context.Background(), env, []string{"--db", db}); code != ExitUsage {
		t.Errorf("no input: exit %d", code)
	}
	env, _, _ = testEnv(t, nil)
	if code := Load(context.Background(), env, []string{"--db", db, "--bulk", "maybe", good}); code != ExitUsage {
		t.Errorf("bad --bulk: exit %d", code)
	}
}

func TestLoadFromStandardInput(t *testing.T) {
	db := filepath.Join(t.TempDir(), "h.db")
	env, _, errb := testEnv(t, nil)
	env.Stdin = strings.NewReader(`{"eventVersion":"1.08","eventTime":"2026-11-20T10:00:00Z","eventName":"GetCallerIdentity","eventSource":"sts.amazonaws.com","awsRegion":"us-east-1","eventID":"s1","readOnly":true,"recipientAccountId":"1"}` + "\n")
	if code := Load(context.Background(), env, []string{"--db", db, "-"}); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errb)
	}
	if !strings.Contains(errb.String(), "1 event added") {
		t.Errorf("summary: %s", errb)
	}
}
