package cli

import (
	"context"
	"testing"
	"time"

	"github.com/trailview/trailview/filter"
	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/store"
	"github.com/trailview/trailview/internal/benchstore"
)

// Goal (issue 17): Top and Timeline under 200 ms on benchstore's
// 1,000,000 events, the 90-day window; each runs for one Region (the
// default scope, which the scope index narrows) and for every Region (the
// worst case: the whole table).
var benchScopes = []string{"us-east-1", "all"}

// benchFilters are none, the browser's default attribute (Read-only =
// false, which the summaries answer too) and one field term each: a term
// goes through the events (its index, when it has one).
var benchFilters = []struct{ name, text string }{
	{"none", ""}, {"rofalse", roFalseLookup}, {"user", "user:alice.admin"}, {"error", "error:AccessDenied"}, {"event", "event:ConsoleLogin"},
}

// roFalseLookup stands for the lookup attribute Read-only = false in
// benchFilters, not for filter text.
const roFalseLookup = "\x00lookup ReadOnly=false"

// withFilter sets q's predicate to text's.
func withFilter(b *testing.B, q history.Query, text string) history.Query {
	if text == "" {
		return q
	}
	if text == roFalseLookup {
		q.Lookup = &history.LookupAttribute{Key: history.AttrReadOnly, Value: "false"}
		return q
	}
	f, err := filter.Compile(text, benchstore.Now)
	if err != nil {
		b.Fatal(err)
	}
	q.Pred = f.Pred
	return q
}

func benchAnalysis(b *testing.B, region string) (*store.Store, history.Query) {
	b.Helper()
	s, err := store.Open(context.Background(), benchstore.Path(b, 1_000_000), store.OpenOptions{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	end := benchstore.Now
	q := history.Query{Region: region, Category: history.Management, Start: end.Add(-history.RetentionWindow), End: end}
	if region == "all" {
		q.Region = ""
	}
	return s, q
}

func BenchmarkTop1M(b *testing.B) {
	for _, region := range benchScopes {
		for _, flt := range benchFilters {
			for _, name := range filter.FacetFieldNames() {
				b.Run(region+"/"+flt.name+"/"+name, func(b *testing.B) {
					s, q := benchAnalysis(b, region)
					q = withFilter(b, q, flt.text)
					f, _, _ := filter.FacetField(name)
					var res store.TopResult
					for b.Loop() {
						var err error
						if res, err = s.Top(context.Background(), q, f, 20); err != nil {
							b.Fatal(err)
						}
					}
					b.ReportMetric(float64(res.Distinct), "distinct")
				})
			}
		}
	}
}

func BenchmarkTimeline1M(b *testing.B) {
	for _, region := range benchScopes {
		for _, flt := range benchFilters {
			for _, c := range []struct {
				name string
				size time.Duration
			}{{"1d", 24 * time.Hour}, {"1h", time.Hour}} {
				b.Run(region+"/"+flt.name+"/"+c.name, func(b *testing.B) {
					s, q := benchAnalysis(b, region)
					q = withFilter(b, q, flt.text)
					for b.Loop() {
						if _, err := s.Timeline(context.Background(), q, c.size); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		}
	}
}
