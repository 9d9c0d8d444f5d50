package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/trailview/trailview/history"
)

// TestDossierResourcesCountEachEventsNames: the dossier's resources
// touched are the subject's events' resource names, each event counted
// once per distinct name, most used first, ties by name.
func TestDossierResourcesCountEachEventsNames(t *testing.T) {
	now := time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)
	s, events := propertyStore(t, now)
	perUser := map[string]map[string]int64{}
	for i := range events {
		e := &events[i]
		if e.Username == "" || e.Category != history.Management {
			continue
		}
		m := perUser[e.Username]
		if m == nil {
			m = map[string]int64{}
			perUser[e.Username] = m
		}
		seen := map[string]bool{}
		for _, r := range e.Resources {
			if r.Name != "" && !seen[r.Name] {
				seen[r.Name] = true
				m[r.Name]++
			}
		}
	}
	checked := 0
	for user, want := range perUser {
		if len(want) == 0 || len(want) > 50 {
			continue
		}
		d, err := s.Who(context.Background(), history.WhoQuery{Kind: history.SubjectUser, Value: user})
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Resources) != len(want) {
			t.Fatalf("user %q: %d resources, want %d", user, len(d.Resources), len(want))
		}
		for i, v := range d.Resources {
			if want[v.Value] != v.Count {
				t.Errorf("user %q: resource %q counted %d, want %d", user, v.Value, v.Count, want[v.Value])
			}
			if i > 0 {
				p := d.Resources[i-1]
				if p.Count < v.Count || (p.Count == v.Count && p.Value > v.Value) {
					t.Errorf("user %q: %v before %v", user, p, v)
				}
			}
		}
		checked++
	}
	if checked == 0 {
		t.Fatal("no user with resources to check")
	}
}
