package cli

import (
	"context"
	"path/filepath"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/store"
	"github.com/trailview/trailview/internal/realdata"
)

// realStore loads every real file; files the loader rejects (the folder
// holds a deliberately malformed one) are its own tests' business.
func realStore(t *testing.T) (string, *store.Store) {
	t.Helper()
	realDataDir := realdata.Dir(t)
	path := filepath.Join(t.TempDir(), "history.db")
	s, err := store.Open(context.Background(), path, store.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.Load(context.Background(), []string{realDataDir}, store.LoadOptions{}); err != nil {
		t.Fatalf("load real data: %v", err)
	}
	return path, s
}

// TestLookupEventsRealData checks every attribute key on real records
// against an oracle computed in Go from all events of the store: same
// events, same order, whether auto-paginated or paged by hand.
func TestLookupEventsRealData(t *testing.T) {
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
	// Each Region is looked at from just after its newest event, so that
	// the archive's years all come into some 90-day window.
	nowOf := map[string]time.Time{}
	for _, e := range all {
		if e.Time.Add(time.Minute).After(nowOf[e.Region]) {
			nowOf[e.Region] = e.Time.Add(time.Minute)
		}
	}
	byRegion := map[string][]history.Event{}
	for _, e := range all {
		now := nowOf[e.Region]
		if !e.Time.IsZero() && !e.Time.Before(now.Add(-history.RetentionWindow)) && !e.Time.After(now) {
			byRegion[e.Region] = append(byRegion[e.Region], e)
		}
	}
	if len(byRegion) < 20 {
		t.Fatalf("only %d Regions with events", len(byRegion))
	}
	for _, evs := range byRegion {
		sort.Slice(evs, func(i, j int) bool {
			if !evs[i].Time.Equal(evs[j].Time) {
				return evs[i].Time.After(evs[j].Time)
			}
			return evs[i].EventID > evs[j].EventID
		})
	}
	value := func(e *history.Event, key string) []string {
		switch key {
		case history.AttrEventID:
			return []string{e.EventID}
		case history.AttrEventName:
			return []string{e.EventName}
		case history.AttrEventSource:
			return []string{e.EventSource}
		case history.AttrReadOnly:
			return []string{e.ReadOnly}
		case history.AttrUsername:
			return []string{e.Username}
		case history.AttrAccessKeyID:
			return []string{e.AccessKeyID}
		}
		var out []string
		for _, r := range e.Resources {
			if key == history.AttrResourceName {
				out = append(out, r.Name)
			} else {
				out = append(out, r.Type)
			}
		}
		return out
	}
	checked := map[string]int{}
	regions := make([]string, 0, len(byRegion))
	for r := range byRegion {
		regions = append(regions, r)
	}
	sort.Strings(regions)
	for _, region := range regions {
		evs := byRegion[region]
		nowArg := nowOf[region].Format(time.RFC3339)
		var wantAll []string
		for _, e := range evs {
			wantAll = append(wantAll, e.EventID)
		}
		got := lookupOK(t, db, "--region", region, "--now", nowArg, "--page-size", "3")
		if !reflect.DeepEqual(got.ids(), wantAll) {
			t.Errorf("%s without attribute: %d events, want %d", region, len(got.Events), len(wantAll))
		}
		for _, key := range history.LookupKeys {
			// The value of the Region's newest event that has one.
			var val string
			for i := range evs {
				if vs := value(&evs[i], key); len(vs) > 0 && vs[len(vs)-1] != "" {
					val = vs[len(vs)-1]
					break
				}
			}
			if val == "" {
				continue
			}
			var want []string
			for i := range evs {
				for _, v := range value(&evs[i], key) {
					if v == val {
						want = append(want, evs[i].EventID)
						break
					}
				}
			}
			args := []string{"--region", region, "--now", nowArg, "--lookup-attributes", `[{"AttributeKey":"` + key + `","AttributeValue":` + jsonQuote(val) + `}]`}
			got := lookupOK(t, db, args...)
			if !reflect.DeepEqual(got.ids(), want) {
				t.Errorf("%s %s=%q: got %v, want %v", region, key, val, got.ids(), want)
			}
			if len(want) > 2 {
				var paged []string
				token := ""
				for {
					a := append(append([]string{}, args...), "--max-results", "2")
					if token != "" {
						a = append(a, "--next-token", token)
					}
					o := lookupOK(t, db, a...)
					paged = append(paged, o.ids()...)
					if token = o.NextToken; token == "" {
						break
					}
				}
				if !reflect.DeepEqual(paged, want) {
					t.Errorf("%s %s=%q paged by 2: got %v, want %v", region, key, val, paged, want)
				}
			}
			checked[key]++
		}
	}
	t.Logf("%d Regions; lookups checked per key: %v", len(regions), checked)
	for _, key := range history.LookupKeys {
		if checked[key] == 0 {
			t.Errorf("no real event to check attribute %s with", key)
		}
	}
}

func jsonQuote(s string) string {
	b := []byte{'"'}
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b = append(b, '\\', byte(r))
		case r < 0x20:
			b = append(b, []byte(`\u00`)...)
			b = append(b, "0123456789abcdef"[r>>4], "0123456789abcdef"[r&15])
		default:
			b = append(b, string(r)...)
		}
	}
	return string(append(b, '"'))
}
