package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/live"
	"github.com/trailview/trailview/history/store"
	"github.com/trailview/trailview/internal/termtext"
)

const fetchSynopsis = `trailview fetch [--db PATH] [--profile P] [--region R]... | --all-regions
                       [--since DURATION|TIME] [--event-category insight] [--endpoint-url URL] [--account ID]
       trailview fetch --status [--db PATH]

Copies the account's Event history from AWS (LookupEvents) into the store, at
most 2 requests per second per Region as the service allows. Runs are
incremental: what the store already holds completely is not asked again, and
an interrupted run (Ctrl-C, network, expired credentials) continues where it
stopped. Credentials come from the usual AWS chain (environment, shared
config and credentials files, --profile, SSO, instance metadata) and are
never printed or stored. The IAM permission needed is cloudtrail:LookupEvents.

--all-regions asks every commercial Region built into trailview (opt-in
Regions the account has not enabled are skipped); to choose, list Regions
with --region instead, repeated or comma-separated.`

// regionList is a repeatable, comma-separated --region.
type regionList []string

func (r *regionList) String() string { return strings.Join(*r, ",") }

func (r *regionList) Set(v string) error {
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if err := live.CheckRegion(p); err != nil {
			return err
		}
		*r = append(*r, p)
	}
	return nil
}

// Fetch implements 'trailview fetch'.
func Fetch(ctx context.Context, env Env, args []string) int {
	env, flush := env.terminalSafe()
	defer flush()
	fs := newFlags(env, "fetch", fetchSynopsis)
	fl := addFetchFlags(fs)
	if code, ok := parseFlags(fs, env, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		errorf(env, "fetch: unexpected argument %q", fs.Arg(0))
		return ExitUsage
	}
	path, err := storePath(env, *fl.db)
	if err != nil {
		errorf(env, "%v", err)
		return ExitError
	}
	if *fl.status {
		return fetchStatus(ctx, env, path)
	}
	now := env.Now()
	from, code, ok := fl.check(env, now)
	if !ok {
		return code
	}

	store, err := store.Open(ctx, path, store.OpenOptions{})
	if err != nil {
		errorf(env, "%v", err)
		return ExitError
	}
	defer store.Close()
	view := newFetchView(env)
	f, err := live.New(ctx, store, fl.liveOptions(env, from, view))
	if err != nil {
		errorf(env, "fetch: %v", err)
		return ExitError
	}
	if oldest := now.Add(-history.RetentionWindow); from.Before(oldest) {
		fmt.Fprintf(env.Stderr, "trailview: Event history keeps 90 days: fetching from %s\n", stamp(oldest))
	}
	return runFetch(ctx, env, f, view)
}

// runFetch fetches every Region while the view shows progress, then prints
// the summary and each Region's error. A cancelled Region's error is left
// out: the interruption is reported once, with what to do about it.
func runFetch(ctx context.Context, env Env, f *live.Fetcher, view *fetchView) int {
	view.start(f.Account(), f.Regions())
	res, err := f.Run(ctx)
	view.stop()
	fmt.Fprintln(env.Stderr, fetchSummary(f.Account(), res, view.elapsed()))
	for _, p := range res {
		if p.Err != nil && !errors.Is(p.Err, context.Canceled) {
			errorf(env, "fetch: %v", p.Err)
		}
	}
	if err != nil {
		if ctx.Err() != nil {
			errorf(env, "fetch interrupted: every page fetched so far is stored; run the same command again to continue")
		}
		return ExitError
	}
	return ExitOK
}

// parseSince reads --since: a duration back from now, or a point in time.
func parseSince(s string, now time.Time) (time.Time, error) {
	if d, err := ParseDuration(s); err == nil {
		if d <= 0 {
			return time.Time{}, fmt.Errorf("%q is not a positive duration", s)
		}
		return now.Add(-d), nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is neither a duration (90d, 2w, 36h) nor a time (2026-01-02, 2026-01-02T15:04:05Z)", s)
}

func stamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05Z") }

func categoryLabel(c history.Category) string {
	if c == history.Insight {
		return " (Insights)"
	}
	return ""
}

// fetchStatus prints the coverage of the store.
func fetchStatus(ctx context.Context, env Env, path string) int {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(env.Stdout, "nothing fetched from AWS yet (no store at %s): run 'trailview fetch --region R'\n", path)
		return ExitOK
	}
	// Not read-only: a store of an older schema gets its coverage table.
	store, err := store.Open(ctx, path, store.OpenOptions{})
	if err != nil {
		errorf(env, "%v", err)
		return ExitError
	}
	defer store.Close()
	cov, err := store.Coverage(ctx)
	if err != nil {
		errorf(env, "%v", err)
		return ExitError
	}
	if len(cov) == 0 {
		fmt.Fprintln(env.Stdout, "nothing fetched from AWS yet: run 'trailview fetch --region R'")
		return ExitOK
	}
	fmt.Fprint(env.Stdout, coverageText(cov))
	return ExitOK
}

