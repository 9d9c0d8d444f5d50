package ui

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/trailview/trailview/filter"
	"github.com/trailview/trailview/history"
)

// queryState is what the user asked to see; query() turns it into a
// history.Query.
type queryState struct {
	region   string
	accounts []string
	category history.Category
	// now is the clock reading of the query in force: every query takes
	// a fresh one, so relative ranges end when the query runs, not when
	// the program started.
	now time.Time
	// The time range: rel, when positive, is the rel before now (a
	// relative range, and the default window of a live store); otherwise
	// win is the range, zero for everything. explicit is false while it
	// is the default window, which follows the Region (an archive's
	// window ends at its newest event).
	rel      time.Duration
	win      history.Window
	winLabel string
	explicit bool
	// lookup is the console's one attribute filter; it starts as
	// Read-only = false, as the console does (spec 1.3), and can be
	// removed or replaced.
	lookup *history.LookupAttribute
	// text is the filter bar's text; compiled is it compiled at now in
	// the display's zone, and pred what the query runs.
	text     string
	compiled *filter.Filter
	pred     history.Predicate
	start    time.Time
	end      time.Time

	// allRegions and allAccounts say the user chose "All Regions" or
	// "All accounts" (scope.go): region "" then means every Region, not
	// "not chosen yet", and the table adds the scope's columns.
	allRegions, allAccounts bool
}

func defaultQuery(region string) queryState {
	return queryState{
		region: region,
		lookup: &history.LookupAttribute{Key: history.AttrReadOnly, Value: "false"},
	}
}

// effectiveLookup is the attribute filter that applies to the current
// tab: on the Insights tab an attribute LookupEvents refuses there (such
// as the default Read-only) is set aside, not applied.
func (q queryState) effectiveLookup() *history.LookupAttribute {
	if q.lookup == nil {
		return nil
	}
	if !history.LookupKeyAllowed(q.lookup.Key, q.category) {
		return nil
	}
	return q.lookup
}

// window is the time range as of now.
func (q queryState) window() history.Window {
	if q.rel > 0 {
		return history.Window{Start: q.now.Add(-q.rel), End: q.now}
	}
	return q.win
}

// query is the store query for the state.
func (q queryState) query() history.Query {
	win := q.window()
	hq := history.Query{
		Region:   q.region,
		Accounts: q.accounts,
		Category: q.category,
		Start:    win.Start,
		End:      win.End,
		Lookup:   q.effectiveLookup(),
		Pred:     q.pred,
	}
	if !q.start.IsZero() && (hq.Start.IsZero() || q.start.After(hq.Start)) {
		hq.Start = q.start
	}
	if !q.end.IsZero() && (hq.End.IsZero() || q.end.Before(hq.End)) {
		hq.End = q.end
	}
	return hq
}

// handleStart applies the Region and default window and runs the first
// query.
func (m *Model) handleStart(msg startMsg) tea.Cmd {
	if msg.err != nil {
		m.setStatus("cannot read the store: "+msg.err.Error(), true)
	}
	if msg.regions != nil {
		m.regionsN = msg.regions
	}
	if m.q.region == "" && !m.q.allRegions {
		m.q.region = msg.region
	}
	more := fetchCounts(m.ctx, m.st, m.q.region, msg.regions)
	m.setDefaultWindow(msg.win)
	m.started = true
	return tea.Batch(m.requery(), more)
}

// setDefaultWindow uses win unless the user chose a range. A live
// store's window is the 90 days before each query; an archive's ends at
// its newest event.
func (m *Model) setDefaultWindow(win history.Window) {
	if m.q.explicit {
		return
	}
	m.q.win, m.q.rel = history.Window{}, history.RetentionWindow
	m.q.winLabel = "last 90 days"
	if win.Archive {
		m.q.win, m.q.rel = win, 0
		m.q.winLabel = "archive: 90 days ending at its newest event"
	}
}

// requery runs the query state anew, at the current time: older answers
// are dropped by their sequence number and their queries cancelled. The
// rows on screen stay until the first new page replaces them (esc brings
// them back meanwhile, see loading.go).
func (m *Model) requery() tea.Cmd {
	if !m.started {
		return nil
	}
	m.beginLoading()
	m.q.now = m.opts.Now()
	m.refreshFilter()
	return m.fetchFirst()
}

// fetchFirst reads the first page and the count of the query in force.
func (m *Model) fetchFirst() tea.Cmd {
	ctx := m.queryCtx()
	q := m.q.query()
	return tea.Batch(
		fetchPage(ctx, m.st, q, m.seq, pageReset, history.Cursor{}, m.pageLimit(), m.activeCols().needsRaw()),
		fetchCount(ctx, m.st, q, m.seq),
	)
}

// queryCtx is the context of the current query state: it lives until
// the next requery cancels it, and the pages fetched while scrolling
// share it.
func (m *Model) queryCtx() context.Context {
	if m.qctx == nil {
		return m.ctx
	}
	return m.qctx
}

// handleCount records the total number of matches, or while counting
// goes on a lower bound, and waits for the next answer.
func (m *Model) handleCount(msg countMsg) tea.Cmd {
	if msg.seq != m.seq {
		return nil
	}
	if msg.partial {
		m.tbl.setAtLeast(msg.n)
		return msg.next
	}
	if msg.err != nil {
		if msg.err != context.Canceled {
			m.setStatus("counting events: "+msg.err.Error(), true)
		}
		return nil
	}
	m.tbl.setTotal(msg.n)
	return nil
}

// handleScopes refreshes the Region and account lists.
func (m *Model) handleScopes(msg scopesMsg) tea.Cmd {
	if msg.err != nil {
		m.setStatus("listing Regions: "+msg.err.Error(), true)
		return nil
	}
	m.regionsN, m.accounts, m.acctOf, m.countsIn = msg.regions, msg.accounts, msg.region, true
	return m.broadcast(scopeLists{regions: m.regions(), accounts: m.accountList()})
}

type scopeCount struct {
	name string
	n    int64
}

// counted turns counts into the current tab's figures, busiest first.
func (m *Model) counted(in []history.ScopeCount) []scopeCount {
	out := make([]scopeCount, 0, len(in))
	for _, c := range in {
		n := c.Management
		if m.q.category == history.Insight {
			n = c.Insights
		}
		out = append(out, scopeCount{name: c.Name, n: n})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].n > out[j].n })
	return out
}

// regions lists the Regions with the current tab's counts.
func (m *Model) regions() []scopeCount { return m.counted(m.regionsN) }

// accountList lists the accounts of the current Region.
func (m *Model) accountList() []scopeCount {
	if m.acctOf != m.q.region {
		return nil // counted for another Region: a refresh is on its way
	}
	return m.counted(m.accounts)
}

// accountText describes the account scope for the header.
func (m *Model) accountText() string {
	if len(m.q.accounts) > 0 {
		return strings.Join(m.q.accounts, ",")
	}
	if !m.countsIn || m.acctOf != m.q.region {
		return "accounts…" // counted in the background
	}
	accts := m.accountList()
	switch len(accts) {
	case 0:
		return "no account"
	case 1:
		return accts[0].name
	}
	return fmt.Sprintf("all %d accounts", len(accts))
}
