package assets

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/store"
)

// How the sample reaches the screen in under a second.
//
// Generating the whole sample takes about 0.1-0.3 s, but loading its
// 24,000 events into a fresh store takes seconds on a small machine (see
// docs/benchmarks.md, "Sample history"), far over the first screen's
// budget; and the history must end "now", so a store cannot be shipped.
// So:
//   - the store is cached per clock hour as
//     dir/sample-v<GeneratorVersion>.<sampleRevision>-s<schema>-<YYYYMMDDTHH>.db, its
//     events ending at the start of that hour: the newest is always under
//     an hour old and any later start in the hour opens it at once
//     (read-only). Every hour holds the same events, shifted
//     (SampleAnchor), but their times are in the records, so each hour
//     needs its own store, and so does each store schema (a cache made
//     by a newer trailview cannot be opened by an older one, and a
//     read-only cache cannot be migrated); building one removes the older ones (they are
//     14-18 MB each, plus a WAL) that no other program has open;
//   - when the hour's store is missing, OpenSample loads only the newest
//     sampleFirstDays before returning, and the older days, newest first,
//     in the background (GenerateRange makes any range cheap and identical
//     to a full generation). The first screen shows the newest events while
//     the rest arrives; SampleDone tells when it has;
//   - one program builds the cache file, holding <name>.lock; it creates
//     <name>.ready once the newest days are in and <name>.ok when the build
//     is complete. Another program starting meanwhile opens the same file
//     read-only as soon as it is ready (waiting at most sampleReadyWait,
//     else it builds a private copy). A build killed midway leaves no .ok
//     and a lock that goes stale, so the next start rebuilds.
const (
	// sampleRevision changes, like GeneratorVersion, whenever the sample of
	// a given hour changes (2: SampleOptions sets Anchor; 3: the chained
	// sessions).
	sampleRevision  = 3
	sampleFirstDays = 2
	sampleChunk     = 6 * 24 * time.Hour
	sampleLockStale = time.Minute
	sampleTempAge   = 24 * time.Hour
)

// sampleName is the cache file of the sample ending at end (an hour).
func sampleName(end time.Time) string {
	return fmt.Sprintf("sample-v%d.%d-s%d-%s.db", GeneratorVersion, sampleRevision, store.SchemaVersion(), end.UTC().Format(sampleStamp))
}

// sampleStamp is the hour in a cache file's name.
const sampleStamp = "20060102T15"

// SamplePath is where OpenSample keeps the sample for now under dir.
func SamplePath(dir string, now time.Time) string {
	return filepath.Join(dir, sampleName(now.UTC().Truncate(time.Hour)))
}

// sampleLoad tracks the background part of a build.
type sampleLoad struct {
	done chan struct{}
	err  error
}

var sampleLoads sync.Map // *store.Store -> *sampleLoad

var closedChan = func() chan struct{} { c := make(chan struct{}); close(c); return c }()

// SampleDone returns a channel closed once s, a store from OpenSample,
// holds the whole sample (at once for a cached sample and for any other
// store).
func SampleDone(s *store.Store) <-chan struct{} {
	if v, ok := sampleLoads.Load(s); ok {
		return v.(*sampleLoad).done
	}
	return closedChan
}

