package ui

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/trailview/trailview/filter"
	"github.com/trailview/trailview/history"
)

// windowMsg is a Region's default window, asked for after a Region change.
type windowMsg struct {
	seq    int // the query state it was asked for
	region string
	win    history.Window
	err    error
}

// windowFor fetches the default window of region, then requeries.
func (m *Model) windowFor(region string) tea.Cmd {
	counts := fetchScopes(m.ctx, m.st, region) // accounts of the new Region
	if m.q.explicit {
		return tea.Batch(m.requery(), counts)
	}
	m.beginLoading() // the rows shown are the old Region's until the window is known
	ctx, st, now, seq := m.queryCtx(), m.st, m.opts.Now(), m.seq
	return tea.Batch(counts, func() tea.Msg {
		win, err := st.DefaultWindow(ctx, region, now)
		return windowMsg{seq: seq, region: region, win: win, err: err}
	})
}

// handleWindow applies a Region's default window and runs the query,
// unless the query state moved on (another Region, or esc).
func (m *Model) handleWindow(msg windowMsg) tea.Cmd {
	if msg.seq != m.seq || msg.region != m.q.region {
		return nil
	}
	if msg.err != nil {
		m.setStatus(msg.err.Error(), true)
	}
	m.setDefaultWindow(msg.win)
	return m.requery()
}

// presets are the relative ranges (spec 4.1, plus 3h, 7d, 30d and 90d).
var presets = []struct {
	label string
	d     time.Duration
}{
	{"30 minutes", 30 * time.Minute}, {"1 hour", time.Hour}, {"3 hours", 3 * time.Hour},
	{"12 hours", 12 * time.Hour}, {"1 day", 24 * time.Hour}, {"7 days", 7 * 24 * time.Hour},
	{"30 days", 30 * 24 * time.Hour}, {"90 days", history.RetentionWindow},
}

// The time range dialog's results.
type (
	// defaultWindowChosen goes back to the Region's default window.
	defaultWindowChosen struct{}
	// lastChosen is a relative range: the d before each query.
	lastChosen struct {
		d     time.Duration
		label string
	}
	// rangeChosen is a fixed range; the zero window is everything.
	rangeChosen struct {
		win   history.Window
		label string
	}
)

// newTimePicker offers relative presets, a custom relative or absolute
// range and the default window. Times without a zone are read in loc, the
// zone the screen shows (zone names it), at the clock now.
func newTimePicker(zone string, now func() time.Time, loc *time.Location, s Styles) *picker {
	p := newPicker("Time range", s)
	for _, pr := range presets {
		p.items = append(p.items, pickItem{label: "Last " + pr.label, value: pr.d.String()})
	}
	p.items = append(p.items,
		pickItem{label: "Custom relative (e.g. 45m, 6h, 2d12h, 3w)", value: "relative", prompt: "last"},
		// The prompt names the zone a time without one is read in (z).
		pickItem{label: "Custom absolute (START .. END)", value: "absolute", prompt: "from .. to (" + zone + ")"},
		pickItem{label: "Default (90 days, or the archive's last 90)", value: "default"},
		pickItem{label: "Everything in the store", value: "all"},
	)
	p.cursor = len(presets) - 1
	p.decide = func(it pickItem, value string) (tea.Msg, error) {
		switch it.value {
		case "default":
			return defaultWindowChosen{}, nil
		case "all":
			return rangeChosen{label: "everything"}, nil
		case "relative":
			d, err := filter.ParseDuration(strings.TrimSpace(value))
			if err != nil {
				return nil, fmt.Errorf("cannot read %q: %v; write an amount and a unit, as in 45m, 6h, 2d, 2d12h or 3w", strings.TrimSpace(value), err)
			}
			return lastChosen{d: d, label: "last " + strings.TrimSpace(value)}, nil
		case "absolute":
			w, err := parseAbsolute(value, now(), loc)
			if err != nil {
				return nil, err
			}
			return rangeChosen{win: w, label: "custom"}, nil
		}
		d, _ := time.ParseDuration(it.value)
		return lastChosen{d: d, label: strings.ToLower(it.label)}, nil
	}
	return p
}

// setLast sets a relative range: the d before each query, or, for an
// archive, the d before its newest event (a range ending now would show
// an old incident as empty [U: the console has no archives; our choice]).
func (m *Model) setLast(d time.Duration, label string) {
	if m.q.win.Archive && !m.q.explicit {
		end := m.q.win.End
		m.setRange(history.Window{Start: end.Add(-d), End: end}, label)
		return
	}
	m.q.win, m.q.rel, m.q.winLabel, m.q.explicit = history.Window{}, d, label, true
}

// setRange sets a fixed range; the zero window is everything.
func (m *Model) setRange(w history.Window, label string) {
	m.q.win, m.q.rel, m.q.winLabel, m.q.explicit = w, 0, label, true
}

// parseAbsolute reads "START .. END", each side any form the filter's
// after: takes (filter.ParseTime: the AWS CLI's forms, plus now), in loc
// when it has no zone. An open side ("2026-11-01 ..") is unbounded, and a
// bare date as the end takes the whole day.
func parseAbsolute(s string, now time.Time, loc *time.Location) (history.Window, error) {
	a, b, ok := strings.Cut(s, "..")
	if !ok {
		day := now.In(loc).Truncate(time.Hour)
		return history.Window{}, fmt.Errorf("write START .. END, as in %s .. %s, or %s .. now",
			day.AddDate(0, 0, -1).Format("2006-01-02"), day.Format("2006-01-02 15:04"), day.Add(-6*time.Hour).Format("2006-01-02T15:04Z07:00"))
	}
	var w history.Window
	var err error
	if w.Start, err = parseSide(a, now, loc, false); err != nil {
		return w, err
	}
	if w.End, err = parseSide(b, now, loc, true); err != nil {
		return w, err
	}
	if !w.Start.IsZero() && !w.End.IsZero() && w.Start.After(w.End) {
		return w, fmt.Errorf("the start is after the end")
	}
	return w, nil
}

// bareDate is a date without a time of day.
var bareDate = regexp.MustCompile(`^\d{4}-\d{1,2}-\d{1,2}$`)

// parseSide reads one side of a range; a bare date ends at the end of the
// day when it is the range's end.
func parseSide(s string, now time.Time, loc *time.Location, isEnd bool) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	t, err := filter.ParseTime(s, now, loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("cannot read %q: %w", s, err)
	}
	if isEnd && bareDate.MatchString(s) {
		t = t.AddDate(0, 0, 1).Add(-time.Microsecond)
	}
	return t, nil
}
