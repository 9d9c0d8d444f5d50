package ui

import (
	"errors"
	"reflect"
	"sort"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/trailview/trailview/filter"
)

// compileFilter compiles the filter bar's text with the filter language;
// "" is no filter. now anchors since:, loc is the zone of times written
// without one (the zone the screen shows). Mistakes come back located,
// for the inline message.
func compileFilter(text string, now time.Time, loc *time.Location) (compiledFilter, *filterError) {
	if text == "" {
		return compiledFilter{}, nil
	}
	f, err := filter.CompileIn(text, now, loc)
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

// sameFilter reports whether two compilations select the same events:
// since: moves with the clock and after:/before: without a zone with the
// display's zone; anything else compiles the same every time.
func sameFilter(a, b *filter.Filter) bool {
	return a != nil && b != nil && a.Where == b.Where && reflect.DeepEqual(a.Args, b.Args) &&
		a.Start.Equal(b.Start) && a.End.Equal(b.End)
}

// refreshFilter compiles the filter again at the query's clock and in the
// display's zone. When that changes what it selects, or it was never
// resolved, it returns the command that resolves it and then reads the
// first page; nil when the query can run at once.
func (m *Model) refreshFilter() tea.Cmd {
	q := &m.q
	if q.text == "" {
		q.compiled, q.resolved, q.where, q.args, q.start, q.end = nil, false, "", nil, time.Time{}, time.Time{}
		return nil
	}
	cf, ferr := compileFilter(q.text, q.now, m.location())
	if ferr != nil {
		return nil // it compiled when it was applied; keep that form
	}
	if q.resolved && sameFilter(cf.compiled, q.compiled) {
		return nil
	}
	q.compiled, q.resolved = cf.compiled, false
	q.where, q.args, q.start, q.end = cf.where, cf.args, cf.start, cf.end
	return m.resolveFilter(cf.compiled)
}

// filterResolvedMsg carries a filter whose values were looked up in the
// store's dictionary, for the query state seq.
type filterResolvedMsg struct {
	seq      int
	resolved *filter.Filter
	err      error
}

// resolveFilter looks the filter's exact values up off the UI goroutine
// and then runs the query. Without it, a value rare in the store (or
// absent) makes SQLite walk the whole Region in time order: 0.6 s on a
// million events instead of under a millisecond.
func (m *Model) resolveFilter(f *filter.Filter) tea.Cmd {
	if m.st == nil {
		return m.fetchFirst()
	}
	ctx, st, seq := m.queryCtx(), m.st, m.seq
	return func() tea.Msg {
		r, err := f.Resolve(ctx, st)
		return filterResolvedMsg{seq: seq, resolved: r, err: err}
	}
}

// handleFilterResolved applies a resolved filter if its query state is
// still in force; on error the compiled form, which selects the same
// events, stays.
func (m *Model) handleFilterResolved(msg filterResolvedMsg) tea.Cmd {
	if msg.seq != m.seq {
		return nil
	}
	if msg.err == nil && msg.resolved != nil {
		m.q.where, m.q.args = msg.resolved.Where, msg.resolved.Args
	}
	m.q.resolved = true
	return m.fetchFirst()
}
