package assets

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trailview/trailview/filter"
	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/store"
)

func TestOpenSample(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	opts := SampleOptions(testNow.Truncate(time.Hour))
	open := func(now time.Time) (*store.Store, error) { return OpenSample(ctx, dir, now) }
	if raceDetector {
		opts.Events = 4000
		open = func(time.Time) (*store.Store, error) { return openSample(ctx, dir, opts) }
	}
	s, err := open(testNow)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if want := SamplePath(dir, testNow); s.Path() != want {
		t.Errorf("store at %s, want %s", s.Path(), want)
	}
	// The newest days are there at once, the rest arrives in the background.
	first, err := s.Count(ctx, history.Query{})
	if err != nil || first == 0 {
		t.Fatalf("no events when OpenSample returns (%v)", err)
	}
	if err := WaitSample(ctx, s); err != nil {
		t.Fatal(err)
	}
	if !exists(s.Path()+".ok") || exists(s.Path()+".lock") {
		t.Errorf("after the build: .ok %v, .lock %v; want the store marked complete and unlocked", exists(s.Path()+".ok"), exists(s.Path()+".lock"))
	}

	n, err := s.Count(ctx, history.Query{})
	if err != nil {
		t.Fatal(err)
	}
	if n != int64(opts.Events) {
		t.Errorf("store holds %d management events, want %d", n, opts.Events)
	}
	ins, err := s.Count(ctx, history.Query{Category: history.Insight})
	if err != nil || ins == 0 {
		t.Errorf("%d Insights events (%v)", ins, err)
	}
	scopes, err := s.Scopes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	regions, accounts := map[string]bool{}, map[string]bool{}
	var newest time.Time
	for _, sc := range scopes {
		regions[sc.Region], accounts[sc.Account] = true, true
		if sc.Newest.After(newest) {
			newest = sc.Newest
		}
	}
	if len(regions) != 3 || len(accounts) != 2 {
		t.Errorf("scopes %v / %v, want 3 Regions and 2 accounts", regions, accounts)
	}
	if age := testNow.Sub(newest); age < 0 || age >= time.Hour {
		t.Errorf("newest event %v is not within the hour before %v", newest, testNow)
	}

	// The incident is findable the way README.md says.
	q := history.Query{Lookup: &history.LookupAttribute{Key: history.AttrAccessKeyID, Value: IncidentAccessKey}}
	seen := map[string]bool{}
	err = s.Iterate(ctx, q, false, func(e *history.Event) error {
		if e.SourceIP == IncidentIP {
			seen[e.EventName] = true
			if e.Username != IncidentUser {
				t.Errorf("incident event %s has Username %q, want %q", e.EventName, e.Username, IncidentUser)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"GetCallerIdentity", "ListBuckets", "CreateUser", "AttachUserPolicy", "CreateAccessKey", "StopLogging", "UpdateTrail", "DeleteTrail"} {
		if !seen[name] {
			t.Errorf("lookup by the leaked key misses the incident's %s (saw %v)", name, seen)
		}
	}
	page, err := s.Page(ctx, history.Query{Lookup: &history.LookupAttribute{Key: history.AttrAccessKeyID, Value: IncidentNewKey}}, store.PageOptions{Limit: 50})
	if err != nil || len(page) == 0 {
		t.Errorf("the intruder's new key %s is not found: %d events, %v", IncidentNewKey, len(page), err)
	}

	// The README's filters find it too.
	for text, want := range map[string]int{
		"ip:" + IncidentNetwork:                  21,
		"agent:*kali*":                           21,
		"key:" + IncidentNewKey:                  5,
		"user:" + IncidentCreatedUser:            5,
		"event:StopLogging OR event:DeleteTrail": 2,
	} {
		f, err := filter.Compile(text, testNow)
		if err != nil {
			t.Fatalf("%s: %v", text, err)
		}
		n, err := s.Count(ctx, history.Query{Pred: f.Pred})
		if err != nil || n != int64(want) {
			t.Errorf("filter %s: %d events (%v), want %d", text, n, err, want)
		}
	}

	// A second open in the same hour reuses the cache.
	st, err := os.Stat(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	s2, err := open(testNow.Add(10 * time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	st2, err := os.Stat(s2.Path())
	if err != nil || !os.SameFile(st, st2) {
		t.Errorf("second open in the same hour rebuilt the sample (%v)", err)
	}
}

// smallSample is a sample small enough for tests of the cache's mechanics.
func smallSample() Options {
	o := SampleOptions(testNow.Truncate(time.Hour))
	o.Events, o.Span = 1000, 10*24*time.Hour // the first 2 days and two chunks
	return o
}

func TestOpenSampleConcurrent(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	opts := smallSample()
	a, err := openSample(ctx, dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	// A second program starting while the first builds follows its build.
	b, err := openSample(ctx, dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if b.Path() != a.Path() {
		t.Fatalf("the second program built %s instead of following %s", b.Path(), a.Path())
	}
	for _, s := range []*store.Store{a, b} {
		if err := WaitSample(ctx, s); err != nil {
			t.Fatal(err)
		}
		if n, err := s.Count(ctx, history.Query{}); err != nil || n != int64(opts.Events) {
			t.Errorf("%s holds %d events (%v), want %d", s.Path(), n, err, opts.Events)
		}
	}
	select {
	case <-SampleDone(b):
	default:
		t.Error("SampleDone not closed after WaitSample")
	}
}

func TestOpenSamplePrivateCopy(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	opts := smallSample()
	path := filepath.Join(dir, sampleName(opts.End))
	// A live builder that has not got its newest days in yet.
	if err := os.WriteFile(path+".lock", nil, 0o600); err != nil {
		t.Fatal(err)
	}
	defer func(d time.Duration) { sampleReadyWait = d }(sampleReadyWait)
	sampleReadyWait = 0
	s, err := openSample(ctx, dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.Path() == path || filepath.Dir(s.Path()) != dir {
		t.Fatalf("built at %s, want a private copy in %s", s.Path(), dir)
	}
	if err := WaitSample(ctx, s); err != nil {
		t.Fatal(err)
	}
	if n, err := s.Count(ctx, history.Query{}); err != nil || n != int64(opts.Events) {
		t.Errorf("private copy holds %d events (%v), want %d", n, err, opts.Events)
	}
	if exists(path+".ok") || !exists(path+".lock") {
		t.Error("the private build touched the other program's markers")
	}
}

func TestFollowerSeesBuilderOutcome(t *testing.T) {
	dir := t.TempDir()
	opts := smallSample()
	ctxA, cancel := context.WithCancel(context.Background())
	a, err := openSample(ctxA, dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	ctx := context.Background()
	b, err := openSample(ctx, dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	cancel() // the builder quits, most likely before its build ends
	errA := WaitSample(ctx, a)
	errB := WaitSample(ctx, b)
	if (errA == nil) != (errB == nil) {
		t.Fatalf("builder ended with %v, follower reports %v", errA, errB)
	}
	if errA != nil && !errors.Is(errB, errBuilderStopped) {
		t.Fatalf("follower error %v, want errBuilderStopped", errB)
	}
	if errA != nil && exists(a.Path()+".ok") {
		t.Fatal("an unfinished build is marked complete")
	}
}

func TestOpenSampleStaleLock(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := SamplePath(dir, testNow)
	// A build that died: half a store, a lock last touched long ago.
	for _, p := range []string{path, path + ".lock"} {
		if err := os.WriteFile(p, []byte("junk"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	old := time.Now().Add(-time.Hour)
	os.Chtimes(path+".lock", old, old)
	s, err := openSample(ctx, dir, smallSample())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.Path() != path {
		t.Errorf("stale lock not taken over: built %s", s.Path())
	}
	if err := WaitSample(ctx, s); err != nil {
		t.Fatal(err)
	}
}

// TestRemoveOlderSamples: building the sample of an hour removes the caches
// of earlier hours and of earlier versions, with their WAL, shared memory
// and markers, and nothing else.
func TestRemoveOlderSamples(t *testing.T) {
	dir := t.TempDir()
	end := testNow.Truncate(time.Hour)
	current := sampleName(end)
	older := sampleName(end.Add(-3 * time.Hour))
	building := sampleName(end.Add(-2 * time.Hour)) // another trailview's build, lock live
	keep := []string{current, current + "-wal", current + ".lock", sampleName(end.Add(time.Hour)),
		building, building + "-wal", building + ".lock",
		"history.db", "sample-notes.txt", "sample-v1-x.db", "sample-v1-20260304T15.db.bak", "sample-v1.2-20260304T15.dbx",
		"sample-vX-20200101T00.db", "xsample-v1-20200101T00.db", ".sample-tmp-new.db"}
	drop := []string{older, older + "-wal", older + "-shm", older + ".ok", older + ".ready", older + ".lock",
		sampleName(end.Add(-30 * time.Hour)), "sample-v0-20200101T00.db", "sample-v0-20200101T00.db-wal",
		"sample-v1-" + end.Format(sampleStamp) + ".db", "sample-v1-" + end.Format(sampleStamp) + ".db-shm", ".sample-tmp-old.db",
		"sample-v1.2-" + end.Format(sampleStamp) + ".db", "sample-v1.3-s1-" + end.Format(sampleStamp) + ".db.ok"}
	for _, n := range append(keep, drop...) {
		if err := os.WriteFile(filepath.Join(dir, n), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	old := time.Now().Add(-48 * time.Hour)
	os.Chtimes(filepath.Join(dir, ".sample-tmp-old.db"), old, old)
	os.Chtimes(filepath.Join(dir, older+".lock"), old, old) // its builder died
	removeOlderSamples(dir, current, end)
	for _, n := range keep {
		if _, err := os.Stat(filepath.Join(dir, n)); err != nil {
			t.Errorf("%s removed: %v", n, err)
		}
	}
	for _, n := range drop {
		if _, err := os.Stat(filepath.Join(dir, n)); err == nil {
			t.Errorf("%s kept", n)
		}
	}
}

// TestOpenSampleRemovesOlderCaches: the sample of a new hour replaces the
// previous hour's cache on disk instead of adding to it.
func TestOpenSampleRemovesOlderCaches(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	first := smallSample()
	s, err := openSample(ctx, dir, first)
	if err != nil {
		t.Fatal(err)
	}
	if err := WaitSample(ctx, s); err != nil {
		t.Fatal(err)
	}
	s.Close()
	next := first
	next.End = first.End.Add(time.Hour)
	s2, err := openSample(ctx, dir, next)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if err := WaitSample(ctx, s2); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := sampleName(next.End)
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), want) {
			t.Errorf("%s left in the cache directory beside %s", e.Name(), want)
		}
	}
	if !exists(filepath.Join(dir, want)) {
		t.Errorf("%s missing", want)
	}
}

func TestWriteTreeLoads(t *testing.T) {
	opts := BenchOptions(2000)
	// Fewer, fuller files: the loader's cost is mostly per file.
	opts.Span, opts.Regions, opts.Accounts = 4*time.Hour, opts.Regions[:2], opts.Accounts[:2]
	dir := t.TempDir()
	stats, err := WriteTree(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Events != opts.Events || stats.Insights != opts.Insights || stats.InsightFiles == 0 || stats.Files <= stats.InsightFiles {
		t.Fatalf("stats %+v", stats)
	}
	files := 0
	err = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		rel, _ := filepath.Rel(dir, p)
		if !treePath.MatchString(filepath.ToSlash(rel)) {
			t.Errorf("%s does not follow CloudTrail's S3 layout", rel)
		}
		return nil
	})
	if err != nil || files != stats.Files {
		t.Fatalf("%d files on disk, stats say %d (%v)", files, stats.Files, err)
	}

	ctx := context.Background()
	s, err := store.Open(ctx, filepath.Join(t.TempDir(), "tree.db"), store.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	res, err := s.Load(ctx, []string{dir}, store.LoadOptions{})
	if err != nil || len(res.Errors) > 0 {
		t.Fatalf("load: %v %v", err, res.Errors)
	}
	if res.Added-res.Insights != int64(opts.Events) || res.Insights != int64(opts.Insights) || res.Duplicates != 0 {
		t.Fatalf("loaded %d events, %d insights, %d duplicates; want %d and %d", res.Added-res.Insights, res.Insights, res.Duplicates, opts.Events, opts.Insights)
	}
}
