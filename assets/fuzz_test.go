package assets

import (
	"encoding/json"
	"testing"
	"time"
)

// FuzzOptions checks that any options are either refused or give valid
// JSON records within the asked scope, without panicking.
func FuzzOptions(f *testing.F) {
	f.Add(uint64(1), 300, int64(90*24), "us-east-1", "111122223333", 4, true, false)
	f.Add(uint64(7), 0, int64(1), "eu-west-1", "123456789012", 0, false, true)
	f.Add(uint64(9), 250, int64(3), "", "1", 3, true, true)
	f.Fuzz(func(t *testing.T, seed uint64, events int, spanHours int64, region, account string, insights int, incident, padded bool) {
		if events > 2000 || insights > 50 || spanHours > 24*365*20 {
			return // keep each run small; the limits themselves are tested elsewhere
		}
		opts := Options{Seed: seed, Events: events, End: testNow, Span: time.Duration(spanHours) * time.Hour,
			Regions: []string{region}, Accounts: []string{account}, Insights: insights, Incident: incident, Padded: padded}
		n := 0
		err := Generate(opts, func(r *Record) error {
			n++
			if !json.Valid(r.JSON) {
				t.Fatalf("invalid JSON: %s", r.JSON)
			}
			if r.Region != region || r.Account != account || r.Time.After(testNow) || r.Time.Before(testNow.Add(-opts.Span)) {
				t.Fatalf("record out of scope: %s %s %v", r.Region, r.Account, r.Time)
			}
			return nil
		})
		if err != nil {
			return
		}
		if want := events + (insights+1)/2*2; n != want {
			t.Fatalf("%d records, want %d", n, want)
		}
	})
}
