package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"time"

	"github.com/trailview/trailview/export"
	"github.com/trailview/trailview/filter"
	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/store"
	"github.com/trailview/trailview/internal/awscli"
	"github.com/trailview/trailview/internal/termtext"
)

const exportSynopsis = "trailview export [--db PATH] [--region R|all] [--account A|all] --format csv|json|jsonl [--filter EXPR] " +
	"[--start-time T] [--end-time T] [--lookup-attributes A] [--event-category insight] [--columns a,b] " +
	"[--csv-raw] [--split N] [--force] [-o FILE]"

// stringList is a flag that may be given several times.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, " ") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

// exportFlags holds the parsed command line of 'trailview export'.
type exportFlags struct {
	// command names the command in messages: export's scope flags serve
	// top and timeline too.
	command                                                                 string
	db, region, account, format, filter, start, end, category, columns, out string
	lookup                                                                  stringList
	raw, force                                                              bool
	split                                                                   int
}

// Export implements 'trailview export': the events of one scope, as the
// console's CSV or JSON download, or as JSON lines.
func Export(ctx context.Context, env Env, args []string) int {
	env, flush := env.terminalSafe()
	defer flush()
	fset := newFlags(env, "export", exportSynopsis)
	f := exportFlags{command: "export"}
	f.scopeFlags(fset)
	fset.StringVar(&f.format, "format", "", "csv, json or jsonl (required)")
	fset.StringVar(&f.columns, "columns", "", "CSV columns, comma-separated, in order (default: the console's 16)")
	fset.BoolVar(&f.raw, "csv-raw", false, "write CSV cells exactly as the console does, without neutralizing cells a spreadsheet would run as formulas")
	fset.IntVar(&f.split, "split", 0, "at most N events per file, named FILE-0001.ext, FILE-0002.ext... (the console's limit is 200000)")
	fset.BoolVar(&f.force, "force", false, "overwrite existing files")
	fset.StringVar(&f.out, "o", "", "output file, written atomically (default: standard output)")
	if code, ok := parseFlags(fset, env, args); !ok {
		return code
	}
	opts, code, ok := f.options(env, fset)
	if !ok {
		return code
	}

	path, err := storePath(env, f.db)
	if err != nil {
		errorf(env, "%v", err)
		return ExitError
	}
	st, err := openForExport(ctx, path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			errorf(env, "export: no store at %s: load CloudTrail data first with 'trailview load'", path)
		} else {
			errorf(env, "export: %v", err)
		}
		return ExitError
	}
	defer st.Close()

	q, code, ok := f.query(ctx, env, st)
	if !ok {
		return code
	}

	bar := newExportProgress(env)
	if bar.enabled && q.Pred == nil {
		// The total makes the bar a bar; with a filter, counting could cost
		// as much as the export, so the bar shows count and rate only.
		if n, err := st.Count(ctx, q); err == nil {
			bar.total = n
		}
	}
	opts.Progress = bar.update
	start := time.Now()
	var res export.Result
	if f.out == "" {
		res, err = export.ToWriter(ctx, st, q, env.Stdout, opts)
	} else {
		res, err = export.ToFile(ctx, st, q, f.out, opts, f.force)
	}
	bar.finish()
	if err != nil {
		switch {
		case errors.Is(err, fs.ErrExist):
			errorf(env, "%v (use --force to overwrite)", err)
		case errors.Is(err, context.Canceled) && f.out != "":
			errorf(env, "export interrupted: no file was written")
		default:
			errorf(env, "%v", err)
		}
		return ExitError
	}
	fmt.Fprintln(env.Stderr, exportSummary(res, f.out, time.Since(start)))
	return ExitOK
}

// scopeFlags defines the flags that choose the events: export's, top's
// and timeline's.
func (f *exportFlags) scopeFlags(fset *flag.FlagSet) {
	fset.StringVar(&f.db, "db", "", "store file (default $TRAILVIEW_DB, else $XDG_DATA_HOME/trailview/history.db)")
	fset.StringVar(&f.region, "region", "", "Region, or 'all' (default $AWS_REGION, $AWS_DEFAULT_REGION, else the Region with the most events)")
	fset.StringVar(&f.account, "account", "", "recipient account ID, or 'all' (default: all)")
	fset.StringVar(&f.filter, "filter", "", "filter expression, as typed in the UI's filter bar")
	fset.StringVar(&f.start, "start-time", "", "oldest event time, in any form lookup-events accepts (UTC unless a zone is given)")
	fset.StringVar(&f.end, "end-time", "", "newest event time (default: the UI's window, 90 days ending now or at the newest event)")
	fset.Var(&f.lookup, "lookup-attributes", "one LookupEvents attribute: AttributeKey=EventName,AttributeValue=RunInstances (or its JSON form)")
	fset.StringVar(&f.category, "event-category", "", "'insight' to select Insights events instead of management events")
}

