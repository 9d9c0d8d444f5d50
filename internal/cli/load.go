package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
	"time"

	"github.com/trailview/trailview/history/store"
)

// loadHeapLimit is the soft limit of Go's heap during 'trailview load'
// (docs/benchmarks.md, "Ingest": peak resident memory).
const loadHeapLimit = 160 << 20

// Load implements 'trailview load'.
func Load(ctx context.Context, env Env, args []string) int {
	env, flush := env.terminalSafe()
	defer flush()
	fs := newFlags(env, "load", "trailview load [--db PATH] [--bulk auto|on|off] [--retain DURATION] PATH...\n"+
		"       trailview load [--db PATH] --retain DURATION [--dry-run]  (prune only, or show what would go)\n\n"+
		"'-' reads standard input. --retain deletes, after the load, the events older than\n"+
		"DURATION (days or weeks: 90d, 12w) before now; nothing else ever deletes events.")
	db := fs.String("db", "", "store file (default $TRAILVIEW_DB, else $XDG_DATA_HOME/trailview/history.db)")
	bulk := fs.String("bulk", "auto", "rebuild indexes after the load instead of row by row: auto, on or off")
	reading := addLoadReadFlags(fs)
	retainFlag := fs.String("retain", "", "after the load, delete events whose eventTime is older than this `DURATION` before now: days or weeks, at least 1d (90d, 12w)")
	dryRun := fs.Bool("dry-run", false, "with --retain and no PATH: print what the retention would delete, and delete nothing")
	if code, ok := parseFlags(fs, env, args); !ok {
		return code
	}
	retain, usageCode, ok := loadWork(env, fs, *retainFlag, *dryRun)
	if !ok {
		return usageCode
	}
	retainSet := retain > 0
	mode, ok := map[string]store.BulkMode{"auto": store.BulkAuto, "on": store.BulkOn, "off": store.BulkOff}[*bulk]
	if !ok {
		errorf(env, "load: --bulk must be auto, on or off, not %q", *bulk)
		return ExitUsage
	}
	path, err := storePath(env, *db)
	if err != nil {
		errorf(env, "%v", err)
		return ExitError
	}
	if *dryRun {
		return previewPrune(ctx, env, path, *retainFlag, retain)
	}
	st, err := store.Open(ctx, path, store.OpenOptions{})
	if err != nil {
		errorf(env, "%v", err)
		return ExitError
	}
	defer st.Close()
	if env.Now != nil {
		st.Now = env.Now
	}

	if fs.NArg() == 0 {
		return prune(ctx, env, st, *retainFlag, retain)
	}
	bar := newProgressLine(env)
	// A soft limit on Go's heap for the load: without it the heap may grow
	// to twice what is live before a collection, and beside SQLite's own
	// memory (outside Go's heap) that took a million-event load past
	// 300 MB resident. Above the limit Go only collects more often.
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(loadHeapLimit))
	res, err := st.Load(ctx, fs.Args(), reading.options(store.LoadOptions{Stdin: env.Stdin, Bulk: mode, Progress: bar.update}, env, bar))
	bar.finish()
	for _, e := range res.Errors {
		fmt.Fprintf(env.Stderr, "trailview: %v\n", e)
	}
	fmt.Fprintln(env.Stderr, summary(res.Progress))
	if err != nil {
		if errors.Is(err, context.Canceled) {
			errorf(env, "load interrupted: files completed so far are stored; run the same command again to finish")
		} else {
			errorf(env, "%v", err)
		}
		return ExitError
	}
	code := ExitOK
	if len(res.Errors) > 0 {
		code = ExitError
	}
	if retainSet {
		// Also after failed inputs: what did load is stored, and the
		// window applies to it as to the rest.
		code = max(code, prune(ctx, env, st, *retainFlag, retain))
	}
	return code
}

// summary is the one line printed after a load.
func summary(p store.Progress) string {
	parts := []string{
		count(p.FilesDone, "file", "files") + " read",
		count(p.Added, "event", "events") + " added",
		count(p.Duplicates, "duplicate", "duplicates"),
		count(p.SkippedData, "data/network event", "data/network events") + " skipped",
		count(p.Insights, "insight", "insights"),
	}
	if p.Unchanged > 0 {
		parts = append(parts, fmt.Sprintf("%d unchanged files skipped", p.Unchanged))
	}
	if p.Changed > 0 {
		parts = append(parts, fmt.Sprintf("%d changed files loaded again", p.Changed))
	}
	if p.Digests > 0 {
		parts = append(parts, fmt.Sprintf("%d digest files skipped", p.Digests))
	}
	if p.NotJSON > 0 {
		parts = append(parts, fmt.Sprintf("%d non-JSON files skipped", p.NotJSON))
	}
	parts = append(parts, count(p.Failed, "error", "errors"))
	rate := ""
	if s := p.Elapsed.Seconds(); s > 0 && p.Records > 0 {
		rate = fmt.Sprintf(" in %s (%.0f events/s)", p.Elapsed.Round(time.Millisecond), float64(p.Records)/s)
	}
	return "load: " + strings.Join(parts, ", ") + rate
}

// progressLine draws a one-line progress bar on a terminal's stderr.
type progressLine struct {
	w       io.Writer
	enabled bool
	drawn   bool
}

func newProgressLine(env Env) *progressLine {
	return &progressLine{w: env.drawingStderr(), enabled: env.StderrTerminal}
}

func (b *progressLine) update(p store.Progress) {
	if !b.enabled {
		return
	}
	b.drawn = true
	fmt.Fprintf(b.w, "\r\x1b[K%s", progressText(p, 30))
}

func (b *progressLine) finish() {
	if b.drawn {
		fmt.Fprint(b.w, "\r\x1b[K")
	}
}

// progressText renders files, megabytes, rate and ETA with a bar of width cells.
func progressText(p store.Progress, width int) string {
	frac := 0.0
	if p.BytesTotal > 0 {
		frac = float64(p.BytesDone) / float64(p.BytesTotal)
	} else if p.FilesTotal > 0 {
		frac = float64(p.FilesDone) / float64(p.FilesTotal)
	}
	frac = min(max(frac, 0), 1)
	filled := int(frac * float64(width))
	bar := strings.Repeat("█", filled) + strings.Repeat("░", width-filled)
	rate, eta := 0.0, ""
	if s := p.Elapsed.Seconds(); s > 0 {
		rate = float64(p.Records) / s
		if frac > 0.01 && frac < 1 {
			left := time.Duration(float64(p.Elapsed) * (1 - frac) / frac)
			eta = " ETA " + left.Round(time.Second).String()
		}
	}
	phase := ""
	if p.Phase == "indexing" {
		phase = " building indexes…"
	}
	return fmt.Sprintf("%s %3.0f%% files %d/%d · %.1f/%.1f MB · %.0f events/s%s%s", bar, frac*100,
		p.FilesDone, p.FilesTotal, float64(p.BytesDone)/1e6, float64(p.BytesTotal)/1e6, rate, eta, phase)
}

// count writes n with the singular or plural noun.
func count[N int | int64](n N, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
