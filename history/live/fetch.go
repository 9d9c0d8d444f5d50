package live

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"

	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/store"
)

// Options adjusts a fetch. The zero value of every field is a sensible
// default; no Regions means the configured one (AWS_REGION, the profile).
type Options struct {
	Profile     string   // shared config profile; "" uses AWS_PROFILE or the default chain
	Regions     []string // Regions to fetch, in parallel
	EndpointURL string   // replaces the AWS endpoints (tests, compatible services)
	// Account is the account ID the credentials belong to. "" asks STS
	// GetCallerIdentity, which any identity may call.
	Account string
	// Since is the oldest event time wanted; zero, or older than the
	// retention window, means the whole window.
	Since time.Time
	// Insights also fetches Insights events (EventCategory=insight).
	Insights bool
	// SkipNotEnabled turns "credentials not accepted in this Region" into a
	// skipped Region instead of a failure: --all-regions asks every
	// commercial Region, and opt-in ones answer so when not enabled.
	SkipNotEnabled bool
	// Progress receives a snapshot after every page and state change. Calls
	// are serialised, but come from the Regions' goroutines.
	Progress func(Progress)

	// The rest exists for tests and unusual endpoints.
	Now            func() time.Time                  // default time.Now
	Interval       time.Duration                     // least time between requests per Region; default DefaultInterval
	Overlap        time.Duration                     // re-fetched margin at span edges; default 5 minutes
	Retention      time.Duration                     // how far back Event history reaches; default 90 days
	MaxResults     int32                             // page size; default and maximum 50
	MaxRetries     int                               // times a page is asked again after the SDK gave up; default 6
	Backoff        func(attempt int) time.Duration   // wait before asking again; default 2s doubling to 1 min
	SDKMaxAttempts int                               // attempts per request in the SDK's retryer; default 3
	SDKBackoff     retry.BackoffDelayer              // the SDK retryer's delays; nil keeps the SDK's
	ConfigOptions  []func(*config.LoadOptions) error // added to config.LoadDefaultConfig's
}

// Fetcher copies Event history of one account into a store.
type Fetcher struct {
	store   *store.Store
	opts    Options
	cfg     aws.Config
	account string

	mu sync.Mutex // serialises Progress calls
}