// openForExport opens the store read-only, since export only reads; a
// store written by an older trailview cannot be read that way, so it is
// then opened normally, which brings it up to date. A missing store is an
// error wrapping fs.ErrNotExist, never created.
func openForExport(ctx context.Context, path string) (*store.Store, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	st, err := store.Open(ctx, path, store.OpenOptions{ReadOnly: true})
	if err == nil || errors.Is(err, store.ErrForeignFile) || errors.Is(err, store.ErrNewerSchema) || errors.Is(err, store.ErrDamaged) {
		return st, err
	}
	return store.Open(ctx, path, store.OpenOptions{})
}

// options checks the flags that need no store.
func (f *exportFlags) options(env Env, fset *flag.FlagSet) (export.Options, int, bool) {
	fail := func(format string, args ...any) (export.Options, int, bool) {
		errorf(env, "export: "+format, args...)
		return export.Options{}, ExitUsage, false
	}
	if fset.NArg() > 0 {
		return fail("unexpected argument %q (flags come before nothing else; use -o FILE for the output)", fset.Arg(0))
	}
	if f.format == "" {
		return fail("--format is required: csv, json or jsonl")
	}
	format, err := export.ParseFormat(f.format)
	if err != nil {
		return fail("%v", err)
	}
	opts := export.Options{Format: format, Raw: f.raw, Split: f.split}
	if f.columns != "" {
		if format != export.CSV {
			return fail("--columns applies to CSV only: JSON exports hold complete records")
		}
		opts.Columns = strings.Split(f.columns, ",")
		if _, err := export.ColumnsByName(opts.Columns); err != nil {
			return fail("--columns: %v", err)
		}
	}
	if f.raw && format != export.CSV {
		return fail("--csv-raw applies to CSV only")
	}
	if f.split < 0 {
		return fail("--split must be a positive number of events")
	}
	if f.split > 0 && f.out == "" {
		return fail("--split needs -o FILE: standard output is one document")
	}
	if f.force && f.out == "" {
		return fail("--force needs -o FILE")
	}
	if f.category != "" && !strings.EqualFold(f.category, "insight") {
		return fail("--event-category accepts only 'insight' (as LookupEvents does), not %q", f.category)
	}
	return opts, 0, true
}

// query builds the scope from the flags: Region, category, lookup
// attribute, filter and time range, with the same defaults as the UI.
func (f *exportFlags) query(ctx context.Context, env Env, st *store.Store) (history.Query, int, bool) {
	fail := func(code int, format string, args ...any) (history.Query, int, bool) {
		errorf(env, f.command+": "+format, args...)
		return history.Query{}, code, false
	}
	var q history.Query
	q.Region = regionFromEnv(env, f.region)
	if strings.EqualFold(q.Region, "all") {
		q.Region = "" // every Region
	} else if q.Region == "" {
		r, err := st.BusiestRegion(ctx)
		if err != nil {
			return fail(ExitError, "%v", err)
		}
		q.Region = r
	}
	if f.account != "" && !strings.EqualFold(f.account, "all") {
		q.Accounts = []string{f.account}
	}
	if f.category != "" {
		q.Category = history.Insight
	}
	if len(f.lookup) > 0 {
		attrs, err := awscli.ParseLookupAttributes(f.lookup)
		if err != nil {
			return fail(ExitUsage, "--lookup-attributes: %v", err)
		}
		switch {
		case len(attrs) > 1:
			return fail(ExitUsage, "--lookup-attributes: Event history takes one attribute at a time, not %d", len(attrs))
		case len(attrs) == 1:
			if !isLookupKey(attrs[0].Key) {
				return fail(ExitUsage, "--lookup-attributes: unknown attribute key %q: use one of %s",
					attrs[0].Key, strings.Join(history.LookupKeys, ", "))
			}
			q.Lookup = &attrs[0]
		}
	}
	now := env.Now()
	var err error
	// Times without a zone are UTC, as in the AWS CLI, whose timestamp
	// forms these flags share.
	if f.start != "" {
		if q.Start, err = awscli.ParseTimestamp(f.start, time.UTC); err != nil {
			return fail(ExitUsage, "--start-time: %v", err)
		}
	}
	if f.end != "" {
		if q.End, err = awscli.ParseTimestamp(f.end, time.UTC); err != nil {
			return fail(ExitUsage, "--end-time: %v", err)
		}
	}
	if q.Start.IsZero() && q.End.IsZero() {
		// No range given: the UI's default window. An explicit range, even
		// one reaching past 90 days, is used as given: only lookup-events
		// clamps to Event history's retention, as AWS does.
		w, err := st.DefaultWindow(ctx, q.Region, now)
		if err != nil {
			return fail(ExitError, "%v", err)
		}
		q.Start, q.End = w.Start, w.End
	}
	if code, ok := applyFilter(ctx, env, f.command, &q, f.filter, now); !ok {
		return history.Query{}, code, false
	}
	if !q.Start.IsZero() && !q.End.IsZero() && q.End.Before(q.Start) {
		return fail(ExitUsage, "the time range ends (%s) before it starts (%s)",
			q.End.UTC().Format(time.RFC3339), q.Start.UTC().Format(time.RFC3339))
	}
	return q, 0, true
}

