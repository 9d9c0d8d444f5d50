package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"sync"
	"time"
)

// Progress describes a load in progress or finished. Added, Insights,
// Duplicates and SkippedData count the files whose transaction has
// committed, so that after a failure (a full disk) they say what the store
// holds.
type Progress struct {
	Phase        string // "reading", "indexing" or "done"
	FilesTotal   int    // inputs found (zip members count as they are opened)
	FilesDone    int
	BytesTotal   int64 // sizes of the inputs as stored; 0 when unknown (stdin)
	BytesDone    int64
	Records      int64 // records read
	Added        int64 // events added (management and Insights)
	Insights     int64 // of which Insights events
	Duplicates   int64 // events already in the store or repeated in the input
	SkippedData  int64 // data and network-activity events, not part of Event history
	Unchanged    int   // files skipped because they were loaded before
	Changed      int   // files loaded again: Checksum found their content changed
	Digests      int   // digest files recognised and skipped
	NotJSON      int   // files met in a directory walk not named as CloudTrail data that hold no JSON (READMEs, licences)
	Failed       int   // inputs that could not be loaded
	Current      string
	Elapsed      time.Duration
	BulkIndexing bool // secondary indexes are rebuilt at the end
}

// LoadOptions adjusts Load.
type LoadOptions struct {
	// Progress, if set, receives snapshots about ten times a second and
	// once at the end. It runs on the loader's goroutine: keep it quick.
	Progress func(Progress)
	// Stdin is read for the path "-" (default os.Stdin).
	Stdin io.Reader
	// Bulk chooses how indexes are maintained: BulkAuto decides from the
	// sizes of the store and the input.
	Bulk BulkMode
	// Workers is the number of parsing goroutines (default GOMAXPROCS).
	Workers int
	// Skipped, if set, is told of every file (or zip member, or hidden
	// directory) left out on purpose, with the reason in words: digest
	// files, files loaded before, hidden files, files that are not
	// CloudTrail data. Calls are serialised; 'load -v' prints them.
	Skipped func(name, why string)
	// Checksum compares the content (SHA-256) of a file whose path, size
	// and modification time match a file loaded before, instead of
	// skipping it at once: a file rewritten in place within the clock's
	// resolution, or whose time was restored, is loaded again. Like
	// rsync's --checksum, it costs a read of every such file.
	Checksum bool
	// Changed, if set, is told of every file Checksum found changed.
	Changed func(name string)
	// MaxInflateRatio caps how many times its stored size a compressed
	// input (a gzip or zstd file, a zip archive's members together) may
	// inflate to; 0 means DefaultMaxInflateRatio.
	MaxInflateRatio float64
}

// BulkMode says whether a load rebuilds secondary indexes at the end
// instead of maintaining them row by row.
type BulkMode int

// Bulk modes.
const (
	BulkAuto BulkMode = iota
	BulkOn
	BulkOff
)

// LoadResult is the outcome of a load: the final progress and one error per
// input that failed.
type LoadResult struct {
	Progress
	Errors []*InputError
}

// loadStats accumulates progress; the writer and the progress reporter share it.
type loadStats struct {
	mu       sync.Mutex
	p        Progress
	start    time.Time
	callback func(Progress)
	skipped  func(name, why string)
	changed  func(name string)
	last     time.Time
	errs     []*InputError
	// uncommitted holds the counts of files written in the writer's open
	// transaction; commit moves them into p, a rollback drops them.
	uncommitted unitCounts
}

// unitCounts are the counts a stored file adds to the progress.
type unitCounts struct{ added, dups, insights, skippedData int64 }

