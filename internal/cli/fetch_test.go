package cli

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/live/fakeapi"
)

// awsTestEnv gives the SDK static test credentials through the environment
// and keeps it away from the machine's AWS files and instance metadata.
// t.Setenv makes these tests serial.
func awsTestEnv(t *testing.T, key string) {
	t.Helper()
	dir := t.TempDir()
	for k, v := range map[string]string{
		"AWS_ACCESS_KEY_ID":           key,
		"AWS_SECRET_ACCESS_KEY":       "test-secret-not-real",
		"AWS_SESSION_TOKEN":           "",
		"AWS_PROFILE":                 "",
		"AWS_DEFAULT_PROFILE":         "",
		"AWS_REGION":                  "",
		"AWS_DEFAULT_REGION":          "",
		"AWS_CONFIG_FILE":             filepath.Join(dir, "config"),
		"AWS_SHARED_CREDENTIALS_FILE": filepath.Join(dir, "credentials"),
		"AWS_EC2_METADATA_DISABLED":   "true",
		"AWS_ENDPOINT_URL":            "",
	} {
		t.Setenv(k, v)
	}
}

func TestFetchCommandCopiesHistoryAndReportsCoverage(t *testing.T) {
	const key, account = "AKIACLIFETCH", "210987654321"
	awsTestEnv(t, key)
	srv := fakeapi.New()
	defer srv.Close()
	srv.AddKey(key, account)
	env, _, errb := testEnv(t, nil)
	now := env.Now()
	srv.AddEvents(account, "us-east-1", fakeapi.Generate(account, "us-east-1", 70, now.Add(-time.Hour), 5*time.Hour, 21))
	srv.AddEvents(account, "eu-west-1", fakeapi.Generate(account, "eu-west-1", 20, now.Add(-time.Hour), 5*time.Hour, 22))
	db := filepath.Join(t.TempDir(), "h.db")

	env.StderrTerminal = true
	code := Fetch(context.Background(), env, []string{"--db", db, "--endpoint-url", srv.URL, "--region", "us-east-1,eu-west-1"})
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errb)
	}
	text := errb.String()
	for _, want := range []string{"account " + account, "2 of 2 Regions complete", "90 events added", "req/s", "us-east-1", "eu-west-1", "\x1b[K", "100%"} {
		if !strings.Contains(text, want) {
			t.Errorf("stderr lacks %q:\n%s", want, text)
		}
	}
	for _, v := range srv.Violations() {
		t.Errorf("server saw: %s", v)
	}

	// Without a terminal: one plain line, no escape codes.
	env, _, errb = testEnv(t, nil)
	code = Fetch(context.Background(), env, []string{"--db", db, "--endpoint-url", srv.URL, "--region", "us-east-1"})
	if code != ExitOK || strings.Contains(errb.String(), "\x1b") || strings.Count(errb.String(), "\n") != 1 {
		t.Errorf("exit %d, plain output:\n%q", code, errb)
	}
	if !strings.Contains(errb.String(), "0 events added") {
		t.Errorf("a second run added events: %s", errb)
	}

	env, out, errb := testEnv(t, nil)
	if code := Fetch(context.Background(), env, []string{"--db", db, "--status"}); code != ExitOK {
		t.Fatalf("--status exit %d: %s", code, errb)
	}
	want := "account " + account + "\n" +
		"  eu-west-1: complete from 2026-08-27 12:00:00Z to 2026-11-25 12:00:00Z\n" +
		"  us-east-1: complete from 2026-08-27 12:00:00Z to 2026-11-25 12:00:00Z\n"
	if out.String() != want {
		t.Errorf("--status:\n%s\nwant:\n%s", out, want)
	}
}

func TestFetchCommandErrors(t *testing.T) {
	const key, account = "AKIACLIERRORS", "310987654321"
	awsTestEnv(t, key)
	srv := fakeapi.New()
	defer srv.Close()
	srv.AddKey(key, account)
	srv.Hook = func(fakeapi.Request) fakeapi.Fault { return fakeapi.AccessDenied }
	db := filepath.Join(t.TempDir(), "h.db")

	env, _, errb := testEnv(t, nil)
	code := Fetch(context.Background(), env, []string{"--db", db, "--endpoint-url", srv.URL, "--region", "us-east-2"})
	if code != ExitError || !strings.Contains(errb.String(), "cloudtrail:LookupEvents") || !strings.Contains(errb.String(), "access denied in us-east-2") {
		t.Errorf("access denied: exit %d:\n%s", code, errb)
	}

	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	env, _, errb = testEnv(t, nil)
	code = Fetch(context.Background(), env, []string{"--db", db, "--endpoint-url", srv.URL, "--region", "us-east-2"})
	if code != ExitError || !strings.Contains(errb.String(), "no AWS credentials") {
		t.Errorf("no credentials: exit %d:\n%s", code, errb)
	}
	env, _, errb = testEnv(t, nil)
	code = Fetch(context.Background(), env, []string{"--db", db, "--endpoint-url", srv.URL})
	if code != ExitError || !strings.Contains(errb.String(), "--region") {
		t.Errorf("no Region: exit %d:\n%s", code, errb)
	}

	for _, args := range [][]string{
		{"--region", "us east 1"},
		{"--region", "us-east-1", "--event-category", "management"},
		{"--region", "us-east-1", "--since", "last week"},
		{"--region", "us-east-1", "--since", "2030-01-01"},
		{"--region", "us-east-1", "--all-regions"},
		{"--region", "us-east-1", "extra"},
	} {
		env, _, errb := testEnv(t, nil)
		if code := Fetch(context.Background(), env, append([]string{"--db", db}, args...)); code != ExitUsage {
			t.Errorf("%v: exit %d, want %d: %s", args, code, ExitUsage, errb)
		}
	}

	env, out, _ := testEnv(t, nil)
	if code := Fetch(context.Background(), env, []string{"--db", filepath.Join(t.TempDir(), "none.db"), "--status"}); code != ExitOK || !strings.Contains(out.String(), "nothing fetched") {
		t.Errorf("--status without a store: %d %s", code, out)
	}
}

func TestParseSince(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	for in, want := range map[string]time.Time{
		"90d":                       now.Add(-90 * 24 * time.Hour),
		"2w":                        now.Add(-14 * 24 * time.Hour),
		"36h":                       now.Add(-36 * time.Hour),
		"2026-11-01":                time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
		"2026-11-01T08:30:00Z":      time.Date(2026, 11, 1, 8, 30, 0, 0, time.UTC),
		"2026-11-01T10:30:00+02:00": time.Date(2026, 11, 1, 8, 30, 0, 0, time.UTC),
	} {
		got, err := parseSince(in, now)
		if err != nil || !got.Equal(want) {
			t.Errorf("%s: %v %v, want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "0d", "-3d", "yesterday", "2026-13-01"} {
		if _, err := parseSince(bad, now); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestCoverageTextNamesInsights(t *testing.T) {
	at := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	got := coverageText([]history.Coverage{
		{Account: "1", Region: "us-east-1", Category: history.Management, Start: at, End: at.Add(time.Hour)},
		{Account: "1", Region: "us-east-1", Category: history.Insight, Start: at, End: at.Add(time.Hour)},
	})
	if !strings.Contains(got, "us-east-1 (Insights): complete from 2026-11-01 00:00:00Z to 2026-11-01 01:00:00Z") {
		t.Errorf("%s", got)
	}
}