func isLookupKey(k string) bool {
	for _, x := range history.LookupKeys {
		if k == x {
			return true
		}
	}
	return false
}

// exportSummary is the line printed after an export.
func exportSummary(res export.Result, out string, elapsed time.Duration) string {
	where := "standard output"
	switch len(res.Files) {
	case 0:
	case 1:
		where = res.Files[0]
	default:
		where = fmt.Sprintf("%d files, %s to %s", len(res.Files), res.Files[0], res.Files[len(res.Files)-1])
	}
	rate := ""
	if s := elapsed.Seconds(); s > 0 && res.Events > 0 {
		rate = fmt.Sprintf(" (%.0f events/s)", float64(res.Events)/s)
	}
	return fmt.Sprintf("export: %d events written to %s in %s%s", res.Events, where, elapsed.Round(time.Millisecond), rate)
}

// exportProgress draws count, rate and, when the total is known, a bar on
// a terminal's stderr, at most ten times a second.
type exportProgress struct {
	w       io.Writer
	enabled bool
	total   int64
	start   time.Time
	last    time.Time
	drawn   bool
}

func newExportProgress(env Env) *exportProgress {
	now := time.Now()
	return &exportProgress{w: env.drawingStderr(), enabled: env.StderrTerminal, start: now}
}

func (b *exportProgress) update(n int64) {
	if !b.enabled {
		return
	}
	now := time.Now()
	if b.drawn && now.Sub(b.last) < 100*time.Millisecond {
		return
	}
	b.last, b.drawn = now, true
	fmt.Fprintf(b.w, "\r\x1b[K%s", exportProgressText(n, b.total, now.Sub(b.start), 30))
}

func (b *exportProgress) finish() {
	if b.drawn {
		fmt.Fprint(b.w, "\r\x1b[K")
	}
}

// exportProgressText renders the progress line; total 0 means unknown.
func exportProgressText(n, total int64, elapsed time.Duration, width int) string {
	rate := 0.0
	if s := elapsed.Seconds(); s > 0 {
		rate = float64(n) / s
	}
	if total <= 0 {
		return fmt.Sprintf("exporting: %d events · %.0f events/s", n, rate)
	}
	frac := min(max(float64(n)/float64(total), 0), 1)
	filled := int(frac * float64(width))
	bar := strings.Repeat("█", filled) + strings.Repeat("░", width-filled)
	return fmt.Sprintf("%s %3.0f%% %d/%d events · %.0f events/s", bar, frac*100, n, total, rate)
}

// applyFilter compiles the filter expression into q. Its own time terms
// (since:, after:, before:) narrow the window, as in the UI.
func applyFilter(ctx context.Context, env Env, command string, q *history.Query, text string, now time.Time) (int, bool) {
	if strings.TrimSpace(text) == "" {
		return 0, true
	}
	f, err := filter.Compile(text, now)
	if err != nil {
		errorf(env, command+": --filter: %v", err)
		var fe *filter.Error
		if errors.As(err, &fe) && fe.Column > 0 {
			// Point at the problem under the expression, as the UI underlines it.
			runes := []rune(text)
			col := min(fe.Column-1, len(runes))
			shown, before := text, string(runes[:col])
			if env.StderrTerminal {
				// The terminal shows control characters escaped, wider.
				shown, before = termtext.Escape(shown), termtext.Escape(before)
			}
			pad := strings.Map(func(r rune) rune {
				if r == '\t' {
					return r
				}
				return ' '
			}, before)
			fmt.Fprintf(env.Stderr, "  %s\n  %s%s\n", shown, pad, strings.Repeat("^", max(fe.Length, 1)))
		}
		return ExitUsage, false
	}
	q.Pred = f.Pred
	if !f.Start.IsZero() && (q.Start.IsZero() || f.Start.After(q.Start)) {
		q.Start = f.Start
	}
	if !f.End.IsZero() && (q.End.IsZero() || f.End.Before(q.End)) {
		q.End = f.End
	}
	return 0, true
}
