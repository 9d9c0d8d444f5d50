package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/store"
)

// retainNow is testEnv's clock; retention windows are measured from it.
var retainNow = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

// retainRecord is one management event (or, with insight, an Insights
// event) of a Region at the given time.
func retainRecord(id, region string, at time.Time, insight bool) string {
	if insight {
		return fmt.Sprintf(`{"eventVersion":"1.08","eventTime":%q,"awsRegion":%q,"eventID":%q,"eventType":"AwsCloudTrailInsight","eventCategory":"Insight","recipientAccountId":"111122223333","sharedEventID":"s-%s","insightDetails":{"state":"Start","eventSource":"ec2.amazonaws.com","eventName":"RunInstances","insightType":"ApiCallRateInsight"}}`,
			at.UTC().Format(time.RFC3339), region, id, id)
	}
	return fmt.Sprintf(`{"eventVersion":"1.08","eventTime":%q,"eventSource":"iam.amazonaws.com","eventName":"ListUsers","awsRegion":%q,"eventID":%q,"readOnly":true,"eventType":"AwsApiCall","recipientAccountId":"111122223333","userIdentity":{"type":"Root","arn":"arn:aws:iam::111122223333:root"},"resources":[{"ARN":"arn:aws:iam::111122223333:role/r-%s","type":"AWS::IAM::Role"}]}`,
		at.UTC().Format(time.RFC3339), region, id, id)
}

// retainEvent describes one event of a test input.
type retainEvent struct {
	id      string
	region  string
	age     time.Duration // before retainNow
	insight bool
}

