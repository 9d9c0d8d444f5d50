package ui

import (
	"time"

	tea "charm.land/bubbletea/v2"
)

// The header's scope line says which window was queried, in the zone the
// screen shows times in: the one rule (z) for the table, the detail view,
// the time dialog's input and the filter's after:/before: without a zone.

// zoneLabel names the zone times are shown and read in.
func (m *Model) zoneLabel() string {
	if !m.localTime {
		return "UTC"
	}
	return "local " + m.q.now.In(m.opts.Local).Format("MST")
}

// rangeText describes the window actually queried: the range, narrowed
// by the filter's since:, after: and before: when they apply.
func (m *Model) rangeText() string {
	q := m.q.query()
	win := m.q.window()
	label := m.q.winLabel
	if !q.Start.Equal(win.Start) || !q.End.Equal(win.End) {
		label = "narrowed by the filter"
	}
	loc := m.location()
	at := func(t time.Time) string { return t.In(loc).Format("2006-01-02 15:04") }
	var s string
	switch {
	case q.Start.IsZero() && q.End.IsZero():
		return "any time (everything in the store)"
	case q.Start.IsZero():
		s = "up to " + at(q.End)
	case q.End.IsZero():
		s = "from " + at(q.Start)
	case q.Start.In(loc).YearDay() == q.End.In(loc).YearDay() && q.Start.In(loc).Year() == q.End.In(loc).Year():
		s = at(q.Start) + " → " + q.End.In(loc).Format("15:04") // one day: the date once
	default:
		s = at(q.Start) + " → " + at(q.End)
	}
	s += " " + m.zoneLabel()
	if label != "" {
		s += " (" + label + ")"
	}
	return s
}

// zoneChanged follows the zone toggle (z): a filter with after: or
// before: written without a zone now means other times, so it runs
// again; any other filter selects the same events.
func (m *Model) zoneChanged() tea.Cmd {
	if m.q.text == "" || m.q.compiled == nil {
		return nil
	}
	cf, ferr := compileFilter(m.q.text, m.q.now, m.location())
	if ferr != nil || sameFilter(cf.compiled, m.q.compiled) {
		return nil
	}
	m.tbl.keepID = m.selectedID()
	return m.requery()
}