// WaitSample waits until s holds the whole sample and returns the error
// that stopped the background loading, if any.
func WaitSample(ctx context.Context, s *store.Store) error {
	v, ok := sampleLoads.Load(s)
	if !ok {
		return nil
	}
	ld := v.(*sampleLoad)
	select {
	case <-ld.done:
		return ld.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// OpenSample opens the sample history (SampleOptions ending at the start
// of now's hour) in its own store under dir, never the user's store. dir
// is a cache directory such as $XDG_CACHE_HOME/trailview, created if
// needed. A cached sample is opened read-only; a new one is returned as
// soon as its newest days are in, and loads the rest in the background
// until done, ctx ends or the store is closed (see SampleDone).
func OpenSample(ctx context.Context, dir string, now time.Time) (*store.Store, error) {
	end := now.UTC().Truncate(time.Hour)
	return openSample(ctx, dir, SampleOptions(end))
}

// openSample is OpenSample for any options ending at an hour (tests use
// smaller ones).
func openSample(ctx context.Context, dir string, opts Options) (*store.Store, error) {
	path := filepath.Join(dir, sampleName(opts.End))
	if exists(path) && exists(path+".ok") {
		return openCached(ctx, path)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("sample history: %w", err)
	}
	removeOlderSamples(dir, sampleName(opts.End), opts.End)
	cl, err := claimSample(ctx, dir, path)
	if err != nil {
		return nil, fmt.Errorf("sample history: %w", err)
	}
	switch cl.mode {
	case claimCached:
		return openCached(ctx, path)
	case claimFollow:
		return followSample(ctx, path)
	}
	s, err := store.Open(ctx, cl.path, store.OpenOptions{})
	if err != nil {
		cl.unlock(false)
		return nil, fmt.Errorf("sample history: %w", err)
	}
	first := opts.End.Add(-sampleFirstDays * 24 * time.Hour)
	if err := loadSampleRange(ctx, s, opts, first, time.Time{}); err != nil {
		s.Close()
		cl.unlock(false)
		return nil, err
	}
	cl.ready()
	ld := &sampleLoad{done: make(chan struct{})}
	sampleLoads.Store(s, ld)
	go func() {
		defer close(ld.done)
		ld.err = loadOlder(ctx, s, opts, first, func() { touch(path + ".lock") })
		cl.unlock(ld.err == nil)
	}()
	return s, nil
}

// openCached opens a finished sample read-only.
func openCached(ctx context.Context, path string) (*store.Store, error) {
	s, err := store.Open(ctx, path, store.OpenOptions{ReadOnly: true})
	if err != nil {
		// A builder killed after finishing may leave a WAL that only a
		// read-write open can fold back in; do that once and retry.
		if rw, rerr := store.Open(ctx, path, store.OpenOptions{}); rerr == nil {
			rw.Close()
			s, err = store.Open(ctx, path, store.OpenOptions{ReadOnly: true})
		}
	}
	if err != nil {
		return nil, fmt.Errorf("sample history: %w", err)
	}
	return s, nil
}

// errBuilderStopped is WaitSample's answer when the program building a
// sample this one follows stopped before finishing (it quit early): the
// store holds part of the sample; the next OpenSample rebuilds it.
var errBuilderStopped = errors.New("sample history: the program building it stopped before it finished")

// followSample opens read-only the sample another program is building (its
// newest days are in) and watches its markers for the end of the build.
func followSample(ctx context.Context, path string) (*store.Store, error) {
	s, err := store.Open(ctx, path, store.OpenOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("sample history: %w", err)
	}
	ld := &sampleLoad{done: make(chan struct{})}
	sampleLoads.Store(s, ld)
	go func() {
		defer close(ld.done)
		tick := time.NewTicker(samplePoll)
		defer tick.Stop()
		for {
			if exists(path + ".ok") {
				return
			}
			if st, err := os.Stat(path + ".lock"); err != nil || time.Since(st.ModTime()) > sampleLockStale {
				if !exists(path + ".ok") { // it may have finished just now
					ld.err = errBuilderStopped
				}
				return
			}
			select {
			case <-ctx.Done():
				ld.err = ctx.Err()
				return
			case <-tick.C:
			}
		}
	}()
	return s, nil
}

// loadOlder loads the sample before until, newest chunk first, then checks
// that every event arrived.
func loadOlder(ctx context.Context, s *store.Store, opts Options, until time.Time, progress func()) error {
	start := opts.End.Add(-opts.Span)
	for hi := until; hi.After(start); hi = hi.Add(-sampleChunk) {
		lo := hi.Add(-sampleChunk)
		if !lo.After(start) {
			lo = time.Time{} // the oldest chunk takes everything left
		}
		if err := loadSampleRange(ctx, s, opts, lo, hi); err != nil {
			return err
		}
		progress()
	}
	n, err := s.Count(ctx, history.Query{})
	if err != nil {
		return fmt.Errorf("sample history: %w", err)
	}
	if n != int64(opts.Events) {
		return fmt.Errorf("sample history: stored %d events, want %d", n, opts.Events)
	}
	return nil
}

// loadSampleRange streams the records of [since, until) into s as one
// JSON-lines input through a pipe: nothing touches the disk but the store.
func loadSampleRange(ctx context.Context, s *store.Store, opts Options, since, until time.Time) error {
	pr, pw := io.Pipe()
	go func() {
		err := GenerateRange(ctx, opts, since, until, func(r *Record) error {
			if _, err := pw.Write(r.JSON); err != nil {
				return err
			}
			_, err := pw.Write([]byte{'\n'})
			return err
		})
		pw.CloseWithError(err)
	}()
	res, err := s.Load(ctx, []string{"-"}, store.LoadOptions{Stdin: pr})
	pr.CloseWithError(errors.New("load finished")) // stops the generator if Load returned early
	if err != nil {
		return fmt.Errorf("sample history: %w", err)
	}
	if len(res.Errors) > 0 {
		return fmt.Errorf("sample history: %w", res.Errors[0])
	}
	return nil
}

type claimMode int

const (
	claimBuild  claimMode = iota // build at path (or a private path)
	claimFollow                  // another program is building; its newest days are in
	claimCached                  // another program finished meanwhile
)

type claim struct {
	mode   claimMode
	path   string
	ready  func()              // the newest days are in: others may follow
	unlock func(complete bool) // the build ended; mark it complete first if so
}

// samplePoll and sampleReadyWait pace a program that finds another one
// building: it waits up to sampleReadyWait for the builder's newest days,
// then builds a private copy rather than keep the user waiting.
var (
	samplePoll      = 100 * time.Millisecond
	sampleReadyWait = 3 * time.Second
)

// claimSample decides how this program gets the sample: it builds it at
// path when it gets the lock (a stale lock is taken over), follows another
// program's build once that one's newest days are in, or, if they take too
// long, builds a private temporary copy.
func claimSample(ctx context.Context, dir, path string) (claim, error) {
	lock := path + ".lock"
	deadline := time.Now().Add(sampleReadyWait)
	for {
		f, err := os.OpenFile(lock, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err == nil {
			fmt.Fprintln(f, os.Getpid())
			f.Close()
			for _, suffix := range []string{"", "-wal", "-shm", ".ok", ".ready"} {
				if err := os.Remove(path + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
					os.Remove(lock)
					return claim{}, err
				}
			}
			return claim{mode: claimBuild, path: path,
				ready: func() { createMarker(path + ".ready") },
				unlock: func(complete bool) {
					if complete {
						createMarker(path + ".ok")
					}
					os.Remove(lock)
				}}, nil
		}
		if !errors.Is(err, os.ErrExist) {
			return claim{}, err
		}
		switch st, err := os.Stat(lock); {
		case err != nil:
			continue // the builder just finished or gave up: look again
		case time.Since(st.ModTime()) > sampleLockStale:
			// Its builder died. If the lock cannot go, build apart.
			if err := os.Remove(lock); err != nil && !errors.Is(err, os.ErrNotExist) {
				return privateClaim(dir)
			}
			continue
		case exists(path + ".ok"):
			return claim{mode: claimCached}, nil
		case exists(path + ".ready"):
			return claim{mode: claimFollow}, nil
		case time.Now().After(deadline):
			return privateClaim(dir)
		}
		select {
		case <-ctx.Done():
			return claim{}, ctx.Err()
		case <-time.After(samplePoll):
		}
	}
}

// privateClaim is a temporary store of this program's own, removed by a
// later start once a day old.
func privateClaim(dir string) (claim, error) {
	f, err := os.CreateTemp(dir, ".sample-tmp-*.db")
	if err != nil {
		return claim{}, err
	}
	f.Close()
	return claim{mode: claimBuild, path: f.Name(), ready: func() {}, unlock: func(bool) {}}, nil
}

func createMarker(p string) {
	if f, err := os.Create(p); err == nil {
		f.Close()
	}
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func touch(p string) {
	now := time.Now()
	os.Chtimes(p, now, now)
}

// removeOlderSamples deletes, before the sample named current is built,
// every other sample cache of this program in dir made for an hour up to
// end (older hours, and older versions' files of any hour up to end) with
// its WAL, shared-memory and marker files, and private copies not touched
// for a day. It leaves everything else: files it did not name, caches of
// later hours (another trailview with a clock ahead), a cache whose build
// lock is live (another trailview is building it) and one that another
// trailview has open (a session that began in an earlier hour): those go
// at a later build.
func removeOlderSamples(dir, current string, end time.Time) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	keep := map[string]bool{} // a store's name: whether its files stay
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".sample-tmp-") {
			if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > sampleTempAge {
				os.Remove(filepath.Join(dir, name))
			}
			continue
		}
		db, stamp, ok := sampleFile(name)
		if !ok || db == current || stamp.After(end) {
			continue
		}
		stays, decided := keep[db]
		if !decided {
			stays = sampleBusy(filepath.Join(dir, db))
			keep[db] = stays
		}
		if !stays {
			os.Remove(filepath.Join(dir, name))
		}
	}
}

// sampleBusy reports whether another program is building the sample at
// path (its lock is live) or has it open.
func sampleBusy(path string) bool {
	if st, err := os.Stat(path + ".lock"); err == nil && time.Since(st.ModTime()) <= sampleLockStale {
		return true
	}
	return sampleInUse(path + "-shm")
}

// sampleFile parses the name of a sample cache's file, "sample-v1.3-s8-
// 20260304T15.db" or one of its companions ("...db-wal", "...db.ok"), into
// the store's name and hour; names of the earlier formats, "sample-v1-..."
// and "sample-v1.2-...", are recognised too.
func sampleFile(name string) (db string, stamp time.Time, ok bool) {
	rest, found := strings.CutPrefix(name, "sample-v")
	if !found {
		return "", time.Time{}, false
	}
	version, rest, found := strings.Cut(rest, "-")
	if !found || !sampleVersionText(version) {
		return "", time.Time{}, false
	}
	// Names since the schema joined them: "sample-v1.3-s8-20260304T15.db".
	if schema, after, cut := strings.Cut(rest, "-"); cut && len(schema) > 1 && schema[0] == 's' && sampleVersionText(schema[1:]) && !strings.Contains(schema, ".") {
		rest = after
	}
	if len(rest) < len(sampleStamp) {
		return "", time.Time{}, false
	}
	stamp, err := time.Parse(sampleStamp, rest[:len(sampleStamp)])
	if err != nil {
		return "", time.Time{}, false
	}
	db = name[:len(name)-len(rest)+len(sampleStamp)] + ".db"
	switch strings.TrimPrefix(name, db) {
	case "", "-wal", "-shm", "-journal", ".ok", ".lock", ".ready":
		return db, stamp, true
	}
	return "", time.Time{}, false
}

// sampleVersionText accepts "1" and "1.2": digits, at most one dot inside.
func sampleVersionText(v string) bool {
	major, minor, dotted := strings.Cut(v, ".")
	digits := func(s string) bool {
		_, err := strconv.ParseUint(s, 10, 32)
		return err == nil
	}
	return digits(major) && (!dotted || digits(minor))
}