// writeRetainFile writes the events as a {"Records":[...]} log file.
func writeRetainFile(t *testing.T, dir, name string, evs []retainEvent) string {
	t.Helper()
	var recs []string
	for _, e := range evs {
		recs = append(recs, retainRecord(e.id, e.region, retainNow.Add(-e.age), e.insight))
	}
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(`{"Records":[`+strings.Join(recs, ",")+`]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const day = 24 * time.Hour

// retainInputs are events of several ages in two Regions, with Insights
// events under CloudTrail-Insight/; a 90-day window keeps the ones marked
// in keep90.
func retainInputs(t *testing.T, dir string) (paths []string, all []retainEvent) {
	t.Helper()
	east := []retainEvent{
		{"e-200d", "us-east-1", 200 * day, false},
		{"e-100d", "us-east-1", 100 * day, false},
		{"e-90d1s", "us-east-1", 90*day + time.Second, false}, // one second too old
		{"e-90d", "us-east-1", 90 * day, false},               // exactly at the cutoff: kept
		{"e-89d", "us-east-1", 89 * day, false},
		{"e-30d", "us-east-1", 30 * day, false},
		{"e-1h", "us-east-1", time.Hour, false},
	}
	west := []retainEvent{
		{"w-365d", "eu-west-1", 365 * day, false},
		{"w-95d", "eu-west-1", 95 * day, false},
		{"w-10d", "eu-west-1", 10 * day, false},
	}
	insights := []retainEvent{
		{"i-120d", "us-east-1", 120 * day, true},
		{"i-5d", "us-east-1", 5 * day, true},
	}
	paths = []string{
		writeRetainFile(t, dir, "AWSLogs/111122223333/CloudTrail/us-east-1/east.json", east),
		writeRetainFile(t, dir, "AWSLogs/111122223333/CloudTrail/eu-west-1/west.json", west),
		writeRetainFile(t, dir, "AWSLogs/111122223333/CloudTrail-Insight/us-east-1/insights.json", insights),
	}
	all = slices.Concat(east, west, insights)
	return paths, all
}

// kept returns the IDs of the events no older than window.
func kept(evs []retainEvent, window time.Duration) []string {
	var ids []string
	for _, e := range evs {
		if e.age <= window {
			ids = append(ids, e.id)
		}
	}
	slices.Sort(ids)
	return ids
}

// storedIDs lists the event IDs in the store, both categories, sorted.
func storedIDs(t *testing.T, db string) []string {
	t.Helper()
	s, err := store.Open(context.Background(), db, store.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var ids []string
	for _, cat := range []history.Category{history.Management, history.Insight} {
		err := s.Iterate(context.Background(), history.Query{Category: cat}, false, func(e *history.Event) error {
			ids = append(ids, e.EventID)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	slices.Sort(ids)
	return ids
}

// regionCounts gives the store's per-Region counts as "Region m/i".
func regionCounts(t *testing.T, db string) []string {
	t.Helper()
	s, err := store.Open(context.Background(), db, store.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	counts, err := s.RegionCounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range counts {
		out = append(out, fmt.Sprintf("%s %d/%d", c.Name, c.Management, c.Insights))
	}
	slices.Sort(out)
	return out
}

// wantCounts is regionCounts computed from the events a window keeps.
func wantCounts(evs []retainEvent, window time.Duration) []string {
	type mi struct{ m, i int }
	by := map[string]*mi{}
	for _, e := range evs {
		if e.age > window {
			continue
		}
		if by[e.region] == nil {
			by[e.region] = &mi{}
		}
		if e.insight {
			by[e.region].i++
		} else {
			by[e.region].m++
		}
	}
	var out []string
	for r, c := range by {
		out = append(out, fmt.Sprintf("%s %d/%d", r, c.m, c.i))
	}
	slices.Sort(out)
	return out
}

// retentionLine is the line 'load --retain' ends with: how many events
// went, the cutoff, and the time of the oldest event left (oldestAge
// before the clock; negative: none left).
func retentionLine(spelled string, n int, window, oldestAge time.Duration) string {
	kept := "no event is left"
	if oldestAge >= 0 {
		kept = "the oldest event kept is from " + retainNow.Add(-oldestAge).Format(time.RFC3339)
	}
	return "load: retention " + spelled + ": " + count(n, "event", "events") + " older than " +
		retainNow.Add(-window).Format(time.RFC3339) + " removed; " + kept
}

// oldestKept is the age of the oldest event a window keeps (-1: none).
func oldestKept(evs []retainEvent, window time.Duration) time.Duration {
	oldest := time.Duration(-1)
	for _, e := range evs {
		if e.age <= window && e.age > oldest {
			oldest = e.age
		}
	}
	return oldest
}

func stderrLines(s string) []string { return strings.Split(strings.TrimRight(s, "\n"), "\n") }

// TestLoadRetainPrunesOldEvents: 'load --retain 90d' loads, then removes
// exactly the events older than 90 days before the clock (management and
// Insights, every Region), says how many on the line after the summary,
// and leaves the per-Region counts right.
func TestLoadRetainPrunesOldEvents(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "h.db")
	paths, all := retainInputs(t, dir)

	env, _, errb := testEnv(t, nil)
	code := Load(context.Background(), env, append([]string{"--db", db, "--retain", "90d"}, paths...))
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errb)
	}
	lines := stderrLines(errb.String())
	want := retentionLine("90d", len(all)-len(kept(all, 90*day)), 90*day, oldestKept(all, 90*day))
	if want != "load: retention 90d: 6 events older than 2026-08-27T12:00:00Z removed; the oldest event kept is from 2026-08-27T12:00:00Z" {
		t.Fatalf("test inputs changed: %s", want)
	}
	if len(lines) != 2 || !strings.Contains(lines[0], fmt.Sprintf("%d events added", len(all))) || lines[1] != want {
		t.Fatalf("stderr:\n%s\nwant the summary, then %q", errb, want)
	}
	if got, want := storedIDs(t, db), kept(all, 90*day); !slices.Equal(got, want) {
		t.Errorf("events left %v, want %v", got, want)
	}
	if got, want := regionCounts(t, db), wantCounts(all, 90*day); !slices.Equal(got, want) {
		t.Errorf("Region counts %v, want %v", got, want)
	}

	// A shorter window on the same store: 1d keeps only the newest event;
	// eu-west-1 has none left and leaves the Region list.
	env, _, errb = testEnv(t, nil)
	if code := Load(context.Background(), env, []string{"--db", db, "--retain", "1d"}); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errb)
	}
	if got, want := errb.String(), retentionLine("1d", len(kept(all, 90*day))-1, day, time.Hour)+"\n"; got != want {
		t.Errorf("stderr %q, want %q", got, want)
	}
	if got := storedIDs(t, db); !slices.Equal(got, []string{"e-1h"}) {
		t.Errorf("events left %v, want [e-1h]", got)
	}
	if got := regionCounts(t, db); !slices.Equal(got, []string{"us-east-1 1/0"}) {
		t.Errorf("Region counts %v, want [us-east-1 1/0]", got)
	}
}

// TestLoadRetainWithoutPathOnlyPrunes: with --retain, PATH may be left
// out: nothing is read, no load summary is printed, old events go. Without
// --retain, no PATH is still a usage error.
func TestLoadRetainWithoutPathOnlyPrunes(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "h.db")
	paths, all := retainInputs(t, dir)
	env, _, errb := testEnv(t, nil)
	if code := Load(context.Background(), env, append([]string{"--db", db}, paths...)); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errb)
	}
	if got := storedIDs(t, db); len(got) != len(all) {
		t.Fatalf("load without --retain kept %d of %d events", len(got), len(all))
	}

	env, _, errb = testEnv(t, nil)
	env.Stdin = strings.NewReader("this must not be read")
	if code := Load(context.Background(), env, []string{"--db", db, "--retain", "30d"}); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errb)
	}
	if got, want := errb.String(), retentionLine("30d", len(all)-len(kept(all, 30*day)), 30*day, oldestKept(all, 30*day))+"\n"; got != want {
		t.Errorf("stderr %q, want only %q", got, want)
	}
	if got, want := storedIDs(t, db), kept(all, 30*day); !slices.Equal(got, want) {
		t.Errorf("events left %v, want %v", got, want)
	}
	if got, want := regionCounts(t, db), wantCounts(all, 30*day); !slices.Equal(got, want) {
		t.Errorf("Region counts %v, want %v", got, want)
	}

	// Nothing more to prune: "0 events".
	env, _, errb = testEnv(t, nil)
	if code := Load(context.Background(), env, []string{"--db", db, "--retain", "30d"}); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errb)
	}
	if got, want := errb.String(), retentionLine("30d", 0, 30*day, oldestKept(all, 30*day))+"\n"; got != want {
		t.Errorf("stderr %q, want %q", got, want)
	}

	env, _, errb = testEnv(t, nil)
	if code := Load(context.Background(), env, []string{"--db", db}); code != ExitUsage {
		t.Errorf("no PATH and no --retain: exit %d, want %d", code, ExitUsage)
	}
	if !strings.Contains(errb.String(), "no input given") {
		t.Errorf("stderr: %s", errb)
	}
}

// TestLoadRetainBadValues: a zero, negative or unreadable window is a
// usage error naming the flag and the value, before the store is touched.
func TestLoadRetainBadValues(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "h.db")
	paths, _ := retainInputs(t, dir)
	for _, bad := range []string{"0d", "0w", "0", "0s", "-3h", "-3d", "90", "ninety", "d", "", "90 days",
		"3m", "2h30m", "1s", "12h", "1.5d", "90D", "+90d", "1e3d", "99999999999999999999d", "9999999999999w"} {
		for _, withPath := range []bool{false, true} {
			args := []string{"--db", db, "--retain", bad}
			if withPath {
				args = append(args, paths...)
			}
			env, _, errb := testEnv(t, nil)
			if code := Load(context.Background(), env, args); code != ExitUsage {
				t.Errorf("--retain %q (with PATH %v): exit %d, want %d", bad, withPath, code, ExitUsage)
			}
			if msg := errb.String(); !strings.Contains(msg, "--retain") || !strings.Contains(msg, fmt.Sprintf("%q", bad)) {
				t.Errorf("--retain %q: stderr does not name the flag and the value: %s", bad, msg)
			}
		}
	}
	if _, err := os.Stat(db); err == nil {
		t.Errorf("a bad --retain created the store")
	}
	// The flag without a value is the flag package's usage error.
	env, _, _ := testEnv(t, nil)
	if code := Load(context.Background(), env, []string{"--db", db, "--retain"}); code != ExitUsage {
		t.Errorf("--retain without a value: exit %d", code)
	}
}

// TestLoadRetainReloadDoesNotBringEventsBack: the files whose old events
// were pruned stay known, so loading them again, with or without
// --retain, skips them and adds nothing.
func TestLoadRetainReloadDoesNotBringEventsBack(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "h.db")
	paths, all := retainInputs(t, dir)
	env, _, errb := testEnv(t, nil)
	if code := Load(context.Background(), env, append([]string{"--db", db, "--retain", "90d"}, paths...)); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errb)
	}
	want := kept(all, 90*day)
	for _, args := range [][]string{
		append([]string{"--db", db}, paths...),
		append([]string{"--db", db, "--retain", "90d"}, paths...),
		{"--db", db, dir}, // the whole tree
	} {
		env, _, errb := testEnv(t, nil)
		if code := Load(context.Background(), env, args); code != ExitOK {
			t.Fatalf("%v: exit %d: %s", args, code, errb)
		}
		if !strings.Contains(errb.String(), "0 events added") || !strings.Contains(errb.String(), "3 unchanged files skipped") {
			t.Errorf("%v: stderr %s", args, errb)
		}
		if got := storedIDs(t, db); !slices.Equal(got, want) {
			t.Errorf("%v: events %v, want %v", args, got, want)
		}
	}
	if got, want := regionCounts(t, db), wantCounts(all, 90*day); !slices.Equal(got, want) {
		t.Errorf("Region counts %v, want %v", got, want)
	}
}

// TestLoadRetainAfterFailedInput: an input that fails does not stop the
// retention; the exit status is still 1.
func TestLoadRetainAfterFailedInput(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "h.db")
	paths, all := retainInputs(t, dir)
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"Records":[{"eventVersion":`), 0o644)
	env, _, errb := testEnv(t, nil)
	code := Load(context.Background(), env, append([]string{"--db", db, "--retain", "90d", bad}, paths...))
	if code != ExitError {
		t.Fatalf("exit %d, want %d: %s", code, ExitError, errb)
	}
	lines := stderrLines(errb.String())
	if want := retentionLine("90d", len(all)-len(kept(all, 90*day)), 90*day, oldestKept(all, 90*day)); lines[len(lines)-1] != want || !strings.Contains(errb.String(), "bad.json") {
		t.Errorf("stderr:\n%s\nwant the error for bad.json, the summary, then %q", errb, want)
	}
	if got, want := storedIDs(t, db), kept(all, 90*day); !slices.Equal(got, want) {
		t.Errorf("events left %v, want %v", got, want)
	}
}

