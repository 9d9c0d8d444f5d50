package ui

import (
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/store"
)

// Another process (trailview load, fetch) may add events to the store
// while the browser is open. Every WatchEvery the browser reads the
// store's per-scope counts, which the writer keeps in the same
// transaction as the events (history/scopecounts.go: one small table, no
// scan). When the count of the Region and tab on screen moves, the table
// follows if the cursor is on the newest row, as tail -f would; otherwise
// a notice says how many newer events there are and g shows them.

// defaultWatchEvery is how often the store is checked: new events show
// within a few seconds, at the cost of one read of a small table.
const defaultWatchEvery = 2 * time.Second

// maxNewer bounds the count of newer events: past it the notice says
// "more than".
const maxNewer = 999

// liveState follows the store's count for the scope on screen.
type liveState struct {
	scope string // the Region and tab n was counted for
	n     int64
	newer int // events newer than the top row, for the notice; 0: none
}

// watchTickMsg asks for a look at the store's counts.
type watchTickMsg struct{}

// watchCountMsg is the count of one Region (every Region: "") and tab.
type watchCountMsg struct {
	scope string
	n     int64
	err   error
}

// newerMsg counts the events newer than the top row, for query state seq.
type newerMsg struct {
	seq int
	n   int
	err error
}

// nextWatch schedules the next look at the store; nil when watching is
// off.
func (m *Model) nextWatch() tea.Cmd {
	every := m.opts.WatchEvery
	if every == 0 {
		every = defaultWatchEvery
	}
	if every < 0 {
		return nil
	}
	return tea.Tick(every, func(time.Time) tea.Msg { return watchTickMsg{} })
}

func scopeKey(region string, cat history.Category) string {
	return fmt.Sprintf("%s/%d", region, cat)
}

// handleWatchTick reads the scope counts in the background and schedules
// the next tick.
func (m *Model) handleWatchTick() tea.Cmd {
	if m.st == nil || !m.started {
		return m.nextWatch()
	}
	ctx, st, region, cat := m.ctx, m.st, m.q.region, m.q.category
	return tea.Batch(m.nextWatch(), func() tea.Msg {
		counts, err := st.RegionCounts(ctx)
		var n int64
		for _, c := range counts {
			if region == "" || c.Name == region {
				if cat == history.Insight {
					n += c.Insights
				} else {
					n += c.Management
				}
			}
		}
		return watchCountMsg{scope: scopeKey(region, cat), n: n, err: err}
	})
}

// handleWatchCount compares the count with the last one for the same
// scope and shows what was added.
func (m *Model) handleWatchCount(msg watchCountMsg) tea.Cmd {
	if msg.err != nil || msg.scope != scopeKey(m.q.region, m.q.category) {
		return nil // a passing error shows at the next query; another scope: count again next time
	}
	l := &m.live
	if l.scope != msg.scope {
		l.scope, l.n = msg.scope, msg.n // the first count of this scope is the baseline
		return nil
	}
	if msg.n == l.n {
		return nil
	}
	l.n = msg.n
	switch {
	case m.q.region == "" && !m.q.allRegions:
		// The store was empty when the browser opened: choose the busiest
		// Region and its window now that there are events.
		return tea.Batch(startCmd(m.ctx, m.st, "", m.opts.Now()), fetchScopes(m.ctx, m.st, ""))
	case m.following():
		return tea.Batch(m.requery(), fetchScopes(m.ctx, m.st, m.q.region))
	}
	return m.countNewer()
}

// following reports that the user is looking at the newest events, so
// new ones may move the table: the table has the focus, is settled, and
// the cursor is on its first row.
func (m *Model) following() bool {
	return m.tableFocused() && m.tbl.following()
}

// countNewer counts, in the background, the events of the query as of
// now that are newer than the top row.
func (m *Model) countNewer() tea.Cmd {
	if len(m.tbl.rows) == 0 || m.tbl.resetting {
		return nil
	}
	q := m.q
	q.now = m.opts.Now()
	top := m.tbl.rows[0].Cursor()
	ctx, st, seq := m.queryCtx(), m.st, m.seq
	return func() tea.Msg {
		evs, err := st.Page(ctx, q.query(), store.PageOptions{Before: &top, Limit: maxNewer + 1})
		return newerMsg{seq: seq, n: len(evs), err: err}
	}
}

func (m *Model) handleNewer(msg newerMsg) {
	if msg.seq != m.seq || msg.err != nil {
		return
	}
	m.live.newer = msg.n
}

// newerNotice is the header's notice of events added since the rows were
// read.
func (m *Model) newerNotice() string {
	switch n := m.live.newer; {
	case n <= 0:
		return ""
	case n > maxNewer:
		return fmt.Sprintf("more than %d newer events: g to show", maxNewer)
	case n == 1:
		return "1 newer event: g to show"
	default:
		return fmt.Sprintf("%d newer events: g to show", n)
	}
}
