package ui

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/trailview/trailview/history"
)

// queryState is what the user asked to see; query() turns it into a
// history.Query.
type queryState struct {
	region   string
	accounts []string
	category history.Category
	// win is the time range; explicit is false while it is the default
	// window, which follows the Region (an archive's window ends at its
	// newest event).
	win      history.Window
	winLabel string
	explicit bool
	// lookup is the console's one attribute filter; it starts as
	// Read-only = false, as the console does (spec 1.3), and can be
	// removed or replaced.
	lookup *history.LookupAttribute
	// text is the filter bar's text and its compiled form.
	text  string
	where string
	args  []any
	start time.Time
	end   time.Time
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

// query is the store query for the state.
func (q queryState) query() history.Query {
	hq := history.Query{
		Region:   q.region,
		Accounts: q.accounts,
		Category: q.category,
		Start:    q.win.Start,
		End:      q.win.End,
		Lookup:   q.effectiveLookup(),
		Where:    q.where,
		Args:     q.args,
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
	if m.q.region == "" {
		m.q.region = msg.region
	}
	more := fetchCounts(m.ctx, m.st, m.q.region, msg.regions)
	m.setDefaultWindow(msg.win)
	m.started = true
	return tea.Batch(m.requery(), more)
}

// setDefaultWindow uses win unless the user chose a range.
func (m *Model) setDefaultWindow(win history.Window) {
	if m.q.explicit {
		return
	}
	m.q.win = win
	m.q.winLabel = "last 90 days"
	if win.Archive {
		m.q.winLabel = "archive: 90 days ending at its newest event"
	}
}

// requery starts a new query state: older answers are dropped by their
// sequence number and their queries cancelled.
func (m *Model) requery() tea.Cmd {
	if !m.started {
		return nil
	}
	m.seq++
	if m.qStop != nil {
		m.qStop()
	}
	m.qctx, m.qStop = context.WithTimeout(m.ctx, queryTimeout)
	ctx := m.qctx
	m.tbl.resetting = true
	m.tbl.loadingAfter, m.tbl.loadingBefore = false, false
	m.tbl.total, m.tbl.totalKnown = 0, false
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

// handleCount records the total number of matches.
func (m *Model) handleCount(msg countMsg) {
	if msg.seq != m.seq {
		return
	}
	if msg.err != nil {
		if msg.err != context.Canceled {
			m.setStatus("counting events: "+msg.err.Error(), true)
		}
		return
	}
	m.tbl.total, m.tbl.totalKnown = msg.n, true
	if m.tbl.base < 0 && m.tbl.atEnd {
		m.tbl.base = msg.n - int64(len(m.tbl.rows))
	}
}

// handleScopes refreshes the Region and account lists.
func (m *Model) handleScopes(msg scopesMsg) tea.Cmd {
	if msg.err != nil {
		m.setStatus("listing Regions: "+msg.err.Error(), true)
		return nil
	}
	m.regionsN, m.accounts, m.acctOf, m.countsIn = msg.regions, msg.accounts, msg.region, true
	if m.mode == modePicker && m.picker.refresh != nil {
		m.picker.refresh(m) // the dialog opened before the counts arrived
	}
	return nil
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

// rangeText describes the time range for the header.
func (m *Model) rangeText() string {
	q := m.q.query()
	loc, zone := time.UTC, "UTC"
	if m.localTime {
		loc, zone = m.opts.Local, m.opts.Local.String()
	}
	f := func(t time.Time) string {
		if t.IsZero() {
			return "…"
		}
		return t.In(loc).Format("2006-01-02 15:04")
	}
	s := f(q.Start) + " → " + f(q.End) + " " + zone
	if m.q.winLabel != "" {
		s += " (" + m.q.winLabel + ")"
	}
	return s
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
