package ui

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/trailview/trailview/filter"
)

// applyPivot adds the chosen value's term to the filter (AND) as one step
// of the back stack, remembers the new filter for the filter bar's
// history and runs it. A value the filter language cannot say exactly is
// refused in the status line: a pivot never filters on something close.
func (m *Model) applyPivot(r pivotChosen) tea.Cmd {
	if r.refusal != "" {
		m.setStatus("no pivot: "+r.refusal, true)
		return nil
	}
	term, err := pivotTerm(r)
	if err == nil && r.and != nil {
		var second string
		second, err = pivotTerm(*r.and)
		term = filter.AndText(term, second)
	}
	if err != nil {
		m.setStatus("no pivot: "+err.Error(), true)
		return nil
	}
	if !r.alone && filter.HasTerm(m.q.text, term) {
		m.setStatus("the filter already has "+term, false)
		return nil
	}
	text := filter.AndText(m.q.text, term)
	if r.alone {
		text = term
	}
	if _, ferr := compileFilter(text, m.opts.Now(), m.location()); ferr != nil {
		m.setStatus("no pivot: the filter would be refused: "+ferr.msg, true)
		return nil
	}
	m.filterHistory = rememberFilter(m.filterHistory, text)
	m.step()
	m.q.text = text
	m.clearMarks()
	verb := "filter + "
	if r.alone {
		verb = "filter = "
	}
	status := verb + term + "   ([ goes back)"
	if r.note != "" {
		status = verb + term + " (" + r.note + ")"
	}
	m.setStatus(status, false)
	return m.requery()
}

// pivotTerm is the filter term a pivot means.
func pivotTerm(r pivotChosen) (string, error) {
	if r.path && r.keys != nil {
		return filter.PathTermText(r.keys, r.value, r.exclude)
	}
	if r.path {
		return filter.PathTermText(strings.Split(r.field, "."), r.value, r.exclude)
	}
	return filter.FieldTermText(r.field, r.value, r.exclude)
}
