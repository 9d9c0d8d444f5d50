package store_test

import (
	"context"
	"math/rand/v2"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/trailview/trailview/filter"
	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/store"
	"github.com/trailview/trailview/internal/filtergen"
)

// referenceResourceTop counts a resource field over q's events as read
// back (Event.Resources): each event once per distinct non-empty value.
func referenceResourceTop(t *testing.T, s *store.Store, q history.Query, typ bool, limit int) store.TopResult {
	t.Helper()
	events, err := s.Page(context.Background(), q, store.PageOptions{Limit: 1_000_000})
	if err != nil {
		t.Fatal(err)
	}
	var res store.TopResult
	res.Total = int64(len(events))
	byValue := map[string]*store.FacetValue{}
	for _, e := range events {
		seen := map[string]bool{}
		for _, r := range e.Resources {
			v := r.Name
			if typ {
				v = r.Type
			}
			if v == "" || seen[v] {
				continue
			}
			seen[v] = true
			fv := byValue[v]
			if fv == nil {
				fv = &store.FacetValue{Value: v, FirstSeen: e.Time, LastSeen: e.Time}
				byValue[v] = fv
			}
			fv.Count++
			if e.Time.Before(fv.FirstSeen) {
				fv.FirstSeen = e.Time
			}
			if e.Time.After(fv.LastSeen) {
				fv.LastSeen = e.Time
			}
		}
		if len(seen) == 0 {
			res.Missing++
		}
	}
	for _, fv := range byValue {
		res.Values = append(res.Values, *fv)
	}
	sort.Slice(res.Values, func(i, j int) bool {
		a, b := res.Values[i], res.Values[j]
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		return a.Value < b.Value
	})
	res.Distinct = int64(len(res.Values))
	if len(res.Values) > limit {
		res.Values = res.Values[:limit]
	}
	return res
}

// TestFilteredResourceTopCountsEachEventsResources checks the resource
// facets under a filter (counted from the events' resource lists) against
// the events read back.
func TestFilteredResourceTopCountsEachEventsResources(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	loadRecords(t, s, filtergen.Records(rand.New(rand.NewPCG(11, 12)), 1500, summaryBase))
	rng := rand.New(rand.NewPCG(13, 14))
	withValues := 0
	for i := 0; i < 80; i++ {
		q := randomSummaryQuery(rng)
		text := []string{"user:alice", "error:AccessDenied", "event:Decrypt", "source:kms.amazonaws.com", "type:AWS::KMS::Key", "-user:bob"}[rng.IntN(6)]
		f, err := filter.Compile(text, summaryBase)
		if err != nil {
			t.Fatal(err)
		}
		q.Pred = f.Pred
		typ := rng.IntN(2) == 0
		field := history.FieldResourceName
		if typ {
			field = history.FieldResourceType
		}
		limit := 1 + rng.IntN(5)
		got, err := s.Top(ctx, q, field, limit)
		if err != nil {
			t.Fatal(err)
		}
		want := referenceResourceTop(t, s, q, typ, limit)
		for i := range got.Values { // Page gives times to the second
			got.Values[i].FirstSeen = got.Values[i].FirstSeen.Truncate(time.Second)
			got.Values[i].LastSeen = got.Values[i].LastSeen.Truncate(time.Second)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("top %v with %q over %+v:\n got %+v\nwant %+v", field, text, q, got, want)
		}
		if len(got.Values) > 0 {
			withValues++
		}
	}
	if withValues < 20 {
		t.Fatalf("only %d of 80 queries found resources: the test checks too little", withValues)
	}
}