// coverageText lists complete spans, one line each, under their account.
func coverageText(cov []history.Coverage) string {
	var b strings.Builder
	account := ""
	for _, c := range cov {
		if c.Account != account {
			account = c.Account
			fmt.Fprintf(&b, "account %s\n", account)
		}
		fmt.Fprintf(&b, "  %s%s: complete from %s to %s\n", c.Region, categoryLabel(c.Category), stamp(c.Start), stamp(c.End))
	}
	return b.String()
}

func fetchSummary(account string, res []live.Progress, elapsed time.Duration) string {
	var added, dups, rejected int
	var requests int64
	done, failed, skipped := 0, 0, 0
	for _, p := range res {
		added += p.Added
		dups += p.Duplicates
		rejected += p.Rejected
		requests += p.Requests
		switch p.State {
		case "done":
			done++
		case "skipped":
			skipped++
		default:
			failed++
		}
	}
	parts := []string{fmt.Sprintf("%d events added", added), fmt.Sprintf("%d already stored", dups),
		fmt.Sprintf("%d requests", requests)}
	if rejected > 0 {
		parts = append(parts, fmt.Sprintf("%d unreadable events skipped", rejected))
	}
	scope := fmt.Sprintf("%d of %d Regions complete", done, len(res))
	if skipped > 0 {
		scope += fmt.Sprintf(", %d not enabled", skipped)
	}
	if failed > 0 {
		scope += fmt.Sprintf(", %d failed", failed)
	}
	return fmt.Sprintf("fetch: account %s: %s; %s in %s", account, scope, strings.Join(parts, ", "), elapsed.Round(time.Second))
}

// fetchView draws one line per Region and category on a terminal.
type fetchView struct {
	w       io.Writer
	enabled bool
	mu      sync.Mutex
	rows    map[string]live.Progress
	drawn   int
	begun   time.Time
	quit    chan struct{}
	wg      sync.WaitGroup
}

func newFetchView(env Env) *fetchView {
	return &fetchView{w: env.drawingStderr(), enabled: env.StderrTerminal, rows: map[string]live.Progress{}, begun: time.Now()}
}

func (v *fetchView) update(p live.Progress) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.rows[p.Region+categoryLabel(p.Category)] = p
}

func (v *fetchView) elapsed() time.Duration { return time.Since(v.begun) }

// start redraws five times a second until stop.
func (v *fetchView) start(account string, regions []string) {
	v.begun = time.Now()
	if !v.enabled {
		return
	}
	fmt.Fprintf(v.w, "fetching Event history of account %s in %d Regions (2 requests/s per Region; Ctrl-C stops, the next run continues)\n",
		termtext.Escape(account), len(regions))
	v.quit = make(chan struct{})
	v.wg.Add(1)
	go func() {
		defer v.wg.Done()
		tick := time.NewTicker(200 * time.Millisecond)
		defer tick.Stop()
		for {
			v.draw()
			select {
			case <-v.quit:
				return
			case <-tick.C:
			}
		}
	}()
}

func (v *fetchView) stop() {
	if v.quit == nil {
		return
	}
	close(v.quit)
	v.wg.Wait()
	v.draw()
}

func (v *fetchView) draw() {
	v.mu.Lock()
	defer v.mu.Unlock()
	keys := make([]string, 0, len(v.rows))
	for k := range v.rows {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	if v.drawn > 0 {
		fmt.Fprintf(&b, "\x1b[%dA", v.drawn)
	}
	for _, k := range keys {
		b.WriteString("\r\x1b[K")
		b.WriteString(progressRow(k, v.rows[k]))
		b.WriteByte('\n')
	}
	v.drawn = len(keys)
	io.WriteString(v.w, b.String())
}

// progressRow renders one Region: state, events, span reached, rate, ETA.
func progressRow(label string, p live.Progress) string {
	const width = 20
	filled := int(p.Fraction * width)
	bar := strings.Repeat("█", filled) + strings.Repeat("░", width-filled)
	reached := "—"
	if !p.Oldest.IsZero() {
		reached = p.Oldest.UTC().Format("2006-01-02 15:04")
	}
	eta := ""
	switch {
	case p.State == "fetching" && p.ETA > 0:
		eta = " ETA " + p.ETA.Round(time.Second).String()
	case p.State == "fetching":
		eta = " ETA …"
	}
	note := ""
	if p.State == "failed" || p.State == "skipped" {
		note = " " + p.State
	} else if p.Note != "" && p.State == "fetching" {
		// The view draws on the terminal directly, past the escaping
		// writer: the note (a service message) is escaped here.
		note = " · " + termtext.Escape(truncate(p.Note, 60))
	}
	return fmt.Sprintf("%-24s %s %3.0f%% %7d events · back to %s · %.1f req/s%s%s",
		label, bar, p.Fraction*100, p.Added+p.Duplicates, reached, p.ReqPerSec(), eta, note)
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

var _ flag.Value = (*regionList)(nil)
