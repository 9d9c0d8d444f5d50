package ui

import (
	"context"
	"errors"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/store"
)

// bucketSize is one size the strip can count by.
type bucketSize struct {
	name string
	d    time.Duration
}

// bucketSizes are the strip's sizes, smallest first: minute to day as the
// issue asks, then a few days for a 90-day window on a narrow terminal,
// where even a day per column would not fit. Every size divides into the
// Unix epoch's grid, so bucket starts are UTC-aligned as the timeline
// command's.
var bucketSizes = []bucketSize{
	{"1m", time.Minute}, {"5m", 5 * time.Minute}, {"15m", 15 * time.Minute}, {"30m", 30 * time.Minute},
	{"1h", time.Hour}, {"3h", 3 * time.Hour}, {"6h", 6 * time.Hour}, {"12h", 12 * time.Hour},
	{"1d", 24 * time.Hour}, {"2d", 48 * time.Hour}, {"7d", 7 * 24 * time.Hour},
}

// chooseBucket is the smallest size whose buckets over [start, end] fit
// in cols columns, else the largest.
func chooseBucket(start, end time.Time, cols int) bucketSize {
	for _, b := range bucketSizes {
		if store.TimelineBuckets(start, end, b.d) <= int64(cols) {
			return b
		}
	}
	return bucketSizes[len(bucketSizes)-1]
}

// timelineMsg is the answer to one timeline query, tagged with the
// strip's sequence number.
type timelineMsg struct {
	seq     int
	size    bucketSize
	buckets []store.TimeBucket
	err     error
}

// errUnbounded: the timeline counts buckets across a window, which needs
// both ends.
var errUnbounded = errors.New("the timeline needs a time range with a start and an end (t sets one)")

// timelineStrip is the docked strip of events per time bucket above the
// table. Like the facets panel it is not an overlay: it gets the keys only
// while it has the focus.
type timelineStrip struct {
	size    bucketSize
	buckets []store.TimeBucket
	cursor  int // the bucket arrows move across; -1 until placed
	seq     int
	forSeq  int // the root's query state the last query was for
	forCols int // the columns the bucket size was chosen for
	loading bool
	err     string
	keys    timelineKeyMap
}

// timelineKeyMap is the strip's keys while it has the focus.
type timelineKeyMap struct {
	Left, Right, First, Last key.Binding
	Narrow, Back             key.Binding
}

func newTimelineKeyMap() timelineKeyMap {
	return timelineKeyMap{
		Left:   bind([]string{"left", "h"}, "←/h", "earlier bucket"),
		Right:  bind([]string{"right", "l"}, "→/l", "later bucket"),
		First:  bind([]string{"home", "g"}, "g/home", "first bucket"),
		Last:   bind([]string{"end", "G"}, "G/end", "last bucket"),
		Narrow: bind([]string{"enter"}, "enter", "narrow the window to the bucket"),
		Back:   bind([]string{"esc"}, "esc", "back to the table"),
	}
}

// ShortHelp is the footer while the strip has the focus.
func (k timelineKeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Left, k.Right, k.Narrow, k.Back}
}

// FullHelp lists every key of the strip.
func (k timelineKeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Left, k.Right, k.First, k.Last, k.Narrow, k.Back}}
}

func newTimelineStrip() *timelineStrip {
	return &timelineStrip{keys: newTimelineKeyMap(), cursor: -1, forSeq: -1}
}

// fetch counts q's events per bucket, the size chosen to fit cols.
func (s *timelineStrip) fetch(ctx context.Context, st *store.Store, q history.Query, rootSeq, cols int) tea.Cmd {
	s.seq++
	s.forSeq, s.forCols, s.loading, s.err = rootSeq, cols, true, ""
	seq := s.seq
	if q.Start.IsZero() || q.End.IsZero() {
		return func() tea.Msg { return timelineMsg{seq: seq, err: errUnbounded} }
	}
	size := chooseBucket(q.Start, q.End, cols)
	return func() tea.Msg {
		b, err := st.Timeline(ctx, q, size.d)
		return timelineMsg{seq: seq, size: size, buckets: b, err: err}
	}
}

// receive takes an answer unless a newer query was asked since. The
// cursor stays on the same time when it can.
func (s *timelineStrip) receive(msg timelineMsg) {
	if msg.seq != s.seq {
		return
	}
	s.loading = false
	if msg.err != nil {
		if !isCancel(msg.err) {
			s.err, s.buckets = msg.err.Error(), nil
		}
		return
	}
	at := time.Time{}
	if s.cursor >= 0 && s.cursor < len(s.buckets) {
		at = s.buckets[s.cursor].Start
	}
	s.size, s.buckets, s.err = msg.size, msg.buckets, ""
	s.cursor = -1
	if !at.IsZero() {
		s.cursor = s.bucketOf(at)
	}
}

// bucketOf is the index of the bucket holding t, -1 outside the window.
func (s *timelineStrip) bucketOf(t time.Time) int {
	if len(s.buckets) == 0 || s.size.d <= 0 || t.Before(s.buckets[0].Start) {
		return -1
	}
	i := int(t.Sub(s.buckets[0].Start) / s.size.d)
	if i >= len(s.buckets) {
		return -1
	}
	return i
}

// bucketWindow is bucket i as a window: LookupEvents' EndTime is
// inclusive (the store's too), so the window ends a microsecond before
// the next bucket starts and no event is counted twice.
func (s *timelineStrip) bucketWindow(i int) history.Window {
	start := s.buckets[i].Start
	return history.Window{Start: start, End: start.Add(s.size.d - time.Microsecond)}
}

// key handles a key while the strip has the focus: a new window to report
// (rangeChosen), whether to give the focus back, and ok false for keys it
// does not use. selected is the bucket of the table's selected row, where
// the cursor starts.
func (s *timelineStrip) key(msg tea.KeyPressMsg, selected int) (result tea.Msg, blur, ok bool) {
	k, n := s.keys, len(s.buckets)
	if n == 0 {
		// Nothing counted yet: the keys are the strip's, but there is
		// nothing to move across.
		return nil, key.Matches(msg, k.Back), key.Matches(msg, k.Left, k.Right, k.First, k.Last, k.Narrow, k.Back)
	}
	if s.cursor < 0 || s.cursor >= n {
		s.cursor = selected
		if s.cursor < 0 {
			s.cursor = n - 1 // the newest bucket, as the table starts at the newest event
		}
	}
	switch {
	case key.Matches(msg, k.Left):
		s.cursor = max(s.cursor-1, 0)
	case key.Matches(msg, k.Right):
		s.cursor = min(s.cursor+1, n-1)
	case key.Matches(msg, k.First):
		s.cursor = 0
	case key.Matches(msg, k.Last):
		s.cursor = n - 1
	case key.Matches(msg, k.Narrow):
		if s.loading || s.cursor < 0 {
			return nil, false, true // the buckets on screen are not the answer yet
		}
		return rangeChosen{win: s.bucketWindow(s.cursor), label: "timeline bucket " + s.size.name}, false, true
	case key.Matches(msg, k.Back):
		return nil, true, true
	default:
		return nil, false, false
	}
	return nil, false, true
}
