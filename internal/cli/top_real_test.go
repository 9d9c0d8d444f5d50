package cli

import (
	"context"
	"encoding/json"
	"sort"
	"testing"
	"time"

	"github.com/trailview/trailview/filter"
	"github.com/trailview/trailview/history"
)

// allTime is a window holding every event of the real data.
var allTime = []string{"--region", "all", "--account", "all", "--start-time", "1970-01-01T00:00:00Z", "--end-time", "2100-01-01T00:00:00Z"}

func runAnalysis(t *testing.T, cmd Command, args ...string) (int, string, string) {
	t.Helper()
	env, out, errb := testEnv(t, nil)
	code := cmd(context.Background(), env, args)
	return code, out.String(), errb.String()
}

// expectedValues is an event's distinct values of a field, computed in Go
// from the event itself: the independent side of the comparison.
func expectedValues(f history.Field, e *history.Event) []string {
	seen := map[string]bool{}
	var out []string
	add := func(v string) {
		if v != "" && !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	switch f {
	case history.FieldResourceName:
		for _, r := range e.Resources {
			add(r.Name)
		}
	case history.FieldResourceType:
		for _, r := range e.Resources {
			add(r.Type)
		}
	case history.FieldReadOnly:
		add(e.ReadOnly)
	default:
		add(f.Value(e))
	}
	return out
}

// expectedTop computes top's document from events in Go.
func expectedTop(name string, f history.Field, events []history.Event) topJSON {
	type acc struct {
		n      int64
		lo, hi time.Time
	}
	byValue := map[string]*acc{}
	doc := topJSON{Field: name, Total: int64(len(events)), Values: []topValueJSON{}}
	for i := range events {
		e := &events[i]
		vals := expectedValues(f, e)
		if len(vals) == 0 {
			doc.Missing++
		}
		for _, v := range vals {
			a := byValue[v]
			if a == nil {
				a = &acc{lo: e.Time, hi: e.Time}
				byValue[v] = a
			}
			a.n++
			if e.Time.Before(a.lo) {
				a.lo = e.Time
			}
			if e.Time.After(a.hi) {
				a.hi = e.Time
			}
		}
	}
	doc.Distinct = int64(len(byValue))
	for v, a := range byValue {
		lo, hi := a.lo, a.hi
		if lo.IsZero() {
			lo = time.Unix(0, 0)
		}
		if hi.IsZero() {
			hi = time.Unix(0, 0)
		}
		doc.Values = append(doc.Values, topValueJSON{v, a.n, utcSecond(lo), utcSecond(hi)})
	}
	sort.Slice(doc.Values, func(i, j int) bool {
		a, b := doc.Values[i], doc.Values[j]
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		return a.Value < b.Value
	})
	return doc
}

// TestTopRealData compares 'trailview top' for every countable field with
// counts computed in Go from every management event of the real data.
func TestTopRealData(t *testing.T) {
	db, s := realStore(t)
	var all []history.Event
	err := s.Iterate(context.Background(), history.Query{Category: history.Management}, false, func(e *history.Event) error {
		c := *e
		c.Resources = append([]history.Resource(nil), e.Resources...)
		all = append(all, c)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) < 100 {
		t.Fatalf("only %d real events", len(all))
	}
	for _, name := range filter.FacetFieldNames() {
		f, _, _ := filter.FacetField(name)
		want := expectedTop(name, f, all)
		if want.Distinct == 0 {
			t.Logf("%s: no values in the real data", name)
		}
		args := append([]string{name, "--db", db, "--limit", "1000000", "--output", "json"}, allTime...)
		code, out, errb := runAnalysis(t, Top, args...)
		if code != ExitOK {
			t.Fatalf("top %s: exit %d: %s", name, code, errb)
		}
		var got topJSON
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("top %s: %v\n%s", name, err, out)
		}
		want.Start, want.End = got.Start, got.End
		if got.Total != want.Total || got.Missing != want.Missing || got.Distinct != want.Distinct || len(got.Values) != len(want.Values) {
			t.Errorf("top %s: total/missing/distinct/values %d/%d/%d/%d, want %d/%d/%d/%d", name,
				got.Total, got.Missing, got.Distinct, len(got.Values), want.Total, want.Missing, want.Distinct, len(want.Values))
			continue
		}
		for i := range want.Values {
			if got.Values[i] != want.Values[i] {
				t.Errorf("top %s: value %d is %+v, want %+v", name, i, got.Values[i], want.Values[i])
				break
			}
		}
	}
}

// TestTimelineRealData compares 'trailview timeline' per day and per hour
// with counts computed in Go from every management event of the real data.
func TestTimelineRealData(t *testing.T) {
	db, s := realStore(t)
	var lo, hi time.Time
	type counts struct{ events, errors int64 }
	var all []struct {
		at  time.Time
		err bool
	}
	err := s.Iterate(context.Background(), history.Query{Category: history.Management}, false, func(e *history.Event) error {
		if e.Time.IsZero() {
			return nil
		}
		if lo.IsZero() || e.Time.Before(lo) {
			lo = e.Time
		}
		if e.Time.After(hi) {
			hi = e.Time
		}
		all = append(all, struct {
			at  time.Time
			err bool
		}{e.Time, e.ErrorCode != ""})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range []struct {
		name string
		size time.Duration
	}{{"1d", 24 * time.Hour}, {"1h", time.Hour}} {
		start, end := lo.Truncate(b.size), hi
		if store := (end.Sub(start) / b.size); store > 100_000 {
			t.Logf("%s: window too long for this bucket", b.name)
			continue
		}
		want := map[string]counts{}
		for _, e := range all {
			k := utcSecond(e.at.Truncate(b.size))
			c := want[k]
			c.events++
			if e.err {
				c.errors++
			}
			want[k] = c
		}
		code, out, errb := runAnalysis(t, Timeline, "--db", db, "--region", "all", "--account", "all", "--bucket", b.name,
			"--start-time", start.Format(time.RFC3339Nano), "--end-time", end.Format(time.RFC3339Nano), "--output", "json")
		if code != ExitOK {
			t.Fatalf("timeline %s: exit %d: %s", b.name, code, errb)
		}
		var got timelineJSON
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("timeline %s: %v", b.name, err)
		}
		wantN := int(end.Truncate(b.size).Sub(start)/b.size) + 1
		if len(got.Buckets) != wantN {
			t.Errorf("timeline %s: %d buckets, want %d", b.name, len(got.Buckets), wantN)
		}
		var total int64
		for i, g := range got.Buckets {
			if g.Start != utcSecond(start.Add(time.Duration(i)*b.size)) {
				t.Fatalf("timeline %s: bucket %d starts %s, want %s", b.name, i, g.Start, utcSecond(start.Add(time.Duration(i)*b.size)))
			}
			if w := want[g.Start]; g.Events != w.events || g.Errors != w.errors {
				t.Errorf("timeline %s: bucket %s has %d events, %d errors; want %d, %d", b.name, g.Start, g.Events, g.Errors, w.events, w.errors)
			}
			total += g.Events
		}
		if total != int64(len(all)) {
			t.Errorf("timeline %s: %d events in all, want %d", b.name, total, len(all))
		}
	}
}
