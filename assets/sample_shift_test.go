package assets

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"
)

// sampleFacts is what a user sees of a sample event besides its time.
type sampleFacts struct {
	name, user, key, region, account, ip string
}

// sampleByID generates the sample ending at end and returns each record's
// facts and time by eventID. Under the race detector, where generating is
// several times slower, the sample has fewer events.
func sampleByID(t *testing.T, end time.Time) (map[string]sampleFacts, map[string]time.Time) {
	t.Helper()
	facts, times := map[string]sampleFacts{}, map[string]time.Time{}
	opts := SampleOptions(end)
	if raceDetector {
		opts.Events = 4000
	}
	err := Generate(opts, func(r *Record) error {
		var m struct {
			EventID, EventName, EventTime, AWSRegion, SourceIPAddress, RecipientAccountID string
			UserIdentity                                                                  struct {
				Type, UserName, ARN, PrincipalID, AccessKeyID string
			}
			InsightDetails struct{ EventName string }
		}
		if err := json.Unmarshal(r.JSON, &m); err != nil {
			return err
		}
		at, err := time.Parse(time.RFC3339, m.EventTime)
		if err != nil {
			return err
		}
		if _, dup := facts[m.EventID]; dup {
			return fmt.Errorf("event ID %s twice", m.EventID)
		}
		u := m.UserIdentity
		facts[m.EventID] = sampleFacts{name: m.EventName + m.InsightDetails.EventName,
			user: u.Type + "|" + u.UserName + "|" + u.ARN + "|" + u.PrincipalID, key: u.AccessKeyID,
			region: m.AWSRegion, account: m.RecipientAccountID, ip: m.SourceIPAddress}
		times[m.EventID] = at
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return facts, times
}

// TestSampleSameEventsEveryHour: the sample generated at any clock hour holds
// the same events (IDs, names, users, access keys, Regions, accounts,
// addresses), each moved by exactly the time between the two hours.
func TestSampleSameEventsEveryHour(t *testing.T) {
	base := testNow.Truncate(time.Hour)
	facts, times := sampleByID(t, base)
	if want := SampleEvents + SampleOptions(base).Insights; len(facts) != want && !raceDetector {
		t.Fatalf("%d records, want %d", len(facts), want)
	}
	// The next hour, across a night and into the next day, and a week and
	// a half later (other weekdays, another month).
	for _, shift := range []time.Duration{time.Hour, 13 * time.Hour, 10*24*time.Hour + 7*time.Hour} {
		facts2, times2 := sampleByID(t, base.Add(shift))
		same, moved := 0, 0
		for id, f := range facts {
			f2, ok := facts2[id]
			if !ok {
				continue
			}
			same++
			if f2 != f {
				t.Errorf("+%v: event %s is %+v, was %+v", shift, id, f2, f)
			}
			if times2[id].Sub(times[id]) == shift {
				moved++
			}
		}
		if same != len(facts) || len(facts2) != len(facts) || moved != same {
			t.Errorf("+%v: %d of %d event IDs kept (%d now), %d moved by exactly %v", shift, same, len(facts), len(facts2), moved, shift)
		}
	}
}