// New loads the AWS configuration, checks that credentials can be had and
// finds their account. The credentials themselves are never printed nor
// stored: they stay inside the SDK.
func New(ctx context.Context, store *store.Store, opts Options) (*Fetcher, error) {
	regions, err := uniqueRegions(opts.Regions)
	if err != nil {
		return nil, err
	}
	opts.Regions = regions
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Interval <= 0 {
		opts.Interval = DefaultInterval
	}
	if opts.Overlap <= 0 {
		opts.Overlap = 5 * time.Minute
	}
	if opts.Retention <= 0 {
		opts.Retention = history.RetentionWindow
	}
	if opts.MaxResults <= 0 || opts.MaxResults > history.MaxMaxResults {
		opts.MaxResults = history.MaxMaxResults
	}
	if opts.MaxRetries <= 0 {
		opts.MaxRetries = 6
	}
	if opts.Backoff == nil {
		opts.Backoff = func(attempt int) time.Duration {
			return min(2*time.Second<<attempt, time.Minute)
		}
	}
	if opts.SDKMaxAttempts <= 0 {
		opts.SDKMaxAttempts = retry.DefaultMaxAttempts
	}
	cfg, err := loadConfig(ctx, opts)
	if err != nil {
		return nil, err
	}
	f := &Fetcher{store: store, opts: opts, cfg: cfg, account: opts.Account}
	if len(opts.Regions) == 0 {
		region, err := configuredRegion(cfg)
		if err != nil {
			return nil, err
		}
		f.opts.Regions = []string{region}
	}
	if err := checkCredentials(ctx, cfg); err != nil {
		return nil, err
	}
	if f.account == "" {
		if f.account, err = callerAccount(ctx, cfg); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// stsRegion picks the Region for STS and the default config: us-east-1,
// which every account has enabled, unless the Regions are in another
// partition (China, GovCloud, ISO), whose STS lives in their own Regions.
func stsRegion(regions []string) string {
	for _, r := range regions {
		for _, p := range []string{"cn-", "us-gov-", "us-iso", "eu-isoe-"} {
			if strings.HasPrefix(r, p) {
				return regions[0]
			}
		}
	}
	return "us-east-1"
}

// Regions are the Regions the fetch covers.
func (f *Fetcher) Regions() []string { return f.opts.Regions }

// Account is the account ID whose Event history is fetched.
func (f *Fetcher) Account() string { return f.account }

// Run fetches every Region in parallel and returns the final progress of
// each Region and category. The error joins the Regions' errors (each an
// *Error) or is the context's; pages committed before it are kept either way.
func (f *Fetcher) Run(ctx context.Context) ([]Progress, error) {
	now := f.opts.Now().UTC().Truncate(time.Second)
	oldest := now.Add(-f.opts.Retention)
	since := f.opts.Since.UTC()
	if since.Before(oldest) {
		since = oldest
	}
	if !since.Before(now) {
		return nil, fmt.Errorf("fetch: --since %s is not in the past", since.Format(time.RFC3339))
	}
	want := span{since, now}
	cats := []history.Category{history.Management}
	if f.opts.Insights {
		cats = append(cats, history.Insight)
	}
	results := make([][]Progress, len(f.opts.Regions))
	var wg sync.WaitGroup
	for i, r := range f.opts.Regions {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = f.runRegion(ctx, r, cats, want)
		}()
	}
	wg.Wait()
	var out []Progress
	var errs []error
	for _, rs := range results {
		for _, p := range rs {
			out = append(out, p)
			if p.Err != nil {
				errs = append(errs, p.Err)
			}
		}
	}
	if ctx.Err() != nil {
		return out, fmt.Errorf("fetch interrupted: %w", ctx.Err())
	}
	return out, errors.Join(errs...)
}

func (f *Fetcher) report(p Progress) {
	if f.opts.Progress == nil {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.opts.Progress(p)
}

func (f *Fetcher) runRegion(ctx context.Context, region string, cats []history.Category, want span) []Progress {
	pc := newPacedClient(f.cfg.HTTPClient, f.store, f.account, region, f.opts.Interval)
	client := cloudtrail.NewFromConfig(f.cfg, func(o *cloudtrail.Options) {
		o.Region = region
		o.HTTPClient = pc
		o.Retryer = retry.NewStandard(func(so *retry.StandardOptions) {
			so.MaxAttempts = f.opts.SDKMaxAttempts
			// The retry quota would fail a long backfill after enough
			// throttles; the pacer already bounds the load.
			so.RateLimiter = ratelimit.None
			if f.opts.SDKBackoff != nil {
				so.Backoff = f.opts.SDKBackoff
			}
		})
	})
	var out []Progress
	var t *tracker
	// Requests are sent from this goroutine (the SDK calls the client
	// synchronously), so the note goes to the category being fetched.
	pc.waiting = func(note string) {
		t.p.Note = note
		t.update()
	}
	for _, cat := range cats {
		t = &tracker{p: Progress{Region: region, Category: cat, State: "waiting", From: want.from, To: want.to, ETA: -1},
			start: time.Now(), client: pc, reqBase: pc.requests.Load(), report: f.report}
		err := f.fetchCategory(ctx, client, t, want)
		switch {
		case err == nil:
			t.p.State = "done"
		case ctx.Err() != nil:
			t.p.State = "failed"
			t.p.Err = ctx.Err()
		default:
			var e *Error
			if errors.As(err, &e) && e.Kind == ErrNotEnabled && f.opts.SkipNotEnabled {
				t.p.State = "skipped"
				t.p.Note = "not enabled for this account"
			} else {
				t.p.State = "failed"
				t.p.Err = err
			}
		}
		t.update()
		out = append(out, t.p)
		if t.p.State != "done" {
			break
		}
	}
	return out
}

// fetchCategory fills the gaps that the store's coverage leaves in want.
func (f *Fetcher) fetchCategory(ctx context.Context, client *cloudtrail.Client, t *tracker, want span) error {
	all, err := f.store.Coverage(ctx)
	if err != nil {
		return err
	}
	var covered []span
	for _, c := range all {
		if c.Account == f.account && c.Region == t.p.Region && c.Category == t.p.Category {
			covered = append(covered, span{c.Start, c.End})
		}
	}
	var spans []span // what this run fetches, newest first
	for _, g := range gaps(want, covered) {
		w := widen(g, f.opts.Overlap, want)
		spans = append(spans, w)
		t.total += w.to.Sub(w.from)
	}
	t.p.State = "fetching"
	t.update()
	for _, s := range spans {
		t.cur = s
		t.p.Oldest = time.Time{}
		if err := f.fetchSpan(ctx, client, t, s); err != nil {
			return err
		}
		t.finished += s.to.Sub(s.from)
	}
	return nil
}

// fetchSpan pages through one span, newest first, committing each page with
// the part of the span it proves complete.
func (f *Fetcher) fetchSpan(ctx context.Context, client *cloudtrail.Client, t *tracker, s span) error {
	top := s.to
	for restarts := 0; ; restarts++ {
		from, to := s.from, top
		in := &cloudtrail.LookupEventsInput{StartTime: &from, EndTime: &to}
		if t.p.Category == history.Insight {
			in.EventCategory = types.EventCategoryInsight
		}
		pg := cloudtrail.NewLookupEventsPaginator(client, in, func(o *cloudtrail.LookupEventsPaginatorOptions) {
			o.Limit = f.opts.MaxResults
			o.StopOnDuplicateToken = true
		})
		var oldest time.Time
		for pg.HasMorePages() {
			out, err := f.nextPage(ctx, pg, t)
			if err != nil {
				var e *Error
				// A token can go stale (its lifetime is unspecified, spec
				// 2.5): start a new listing below what is stored.
				if errors.As(err, &e) && isInvalidToken(e.Err) && !oldest.IsZero() && restarts < 3 {
					top = minTime(top, oldest.Add(f.opts.Overlap))
					t.p.Note = "the service refused its own NextToken; listing again from " + top.Format(time.RFC3339)
					break
				}
				return err
			}
			if err := f.commitPage(ctx, t, out.Events, s.from, top, !pg.HasMorePages(), &oldest); err != nil {
				return err
			}
			if !pg.HasMorePages() {
				return nil
			}
		}
		if pg.HasMorePages() {
			continue
		}
		return nil
	}
}

func isInvalidToken(err error) bool {
	var it *types.InvalidNextTokenException
	return errors.As(err, &it)
}

// nextPage asks for the paginator's next page, backing off and asking again
// (with the same token and parameters) while the failure is transient.
func (f *Fetcher) nextPage(ctx context.Context, pg *cloudtrail.LookupEventsPaginator, t *tracker) (*cloudtrail.LookupEventsOutput, error) {
	for attempt := 0; ; attempt++ {
		out, err := pg.NextPage(ctx)
		if err == nil {
			return out, nil
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		e, transient := classify(t.p.Region, err)
		if !transient || attempt >= f.opts.MaxRetries {
			return nil, e
		}
		wait := f.opts.Backoff(attempt)
		t.p.Retries++
		t.p.Note = fmt.Sprintf("%s; asking again in %s", apiMessage(err), wait.Round(time.Millisecond))
		t.update()
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil, ctx.Err()
		case <-timer.C:
		}
	}
}

// commitPage stores one page with its coverage: after a page, every event
// newer than the oldest one seen is stored (the listing is newest first,
// and later pages may still hold more events of that same instant); after
// the last page, the whole span is.
func (f *Fetcher) commitPage(ctx context.Context, t *tracker, events []types.Event, from, top time.Time, last bool, oldest *time.Time) error {
	page := make([][]byte, 0, len(events))
	for _, e := range events {
		b, err := lookupEventJSON(e)
		if err != nil {
			t.p.Rejected++
			continue
		}
		page = append(page, b)
	}
	// Decode the times first to know the span; a page is small.
	cov := &history.Coverage{Account: f.account, Region: t.p.Region, Category: t.p.Category, End: top}
	for _, e := range events {
		if e.EventTime != nil && (oldest.IsZero() || e.EventTime.Before(*oldest)) {
			*oldest = e.EventTime.UTC()
		}
	}
	switch {
	case last:
		cov.Start = from
	case !oldest.IsZero():
		cov.Start = maxTime(oldest.Add(time.Microsecond), from)
	}
	if cov.Start.IsZero() || cov.End.Before(cov.Start) {
		cov = nil
	}
	// Commit even when the run is being cancelled: the page is here.
	res, err := f.store.IngestLookupEvents(context.WithoutCancel(ctx), page, cov)
	if err != nil {
		return err
	}
	t.p.Pages++
	t.p.Added += res.Added
	t.p.Duplicates += res.Duplicates
	t.p.Rejected += len(res.Rejected)
	if len(res.Rejected) > 0 {
		t.p.Note = "unreadable event skipped: " + res.Rejected[0].Error()
	}
	if !oldest.IsZero() && (t.p.Oldest.IsZero() || oldest.Before(t.p.Oldest)) {
		t.p.Oldest = maxTime(*oldest, from)
	}
	if last {
		t.p.Oldest = from
	}
	t.update()
	return nil
}
