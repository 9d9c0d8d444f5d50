package live

import (
	"time"

	"github.com/trailview/trailview/history"
)

// Progress is the state of one Region and category of a fetch.
type Progress struct {
	Region   string
	Category history.Category
	State    string // "waiting", "fetching", "done", "skipped" or "failed"
	// From and To bound what this run fetches; Oldest is how far back
	// (newest first) it has got, zero before the first event.
	From, To   time.Time
	Oldest     time.Time
	Added      int   // events new to the store
	Duplicates int   // events the store already had (overlaps, resumed pages)
	Rejected   int   // events that could not be read
	Pages      int   // pages committed
	Requests   int64 // HTTP requests, retries included
	Retries    int   // pages asked again after the SDK gave up
	Elapsed    time.Duration
	Fraction   float64       // share of the time span done, 0..1
	ETA        time.Duration // -1 while unknown
	Note       string        // the latest notable event (back-off, skipped Region)
	Err        error         // why the Region failed (an *Error)
}

// ReqPerSec is the request rate so far.
func (p Progress) ReqPerSec() float64 {
	if s := p.Elapsed.Seconds(); s > 0 {
		return float64(p.Requests) / s
	}
	return 0
}

// tracker updates one Progress as the fetch goes.
type tracker struct {
	p        Progress
	start    time.Time
	total    time.Duration // sum of the spans to fetch
	finished time.Duration // of which in completed spans
	cur      span          // the span being fetched
	client   *pacedClient
	reqBase  int64 // requests the client had made before this category
	report   func(Progress)
}

func (t *tracker) update() {
	t.p.Elapsed = time.Since(t.start)
	if t.client != nil {
		t.p.Requests = t.client.requests.Load() - t.reqBase
	}
	done := t.finished
	if !t.p.Oldest.IsZero() && t.p.Oldest.Before(t.cur.to) {
		done += t.cur.to.Sub(maxTime(t.p.Oldest, t.cur.from))
	}
	t.p.Fraction, t.p.ETA = 1, 0
	if t.total > 0 {
		t.p.Fraction = min(float64(done)/float64(t.total), 1)
		t.p.ETA = -1
		if t.p.Fraction > 0 {
			t.p.ETA = time.Duration(float64(t.p.Elapsed) * (1 - t.p.Fraction) / t.p.Fraction)
		}
	}
	if t.p.State == "done" {
		t.p.Fraction, t.p.ETA = 1, 0
	}
	if t.report != nil {
		t.report(t.p)
	}
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
