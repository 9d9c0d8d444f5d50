package assets

import (
	"math"
	"time"
)

// timeline spreads the events over (End-Span, End] hour by hour, more in
// working hours than at night or at weekends, the rhythm of a real
// account. Each hour's count is fixed by the options alone and each hour
// draws from its own random stream, so any range of hours can be generated
// on its own (OpenSample loads the newest days first) and still give the
// same bytes as a full generation.
type timeline struct {
	start, end time.Time
	hours      int
	first      []int // first[h] = index of hour h's first event; first[hours] = n
}

// rhythm maps a time to the one whose activity it has (gen.rhythm).
func newTimeline(end time.Time, span time.Duration, n int, rhythm func(time.Time) time.Time) *timeline {
	start := end.Add(-span)
	hours := int(math.Ceil(span.Hours()))
	tl := &timeline{start: start, end: end, hours: hours, first: make([]int, hours+1)}
	cum := make([]float64, hours+1)
	total := 0.0
	for h := range hours {
		w := activity(rhythm(start.Add(time.Duration(h) * time.Hour)))
		w *= float64(tl.hourLen(h)) / 3600 // the last hour may be partial
		total += w
		cum[h+1] = total
	}
	for h := range hours {
		c := int(math.Round(float64(n) * cum[h] / total))
		// The last hour keeps at least one event: the newest event is
		// always at End.
		tl.first[h] = min(c, max(n-1, 0))
	}
	tl.first[hours] = n
	return tl
}

// hourLen is the length of hour h in seconds.
func (tl *timeline) hourLen(h int) int64 {
	if h == tl.hours-1 {
		return int64(tl.end.Sub(tl.start.Add(time.Duration(h)*time.Hour)) / time.Second)
	}
	return 3600
}

func (tl *timeline) hourStart(h int) time.Time {
	return tl.start.Add(time.Duration(h) * time.Hour)
}

// hourOf is the hour holding t, clamped to the timeline.
func (tl *timeline) hourOf(t time.Time) int {
	h := int(t.Sub(tl.start) / time.Hour)
	return min(max(h, 0), tl.hours-1)
}

// activity is the relative event rate at t (UTC): automation never sleeps,
// people work from 07:00 to 21:00 on weekdays (Europe and the US overlap).
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
