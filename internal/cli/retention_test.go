package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseRetention(t *testing.T) {
	for in, want := range map[string]time.Duration{
		"1d": day, "90d": 90 * day, "12w": 12 * 7 * day, " 30d ": 30 * day, "007d": 7 * day,
	} {
		if got, err := parseRetention(in); err != nil || got != want {
			t.Errorf("%q: %v %v, want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"3m", "2h30m", "1s", "12h", "90", "1.5d", "0d", "-1d", "d", "", "1dd", "1d2w", "99999999999999999d"} {
		if d, err := parseRetention(bad); err == nil {
			t.Errorf("%q accepted as %v", bad, d)
		}
	}
	// The parser of time windows elsewhere keeps its units.
	if d, err := ParseDuration("3m"); err != nil || d != 3*time.Minute {
		t.Errorf("ParseDuration(3m) = %v %v", d, err)
	}
}

// TestLoadRetainRefusesMinutesAndHours: the field report's 'load --retain
// 3m' deleted every event; now it and the other units than d and w are a
// usage error that lists the units, and the store keeps every event.
func TestLoadRetainRefusesMinutesAndHours(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "h.db")
	paths, all := retainInputs(t, dir)
	env, _, errb := testEnv(t, nil)
	if code := Load(context.Background(), env, append([]string{"--db", db}, paths...)); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errb)
	}
	for _, v := range []string{"3m", "2h30m", "1s", "12h", "36h"} {
		for _, extra := range [][]string{nil, {"--dry-run"}} {
			env, _, errb := testEnv(t, nil)
			args := append([]string{"--db", db, "--retain", v}, extra...)
			if code := Load(context.Background(), env, args); code != ExitUsage {
				t.Errorf("%v: exit %d, want %d", args, code, ExitUsage)
			}
			if msg := errb.String(); !strings.Contains(msg, "days (d) or weeks (w)") || !strings.Contains(msg, `"`+v+`"`) {
				t.Errorf("%v: the message does not name the units and the value: %s", args, msg)
			}
		}
	}
	if got := storedIDs(t, db); len(got) != len(all) {
		t.Errorf("%d of %d events left after refused retentions", len(got), len(all))
	}
}

// TestLoadRetainDryRun: --dry-run prints the count, the cutoff and the
// oldest event that would stay, removes nothing and leaves the file as it
// was; it needs --retain and takes no PATH.
func TestLoadRetainDryRun(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "h.db")
	paths, all := retainInputs(t, dir)
	env, _, errb := testEnv(t, nil)
	if code := Load(context.Background(), env, append([]string{"--db", db}, paths...)); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errb)
	}
	before, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	env, _, errb = testEnv(t, nil)
	if code := Load(context.Background(), env, []string{"--db", db, "--retain", "90d", "--dry-run"}); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errb)
	}
	want := "load: retention 90d (dry run): 6 events older than 2026-08-27T12:00:00Z would be removed; " +
		"the oldest event kept would be from 2026-08-27T12:00:00Z; nothing was removed\n"
	if errb.String() != want {
		t.Errorf("stderr %q\nwant %q", errb, want)
	}
	if got := storedIDs(t, db); len(got) != len(all) {
		t.Errorf("%d of %d events left after a dry run", len(got), len(all))
	}
	if after, _ := os.ReadFile(db); string(after) != string(before) {
		t.Errorf("the dry run changed the store file")
	}
	// What the dry run announced is what the real run does.
	env, _, errb = testEnv(t, nil)
	if code := Load(context.Background(), env, []string{"--db", db, "--retain", "90d"}); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errb)
	}
	if got, want := errb.String(), retentionLine("90d", 6, 90*day, 90*day)+"\n"; got != want {
		t.Errorf("stderr %q, want %q", got, want)
	}
	// A one-day window: only the newest event would stay.
	env, _, errb = testEnv(t, nil)
	if code := Load(context.Background(), env, []string{"--db", db, "--retain", "1d", "--dry-run"}); code != ExitOK ||
		!strings.Contains(errb.String(), "5 events older than 2026-11-24T12:00:00Z would be removed; the oldest event kept would be from 2026-11-25T11:00:00Z") {
		t.Errorf("exit %d: %s", code, errb)
	}

	for _, args := range [][]string{
		{"--db", db, "--dry-run"},
		{"--db", db, "--dry-run", paths[0]},
		{"--db", db, "--retain", "90d", "--dry-run", paths[0]},
	} {
		env, _, errb := testEnv(t, nil)
		if code := Load(context.Background(), env, args); code != ExitUsage || !strings.Contains(errb.String(), "--dry-run") {
			t.Errorf("%v: exit %d: %s", args, code, errb)
		}
	}
	missing := filepath.Join(dir, "none.db")
	env, _, errb = testEnv(t, nil)
	if code := Load(context.Background(), env, []string{"--db", missing, "--retain", "90d", "--dry-run"}); code != ExitError || !strings.Contains(errb.String(), "no store") {
		t.Errorf("missing store: exit %d: %s", code, errb)
	}
	if _, err := os.Stat(missing); err == nil {
		t.Errorf("the dry run created a store")
	}
}
