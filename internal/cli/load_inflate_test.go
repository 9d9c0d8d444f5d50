package cli

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLoadMaxInflateRatio: a gzip file that inflates a thousand times is
// refused by default with an error naming it and the flag (exit 1), loads
// with --max-inflate-ratio raised, and a ratio below 1 is a usage error.
func TestLoadMaxInflateRatio(t *testing.T) {
	rec := `{"eventVersion":"1.08","eventTime":"2026-11-20T10:00:00Z","eventSource":"iam.amazonaws.com","eventName":"ListUsers","awsRegion":"us-east-1","eventID":"%s","readOnly":true,"eventType":"AwsApiCall","recipientAccountId":"111122223333","userIdentity":{"type":"Root","arn":"arn:aws:iam::111122223333:root"}}`
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	fmt.Fprintf(zw, `{"Records":[%s`+rec+`]}`, strings.Repeat(" ", 2<<20), "a1")
	zw.Close()
	p := filepath.Join(t.TempDir(), "padded.json.gz")
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "h.db")

	env, _, errb := testEnv(t, nil)
	if code := Load(context.Background(), env, []string{"--db", db, p}); code != ExitError ||
		!strings.Contains(errb.String(), p+": offset") || !strings.Contains(errb.String(), "--max-inflate-ratio") {
		t.Errorf("exit %d, stderr:\n%s\nwant exit 1 and an error naming %s and the flag", code, errb, p)
	}
	env, _, errb = testEnv(t, nil)
	if code := Load(context.Background(), env, []string{"--db", db, "--max-inflate-ratio", "5000", p}); code != ExitOK ||
		!strings.Contains(errb.String(), "1 event added") {
		t.Errorf("with the ratio raised: exit %d, stderr:\n%s", code, errb)
	}
	for _, bad := range []string{"0.5", "NaN"} {
		env, _, errb = testEnv(t, nil)
		if code := Load(context.Background(), env, []string{"--db", db, "--max-inflate-ratio", bad, p}); code != ExitUsage {
			t.Errorf("--max-inflate-ratio %s: exit %d, want 2; stderr:\n%s", bad, code, errb)
		}
	}
}
