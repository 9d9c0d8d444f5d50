package cli

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/store"
	"github.com/trailview/trailview/internal/awscli"
)

// lookupScope is what an empty lookup-events answer searched.
type lookupScope struct {
	region   string
	category history.Category
	lookup   *history.LookupAttribute
	now      time.Time // the end of the 90-day window
}

func newLookupScope(region string, req awscli.LookupEventsRequest, now time.Time) lookupScope {
	sc := lookupScope{region: region, now: now}
	if valueOr(req.EventCategory, "") == "insight" {
		sc.category = history.Insight
	}
	if len(req.LookupAttributes) == 1 {
		sc.lookup = &req.LookupAttributes[0]
	}
	return sc
}

// outsideWindowHint tells, on stderr, that an empty answer is empty only
// because of the 90-day window: the store holds matching events older
// (an archive) or newer (--now in the past) than the window, and --now
// reaches them. Standard output stays exactly the CLI's. The hint is a
// courtesy: if counting fails, nothing is said and the answer stands.
func outsideWindowHint(ctx context.Context, env Env, st *store.Store, sc lookupScope) {
	start := sc.now.Add(-history.RetentionWindow)
	what := "events"
	if sc.category == history.Insight {
		what = "Insights events"
	}
	ranges := []struct {
		side       string
		start, end time.Time
	}{
		// Events without a time (time 0) are never in any window: left out.
		{"older", time.UnixMicro(1), start.Add(-time.Microsecond)},
		{"newer", sc.now.Add(time.Microsecond), time.Time{}},
	}
	for _, r := range ranges {
		q := history.Query{Region: sc.region, Category: sc.category, Lookup: sc.lookup, Start: r.start, End: r.end}
		n, err := st.Count(ctx, q)
		if err != nil || n == 0 {
			continue
		}
		oldest, err1 := st.Page(ctx, q, store.PageOptions{Before: &history.Cursor{TimeUS: math.MinInt64}, Limit: 1})
		newest, err2 := st.Page(ctx, q, store.PageOptions{Limit: 1})
		if err1 != nil || err2 != nil || len(oldest) == 0 || len(newest) == 0 {
			continue
		}
		last := newest[0].Time.UTC().Format(time.RFC3339)
		fmt.Fprintf(env.Stderr, "trailview lookup-events: no matching %s of %s in the 90 days ending %s (Event history's window); "+
			"the store holds %s %s, from %s to %s: add --now %s to search the 90 days ending with them\n",
			what, sc.region, sc.now.UTC().Format(time.RFC3339), count(n, "matching event", "matching events"), r.side,
			oldest[0].Time.UTC().Format(time.RFC3339), last, last)
	}
}

// noEvents reports whether an answer holds no event and no token to more.
func noEvents(pages [][]history.Event, nextToken string) bool {
	for _, p := range pages {
		if len(p) > 0 {
			return false
		}
	}
	return nextToken == ""
}
