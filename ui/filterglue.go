package ui

import (
	"errors"
	"sort"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/trailview/trailview/filter"
)

// compileFilter compiles the filter bar's text with the filter language;
// "" is no filter. Mistakes come back located, for the inline message.
func compileFilter(text string, now time.Time) (compiledFilter, *filterError) {
	if text == "" {
		return compiledFilter{}, nil
	}
	f, err := filter.Compile(text, now)
	if err != nil {
		var fe *filter.Error
		if errors.As(err, &fe) {
			msg := fe.Msg
			if fe.Hint != "" {
				msg += " (" + fe.Hint + ")"
			}
			return compiledFilter{}, &filterError{column: fe.Column, length: fe.Length, msg: msg}
		}
		return compiledFilter{}, &filterError{msg: err.Error()}
	}
	return compiledFilter{where: f.Where, args: f.Args, start: f.Start, end: f.End, compiled: f}, nil
}

// fieldNames are the filter language's field names and aliases, for
// completion.
func fieldNames() []string {
	var out []string
	for _, f := range filter.Fields() {
		out = append(out, f.Name)
		out = append(out, f.Aliases...)
	}
	sort.Strings(out)
	return out
}

// filterResolvedMsg carries a filter whose values were looked up in the
// store's dictionary.
type filterResolvedMsg struct {
	text     string
	resolved *filter.Filter
	err      error
}

// resolveFilter looks the filter's exact values up off the UI goroutine
// and then runs the query. Without it, a value rare in the store (or
// absent) makes SQLite walk the whole Region in time order: 0.6 s on a
// million events instead of under a millisecond.
func (m *Model) resolveFilter(text string, cf compiledFilter) tea.Cmd {
	if cf.compiled == nil || m.st == nil {
		return m.requery()
	}
	ctx, st := m.ctx, m.st
	return func() tea.Msg {
		r, err := cf.compiled.Resolve(ctx, st)
		return filterResolvedMsg{text: text, resolved: r, err: err}
	}
}

// handleFilterResolved applies a resolved filter if it is still the one in
// force; on error the compiled form, which selects the same events, stays.
func (m *Model) handleFilterResolved(msg filterResolvedMsg) tea.Cmd {
	if msg.text != m.q.text {
		return nil
	}
	if msg.err == nil && msg.resolved != nil {
		m.q.where, m.q.args = msg.resolved.Where, msg.resolved.Args
	}
	return m.requery()
}
