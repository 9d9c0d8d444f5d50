package ui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/trailview/trailview/history"
)

// windowMsg is a Region's default window, asked for after a Region change.
type windowMsg struct {
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
	ctx, st, now := m.ctx, m.st, m.now
	m.tbl.resetting = true
	return tea.Batch(counts, func() tea.Msg {
		win, err := defaultWindow(ctx, st, region, now)
		return windowMsg{region: region, win: win, err: err}
	})
}

func (m *Model) handleWindow(msg windowMsg) tea.Cmd {
	if msg.region != m.q.region {
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

// timePicker offers relative presets, a custom relative or absolute range
// and the default window. Relative ranges end now, or, for an archive
// (newest event older than 90 days), at its newest event: a relative
// range ending now would show an old incident as empty [U: the console
// has no archives; our choice].
func (m *Model) timePicker() picker {
	p := picker{title: "Time range"}
	for _, pr := range presets {
		p.items = append(p.items, pickItem{label: "Last " + pr.label, value: pr.d.String()})
	}
	p.items = append(p.items,
		pickItem{label: "Custom relative (e.g. 45m, 6h, 2d, 3w)", value: "relative", prompt: "last"},
		pickItem{label: "Custom absolute (START .. END)", value: "absolute", prompt: "from .. to"},
		pickItem{label: "Default (90 days, or the archive's last 90)", value: "default"},
		pickItem{label: "Everything in the store", value: "all"},
	)
	p.cursor = len(presets) - 1
	p.choose = func(m *Model, it pickItem, value string) (tea.Cmd, error) {
		end := m.anchor()
		switch it.value {
		case "default":
			m.q.explicit = false
			return m.windowFor(m.q.region), nil
		case "all":
			m.setRange(history.Window{}, "everything")
		case "relative":
			d, err := parseAmount(value)
			if err != nil {
				return nil, err
			}
			m.setRange(history.Window{Start: end.Add(-d), End: end}, "last "+strings.TrimSpace(value))
		case "absolute":
			w, err := parseAbsolute(value, m.location())
			if err != nil {
				return nil, err
			}
			m.setRange(w, "custom")
		default:
			d, _ := time.ParseDuration(it.value)
			m.setRange(history.Window{Start: end.Add(-d), End: end}, strings.ToLower(it.label))
		}
		return m.requery(), nil
	}
	return p
}

// anchor is where relative ranges end.
func (m *Model) anchor() time.Time {
	if m.q.win.Archive && !m.q.explicit {
		return m.q.win.End
	}
	return m.now
}

func (m *Model) setRange(w history.Window, label string) {
	m.q.win, m.q.winLabel, m.q.explicit = w, label, true
}

// parseAmount reads "45m", "6h", "2d", "3w" (at most ten years, so the
// arithmetic cannot overflow).
func parseAmount(s string) (time.Duration, error) {
	s = strings.TrimSpace(strings.ToLower(s))
	if len(s) < 2 {
		return 0, fmt.Errorf("write an amount and a unit: 45m, 6h, 2d or 3w")
	}
	n, err := strconv.Atoi(s[:len(s)-1])
	if err != nil || n <= 0 || n > 520*7 {
		return 0, fmt.Errorf("write an amount and a unit: 45m, 6h, 2d or 3w")
	}
	unit := map[byte]time.Duration{'m': time.Minute, 'h': time.Hour, 'd': 24 * time.Hour, 'w': 7 * 24 * time.Hour}[s[len(s)-1]]
	if unit == 0 {
		return 0, fmt.Errorf("unknown unit %q: use m, h, d or w", s[len(s)-1:])
	}
	return time.Duration(n) * unit, nil
}

// parseAbsolute reads "START .. END" where each side is RFC 3339, or a
// date with an optional time, in loc when it has no zone. An open side
// ("2024-01-01 ..") is unbounded.
func parseAbsolute(s string, loc *time.Location) (history.Window, error) {
	a, b, ok := strings.Cut(s, "..")
	if !ok {
		return history.Window{}, fmt.Errorf("write START .. END, e.g. 2024-11-01 .. 2024-11-30 12:00")
	}
	var w history.Window
	var err error
	if w.Start, err = parseTime(a, loc, false); err != nil {
		return w, err
	}
	if w.End, err = parseTime(b, loc, true); err != nil {
		return w, err
	}
	if !w.Start.IsZero() && !w.End.IsZero() && w.Start.After(w.End) {
		return w, fmt.Errorf("the start is after the end")
	}
	return w, nil
}

// parseTime reads one side of a range; a bare date ends at the end of the
// day when it is the range's end.
func parseTime(s string, loc *time.Location, isEnd bool) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			if layout == "2006-01-02" && isEnd {
				t = t.Add(24*time.Hour - time.Microsecond)
			}
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("cannot read time %q: use 2024-11-30, 2024-11-30 15:04 or RFC 3339", s)
}
