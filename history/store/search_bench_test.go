package store_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/trailview/trailview/filter"
	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/store"
	"github.com/trailview/trailview/internal/benchstore"
)

// BenchmarkSearch measures the search goals of issue 16 on a store of a
// million events: for filters of every class (words of each frequency
// band and absent ones, prefixes, phrases, JSON-path presence and values,
// field terms, pairs, a multi-term prefix), the first page and the exact
// count, each as the browser asks for it (the busiest Region, Management,
// the default 90-day window, Read-only = false). It reports p50 and p99
// per class in milliseconds. The terms are drawn from the store itself
// (search_terms_test.go), so TRAILVIEW_SEARCH_STORE may name any store.
//
//	go test ./history/store -run XXX -bench Search -benchtime 1x -timeout 30m
func BenchmarkSearch(b *testing.B) {
	ctx := context.Background()
	path := os.Getenv("TRAILVIEW_SEARCH_STORE")
	if path == "" {
		path = benchstore.Path(b, 1_000_000)
	}
	s, err := store.Open(ctx, path, store.OpenOptions{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	base := searchBaseQuery(ctx, b, s)
	cases := buildSearchCases(ctx, b, s, sampleRecords(ctx, b, s, base, 24, 40), 6)
	b.Logf("store %s, Region %s, window %s to %s, %d filters", path, base.Region,
		base.Start.Format(time.DateOnly), base.End.Format(time.DateOnly), len(cases))
	for b.Loop() {
		runSearchCases(ctx, b, s, base, cases)
	}
}

// searchBaseQuery is the browser's query before a filter: the busiest
// Region, Management events, the default window, Read-only = false.
func searchBaseQuery(ctx context.Context, tb testing.TB, s *store.Store) history.Query {
	tb.Helper()
	region, err := s.BusiestRegion(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	win, err := s.DefaultWindow(ctx, region, time.Now())
	if err != nil {
		tb.Fatal(err)
	}
	return history.Query{Region: region, Category: history.Management, Start: win.Start, End: win.End,
		Lookup: &history.LookupAttribute{Key: history.AttrReadOnly, Value: "false"}}
}

// searchQueryTimeout bounds one query of the benchmark, so that a filter
// that takes far too long is reported as taking this long instead of
// holding up the run.
const searchQueryTimeout = 30 * time.Second

// searchSample is one timed filter.
type searchSample struct {
	class, text  string
	page, count  time.Duration
	rows         int
	matches      int64
	pageTimedOut bool
	refused      bool // a prefix too broad to search (predsql_prefix.go)
}

func runSearchCases(ctx context.Context, b *testing.B, s *store.Store, base history.Query, cases []searchCase) {
	var samples []searchSample
	for _, c := range cases {
		f, err := filter.Compile(c.text, base.End)
		if err != nil {
			b.Fatalf("filter %q: %v", c.text, err)
		}
		q := base
		q.Pred = f.Pred
		sm := searchSample{class: c.class, text: c.text}
		for range 3 {
			d, n, err := timed(ctx, func(ctx context.Context) (int64, error) {
				evs, err := s.Page(ctx, q, store.PageOptions{Limit: 50})
				return int64(len(evs)), err
			})
			sm.pageTimedOut = sm.pageTimedOut || errors.Is(err, context.DeadlineExceeded)
			sm.refused = sm.refused || errors.As(err, new(*store.PrefixTooBroadError))
			if err != nil && !sm.pageTimedOut && !sm.refused {
				b.Fatalf("page of %q: %v", c.text, err)
			}
			sm.page, sm.rows = max(sm.page, d), int(n)
		}
		d, n, err := timed(ctx, func(ctx context.Context) (int64, error) { return s.Count(ctx, q) })
		if err != nil && !errors.Is(err, context.DeadlineExceeded) && !errors.As(err, new(*store.PrefixTooBroadError)) {
			b.Fatalf("count of %q: %v", c.text, err)
		}
		sm.count, sm.matches = d, n
		samples = append(samples, sm)
	}
	reportSearch(b, samples)
}

// timed runs fn under searchQueryTimeout and returns how long it took.
func timed(ctx context.Context, fn func(context.Context) (int64, error)) (time.Duration, int64, error) {
	ctx, cancel := context.WithTimeout(ctx, searchQueryTimeout)
	defer cancel()
	start := time.Now()
	n, err := fn(ctx)
	return time.Since(start), n, err
}

// reportSearch logs every filter and reports p50 and p99 of each class.
func reportSearch(b *testing.B, samples []searchSample) {
	byClass := map[string][]searchSample{}
	var classes []string
	var lines strings.Builder
	for _, sm := range samples {
		if byClass[sm.class] == nil {
			classes = append(classes, sm.class)
		}
		byClass[sm.class] = append(byClass[sm.class], sm)
		note := ""
		if sm.refused {
			note = "  refused"
		}
		fmt.Fprintf(&lines, "\n  %-13s %-60q page %8.1f ms (%2d rows)  count %9.1f ms (%d)%s", sm.class, sm.text,
			ms(sm.page), sm.rows, ms(sm.count), sm.matches, note)
	}
	var all []searchSample
	fmt.Fprintf(&lines, "\n  %-13s %5s %10s %10s %10s %10s", "class", "n", "page p50", "page p99", "count p50", "count p99")
	for _, c := range classes {
		all = append(all, byClass[c]...)
		p50, p99, c50, c99 := percentiles(byClass[c])
		fmt.Fprintf(&lines, "\n  %-13s %5d %10.1f %10.1f %10.1f %10.1f", c, len(byClass[c]), p50, p99, c50, c99)
	}
	p50, p99, c50, c99 := percentiles(all)
	fmt.Fprintf(&lines, "\n  %-13s %5d %10.1f %10.1f %10.1f %10.1f", "all", len(all), p50, p99, c50, c99)
	b.Log(lines.String())
	b.ReportMetric(p99, "page-p99-ms")
	b.ReportMetric(c99, "count-p99-ms")
}

// percentiles are p50 and p99 (nearest rank) of the page and count times
// in milliseconds.
func percentiles(ss []searchSample) (pageP50, pageP99, countP50, countP99 float64) {
	pages := make([]float64, len(ss))
	counts := make([]float64, len(ss))
	for i, sm := range ss {
		pages[i], counts[i] = ms(sm.page), ms(sm.count)
	}
	return rank(pages, 50), rank(pages, 99), rank(counts, 50), rank(counts, 99)
}

func rank(xs []float64, p int) float64 {
	if len(xs) == 0 {
		return 0
	}
	sort.Float64s(xs)
	i := (p*len(xs)+99)/100 - 1
	return xs[max(0, min(i, len(xs)-1))]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