func (l *loadStats) unitDone(u *unit, err *InputError, added, dups, insights int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case err != nil:
		l.p.Failed++
		l.errs = append(l.errs, err)
	case u.skip == "unchanged":
		l.p.Unchanged++
	case u.skip == "digest":
		l.p.Digests++
	case u.skip == "not JSON":
		l.p.NotJSON++
	case u.skip != "":
		// Hidden zip members: not counted, as hidden files in a walk are not.
	default:
		l.p.Records += u.records
		c := &l.uncommitted
		c.skippedData += u.skippedData
		c.added += added
		c.dups += dups
		c.insights += insights
	}
	if u.changed {
		l.p.Changed++
		if l.changed != nil {
			l.changed(u.name)
		}
	}
	if u.skip != "" && l.skipped != nil {
		l.skipped(u.name, u.skipWhy)
	}
	l.p.Current = u.name
	l.report(false)
}

// entrySkipped reports a directory entry the walk left out.
func (l *loadStats) entrySkipped(name, why string) {
	if l.skipped == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.skipped(name, why)
}

// inputFailed records an input that could not even be opened or listed.
func (l *loadStats) inputFailed(err *InputError) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.p.Failed++
	l.errs = append(l.errs, err)
	l.report(false)
}

func (l *loadStats) inputDone(in *input) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.p.FilesDone++
	if in.size > 0 {
		l.p.BytesDone += in.size
	}
	l.report(false)
}

// commit counts the files of the transaction the writer has just committed.
func (l *loadStats) commit() {
	l.mu.Lock()
	defer l.mu.Unlock()
	c := l.uncommitted
	l.p.Added += c.added
	l.p.Duplicates += c.dups
	l.p.Insights += c.insights
	l.p.SkippedData += c.skippedData
	l.uncommitted = unitCounts{}
	l.report(false)
}

func (l *loadStats) setPhase(phase string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.p.Phase = phase
	l.report(true)
}

// report calls the callback at most every 100 ms unless forced. l.mu is held.
func (l *loadStats) report(force bool) {
	if l.callback == nil {
		return
	}
	now := time.Now()
	if !force && now.Sub(l.last) < 100*time.Millisecond {
		return
	}
	l.last = now
	l.p.Elapsed = now.Sub(l.start)
	l.callback(l.p.withTotalsCovered())
}

// withTotalsCovered raises the totals to what is done: the count runs
// beside the load (load_count.go) and, starved of CPU, could trail it; a
// progress bar must never read more than 100 %.
func (p Progress) withTotalsCovered() Progress {
	p.FilesTotal = max(p.FilesTotal, p.FilesDone)
	p.BytesTotal = max(p.BytesTotal, p.BytesDone)
	return p
}

func (l *loadStats) result() LoadResult {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.p.Elapsed = time.Since(l.start)
	return LoadResult{Progress: l.p.withTotalsCovered(), Errors: append([]*InputError(nil), l.errs...)}
}

// Load reads the inputs at paths ("-" is standard input) into the store.
// Each file is loaded completely or not at all; problems with one input are
// reported in the result and do not stop the others. The error is for
// failures of the store itself and for cancellation, after which the store
// holds exactly the files that were completely loaded.
func (s *Store) Load(ctx context.Context, paths []string, opts LoadOptions) (LoadResult, error) {
	stats := &loadStats{start: time.Now(), callback: opts.Progress, skipped: opts.Skipped, changed: opts.Changed}
	stats.p.Phase = "reading"
	// A second walk only counts, for the progress totals and the choice
	// of a bulk load, beside the load itself (load_count.go); the inputs
	// are found again, one at a time, as the pipeline takes them
	// (runPipeline), so that no list of every file is held. Problems are
	// reported by the pipeline's walk.
	known, err := s.knownFiles(ctx)
	if err != nil {
		return stats.result(), fmt.Errorf("load: %w", err)
	}
	decider, err := s.newBulkDecider(ctx, opts.Bulk)
	if err != nil {
		return stats.result(), fmt.Errorf("load: %w", err)
	}
	count := startCount(ctx, paths, opts.Stdin, known, decider, stats)
	bulk := <-count.bulk
	stats.mu.Lock()
	stats.p.BulkIndexing = bulk
	stats.report(true)
	stats.mu.Unlock()
	res, err := s.loadCounted(ctx, paths, opts, known, stats, bulk)
	count.wait(err != nil)
	if err == nil {
		stats.setPhase("done")
		res = stats.result()
	}
	return res, err
}

