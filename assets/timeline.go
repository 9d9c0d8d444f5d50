package assets

import (
	"math"
	"time"
)

// timeline maps a position p in [0,1] to a time in (End-Span, End] so that
// evenly spread positions land more often in working hours than at night
// or at weekends, the rhythm of a real account. It is an inverse CDF over
// hourly buckets; positions are asked for in increasing order, so a moving
// cursor replaces a search.
type timeline struct {
	start  time.Time
	span   float64   // seconds
	cum    []float64 // cum[i] = weight of buckets before i, normalized to 1 at the end
	cursor int
}

func newTimeline(end time.Time, span time.Duration) *timeline {
	start := end.Add(-span)
	n := int(math.Ceil(span.Hours()))
	tl := &timeline{start: start, span: span.Seconds(), cum: make([]float64, n+1)}
	total := 0.0
	for i := range n {
		w := activity(start.Add(time.Duration(i) * time.Hour))
		if i == n-1 { // the last bucket may be partial
			w *= span.Hours() - float64(n-1)
		}
		total += w
		tl.cum[i+1] = total
	}
	for i := range tl.cum {
		tl.cum[i] /= total
	}
	return tl
}

// activity is the relative event rate at t (UTC): automation never sleeps,
// people work from 07:00 to 19:00 on weekdays (Europe and the US overlap).
func activity(t time.Time) float64 {
	h := t.Hour()
	switch t.Weekday() {
	case time.Saturday, time.Sunday:
		return 0.35
	}
	switch {
	case h >= 13 && h < 18:
		return 1.4
	case h >= 7 && h < 21:
		return 1.0
	}
	return 0.35
}

func (tl *timeline) at(p float64) time.Time {
	if p >= 1 {
		return tl.start.Add(time.Duration(tl.span * float64(time.Second)))
	}
	for tl.cursor < len(tl.cum)-2 && tl.cum[tl.cursor+1] <= p {
		tl.cursor++
	}
	lo, hi := tl.cum[tl.cursor], tl.cum[tl.cursor+1]
	frac := 0.0
	if hi > lo {
		frac = (p - lo) / (hi - lo)
	}
	sec := (float64(tl.cursor) + frac) * 3600
	if sec > tl.span {
		sec = tl.span
	}
	// Whole seconds, as CloudTrail writes eventTime; never before start.
	return tl.start.Add(time.Duration(math.Floor(sec)) * time.Second)
}