// cancellingReader cancels the load's context when the load reads it.
type cancellingReader struct{ cancel context.CancelFunc }

func (r cancellingReader) Read([]byte) (int, error) {
	r.cancel()
	return 0, context.Canceled
}

// TestLoadRetainNotAppliedWhenInterrupted: an interrupted load prunes
// nothing; it says so and exits 1.
func TestLoadRetainNotAppliedWhenInterrupted(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "h.db")
	paths, all := retainInputs(t, dir)
	env, _, errb := testEnv(t, nil)
	if code := Load(context.Background(), env, append([]string{"--db", db}, paths...)); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errb)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	env, _, errb = testEnv(t, nil)
	env.Stdin = cancellingReader{cancel}
	if code := Load(ctx, env, []string{"--db", db, "--retain", "90d", "-"}); code != ExitError {
		t.Fatalf("exit %d, want %d: %s", code, ExitError, errb)
	}
	if msg := errb.String(); !strings.Contains(msg, "interrupted") || strings.Contains(msg, "pruned") {
		t.Errorf("stderr:\n%s\nwant the interruption and no retention line", msg)
	}
	if got := storedIDs(t, db); len(got) != len(all) {
		t.Errorf("%d of %d events left after an interrupted load", len(got), len(all))
	}
}

// TestLoadRetainPruneFailure: when the store refuses the deletion, load
// exits 1 with a message naming the retention, and nothing is removed.
func TestLoadRetainPruneFailure(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "h.db")
	paths, all := retainInputs(t, dir)
	env, _, errb := testEnv(t, nil)
	if code := Load(context.Background(), env, append([]string{"--db", db}, paths...)); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errb)
	}
	s, err := store.Open(context.Background(), db, store.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	err = s.ExecForTest(context.Background(), `CREATE TRIGGER keep_events BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'deleting is refused'); END`)
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	env, _, errb = testEnv(t, nil)
	if code := Load(context.Background(), env, []string{"--db", db, "--retain", "90d"}); code != ExitError {
		t.Fatalf("exit %d, want %d: %s", code, ExitError, errb)
	}
	if msg := errb.String(); !strings.Contains(msg, "retention 90d not applied") || !strings.Contains(msg, "deleting is refused") {
		t.Errorf("stderr: %s", msg)
	}
	if got := storedIDs(t, db); len(got) != len(all) {
		t.Errorf("%d of %d events left after a failed prune", len(got), len(all))
	}
}