// loadCounted is Load once the bulk choice is made.
func (s *Store) loadCounted(ctx context.Context, paths []string, opts LoadOptions, known *knownFiles, stats *loadStats, bulk bool) (LoadResult, error) {
	w, err := newWriter(ctx, s, known, stats)
	if err != nil {
		return stats.result(), fmt.Errorf("load: %w", err)
	}
	if bulk {
		// The full-text index merges its segments as they pile up; a bulk
		// load leaves that to one 'optimize' at the end (createIndexes),
		// which costs less than the merges and leaves a single segment.
		// That includes the "crisis" merges FTS5 forces at 16 segments of a
		// level (2 s of the writer's time on the 1M-event tree; the
		// final optimize, merging them all at once, takes ~1 s longer).
		for _, q := range []string{"INSERT INTO words(words, rank) VALUES('automerge', 0)",
			"INSERT INTO words(words, rank) VALUES('crisismerge', 1000)"} {
			if _, err := w.conn.ExecContext(ctx, q); err != nil {
				w.abort()
				return stats.result(), fmt.Errorf("load: %w", err)
			}
		}
		if err := s.dropIndexes(ctx, w.conn); err != nil {
			w.abort()
			return stats.result(), fmt.Errorf("load: %w", err)
		}
		if err := w.dropEventIDIndex(ctx); err != nil {
			w.abort()
			return stats.result(), fmt.Errorf("load: %w", err)
		}
	}
	err = s.runPipeline(ctx, paths, opts, w, known, stats)
	if bulk {
		// Even after a failure or cancellation the indexes come back; if
		// the process dies first, the next Open rebuilds them.
		stats.setPhase("indexing")
		// The writer's maps (event hashes, dictionary, pending rows) are
		// garbage now: hand their memory back before the index sort takes
		// its own, so the two do not add up in the peak.
		debug.FreeOSMemory()
		if ierr := s.createIndexes(context.WithoutCancel(ctx)); ierr != nil && err == nil {
			err = fmt.Errorf("load: %w", ierr)
		}
	}
	return stats.result(), err
}

func (s *Store) runPipeline(ctx context.Context, paths []string, opts LoadOptions, w *writer, known *knownFiles, stats *loadStats) error {
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	work := make(chan loadJob)
	ordered := make(chan loadJob, maxJobsAhead)
	ahead := newReadAhead(workers + 2)
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			wk := &worker{known: known, checksum: opts.Checksum, maxInflateRatio: opts.MaxInflateRatio}
			for j := range work {
				wk.process(ctx, j.in, j.out)
			}
		}()
	}
	go queueInputs(ctx, paths, opts, ahead, ordered, work, stats)
	var werr error
	// The writer's statements get a context that is never cancelled: the
	// driver watches a cancellable one with a goroutine per statement, and
	// cancellation is seen here between messages anyway.
	wctx := context.WithoutCancel(ctx)
	for j := range ordered {
		for m := range j.out {
			if werr != nil {
				continue
			}
			if ctx.Err() != nil {
				werr = ctx.Err()
				continue
			}
			if err := w.handle(wctx, m); err != nil {
				werr = err
				cancel()
			}
		}
		if werr == nil && ctx.Err() == nil {
			stats.inputDone(j.in)
		}
		ahead.release(j.in)
	}
	wg.Wait()
	if werr == nil {
		werr = ctx.Err()
	}
	if werr != nil {
		w.abort()
		if errors.Is(werr, context.Canceled) {
			return fmt.Errorf("load cancelled: %w", werr)
		}
		return fmt.Errorf("load: %w", werr)
	}
	if err := w.close(ctx); err != nil {
		return fmt.Errorf("load: %w", err)
	}
	return nil
}

