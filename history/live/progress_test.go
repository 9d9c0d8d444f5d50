package live

import (
	"testing"
	"time"
)

func TestProgressFractionAndETA(t *testing.T) {
	at := func(h int) time.Time { return time.Date(2026, 1, 1, h, 0, 0, 0, time.UTC) }
	var got Progress
	tr := &tracker{start: time.Now().Add(-10 * time.Second), report: func(p Progress) { got = p }}
	// Two spans to fetch: 4 h done already, now half way through 8 h.
	tr.total = 12 * time.Hour
	tr.finished = 4 * time.Hour
	tr.cur = span{at(0), at(8)}
	tr.p.State = "fetching"
	tr.p.Oldest = at(4)
	tr.p.Requests = 20
	tr.update()
	if got.Fraction < 0.66 || got.Fraction > 0.67 {
		t.Errorf("fraction %v, want 2/3", got.Fraction)
	}
	if got.ETA < 4*time.Second || got.ETA > 6*time.Second {
		t.Errorf("ETA %v, want about 5s (10s for two thirds)", got.ETA)
	}
	if r := got.ReqPerSec(); r < 1.5 || r > 2.1 {
		t.Errorf("rate %v", r)
	}
	// Before any event, the ETA is unknown rather than zero.
	tr.finished, tr.p.Oldest = 0, time.Time{}
	tr.update()
	if got.Fraction != 0 || got.ETA != -1 {
		t.Errorf("at the start: %v %v", got.Fraction, got.ETA)
	}
	tr.p.State = "done"
	tr.update()
	if got.Fraction != 1 || got.ETA != 0 {
		t.Errorf("done: %v %v", got.Fraction, got.ETA)
	}
}
