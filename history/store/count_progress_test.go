package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/trailview/trailview/filter"
	"github.com/trailview/trailview/history"
)

// TestCountProgressAgreesWithCount: counting the window part by part
// gives Count's answer, and every partial answer is a lower bound that
// never goes down.
func TestCountProgressAgreesWithCount(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)
	s, events := propertyStore(t, now)
	oldest, newest := now, time.Unix(0, 0)
	for _, e := range events {
		if !e.Time.IsZero() {
			oldest, newest = minTime(oldest, e.Time), maxTime(newest, e.Time)
		}
	}
	ctx := context.Background()
	partials := 0
	for _, text := range []string{"", "-error:*", "aws", "event:Get*", "readonly:true"} {
		f, err := filter.Compile(text, now)
		if err != nil {
			t.Fatal(err)
		}
		q := history.Query{Category: history.Management, Start: oldest, End: newest, Pred: f.Pred}
		want, err := s.Count(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		var last int64
		got, err := s.CountProgress(ctx, q, 0, func(n int64) {
			if n < last || n > want {
				t.Errorf("filter %q: partial count %d after %d, total %d", text, n, last, want)
			}
			last = n
			partials++
		})
		if err != nil || got != want {
			t.Errorf("filter %q: CountProgress %d (%v), Count %d", text, got, err, want)
		}
	}
	if partials == 0 {
		t.Error("no partial answer")
	}
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