// loadJob is one input: a worker parses it into out, which the writer
// reads in input order.
type loadJob struct {
	in  *input
	out chan unitMsg
}

// queueInputs finds the inputs and hands each to the workers (work) and,
// in input order, to the writer (ordered), at most readAhead's weight
// ahead of the writer; it closes both when done or when ctx ends.
func queueInputs(ctx context.Context, paths []string, opts LoadOptions, ahead *readAhead, ordered, work chan<- loadJob, stats *loadStats) {
	defer close(ordered)
	defer close(work)
	discover(paths, opts.Stdin, func(in *input) bool {
		ahead.acquire(in)
		if ctx.Err() != nil {
			return false
		}
		j := loadJob{in: in, out: make(chan unitMsg, 2)}
		select {
		case ordered <- j:
		case <-ctx.Done():
			return false
		}
		select {
		case work <- j:
		case <-ctx.Done():
			// The writer ranges over every job put in ordered, and
			// no worker will close this one's channel: a writer
			// error (a full disk) that cancelled ctx here hung the
			// load forever.
			close(j.out)
			return false
		}
		return true
	}, stats.inputFailed, stats.entrySkipped)
}

// Inputs are read ahead of the writer, which takes them in order: with
// only a few in flight, one slow file held up the writer while the other
// workers, done with theirs, sat idle (a quarter of the CPU went unused on
// a tree of small files). 1024 rather than 64: files of a few events let
// the workers run only ~15 ms ahead of the writer at 64, less than one of
// its commits (2.5 % faster on the 1M-event benchmark tree, same peak RSS).
// The bound on bytes keeps memory flat when the files are large: a job
// holds at most two chunks of parsed records.
const (
	maxJobsAhead  = 1024
	maxBytesAhead = 8 << 20 // of input as stored
)

type readAhead struct {
	mu    sync.Mutex
	cond  *sync.Cond
	free  int // jobs let through whatever their size
	jobs  int
	bytes int64
}

func newReadAhead(free int) *readAhead {
	r := &readAhead{free: free}
	r.cond = sync.NewCond(&r.mu)
	return r
}

func aheadWeight(in *input) int64 {
	if in.size < 0 || in.size > maxBytesAhead {
		return maxBytesAhead
	}
	return in.size
}

// acquire waits until in may be read ahead. A few jobs (one per worker
// and two waiting) are always let through, whatever their size, as before
// the budget existed: a job holds at most two chunks however large its file.
func (r *readAhead) acquire(in *input) {
	w := aheadWeight(in)
	r.mu.Lock()
	for r.jobs >= r.free && (r.jobs >= maxJobsAhead || r.bytes+w > maxBytesAhead) {
		r.cond.Wait()
	}
	r.jobs++
	r.bytes += w
	r.mu.Unlock()
}

func (r *readAhead) release(in *input) {
	r.mu.Lock()
	r.jobs--
	r.bytes -= aheadWeight(in)
	r.mu.Unlock()
	r.cond.Signal()
}

// knownFiles reads the table of loaded files.
func (s *Store) knownFiles(ctx context.Context) (*knownFiles, error) {
	k := newKnownFiles()
	rows, err := s.db.QueryContext(ctx, `SELECT coalesce(d.value, '') || f.path, f.size, f.mtime_ns, f.sha256
		FROM files f LEFT JOIN dict d ON d.id = f.dir_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var path string
		var size, mtime int64
		var sha []byte
		if err := rows.Scan(&path, &size, &mtime, &sha); err != nil {
			return nil, err
		}
		k.byStat[statDigest(path, size, mtime)] = struct{}{}
		var h [32]byte
		if copy(h[:], sha) == 32 {
			k.byHash[hashDigest(h, size)] = struct{}{}
		}
	}
	return k, rows.Err()
}
