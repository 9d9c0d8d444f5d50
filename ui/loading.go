package ui

import (
	"context"

	tea "charm.land/bubbletea/v2"
)

// A new query (a filter, a Region, a range, R) can take seconds on a
// large store. Meanwhile the table shows the previous rows dimmed, they
// cannot be opened or marked (they are not the query's answer), and esc
// cancels: the query's context ends, which interrupts SQLite, and the
// previous result, state and rows, comes back as it was.

// querySnapshot is a settled result: the query state and the table that
// showed it.
type querySnapshot struct {
	q   queryState
	tbl rowWindow
}

// beginLoading starts a new query state: answers to older ones are
// dropped by their sequence number, their queries cancelled, and the
// settled result is kept so that esc can bring it back.
func (m *Model) beginLoading() {
	if !m.tbl.resetting && m.shown != nil {
		m.undo = &querySnapshot{q: *m.shown, tbl: m.tbl.snapshot()}
	}
	m.seq++
	m.newQueryCtx()
	m.tbl.beginReset()
	m.live.newer = 0
}

// newQueryCtx cancels the queries in flight and gives the query state in
// force a context of its own.
func (m *Model) newQueryCtx() {
	if m.qStop != nil {
		m.qStop()
	}
	m.qctx, m.qStop = context.WithTimeout(m.ctx, queryTimeout)
}

// loadingQuery reports that the rows on screen are not the answer to the
// query in force: a new one is being read.
func (m *Model) loadingQuery() bool { return m.started && m.tbl.resetting }

// pageArrived hands a page to the table and notes when it settles a new
// query: its state becomes the one esc would come back to. A first page
// that fails brings the previous result back, with the error.
func (m *Model) pageArrived(msg pageMsg) tea.Cmd {
	first := msg.seq == m.seq && m.tbl.resetting && msg.kind == pageReset
	if first && msg.err != nil && m.undo != nil {
		cmd := m.restore()
		m.setStatus("reading events: "+msg.err.Error()+" (the previous result is shown)", true)
		return cmd
	}
	cmd := m.handlePage(msg)
	if first && msg.err == nil {
		q := m.q
		m.shown, m.undo = &q, nil
	}
	return cmd
}

// cancelQuery ends the query being read and shows the previous result
// again; ok is false when there is none to cancel.
func (m *Model) cancelQuery() (cmd tea.Cmd, ok bool) {
	if !m.loadingQuery() || m.undo == nil {
		return nil, false
	}
	cmd = m.restore()
	m.nav.dropTop(m.q)
	m.setStatus("query cancelled: the previous result is shown", false)
	return cmd, true
}

// restore puts the settled result back and gives it a fresh context, so
// that scrolling it fetches pages again; the cancelled query's answers
// are dropped by their sequence number. A count the settled result was
// still waiting for is asked again.
func (m *Model) restore() tea.Cmd {
	u := m.undo
	m.undo = nil
	m.seq++
	m.newQueryCtx()
	m.q, m.tbl = u.q, u.tbl
	m.tbl.loadingAfter, m.tbl.loadingBefore = false, false
	var cmds []tea.Cmd
	if !m.tbl.totalKnown {
		cmds = append(cmds, fetchCount(m.queryCtx(), m.st, m.q.query(), m.seq))
	}
	if m.acctOf != m.q.region {
		// The cancelled query was another Region's, whose accounts came.
		cmds = append(cmds, fetchScopes(m.ctx, m.st, m.q.region))
	}
	return tea.Batch(cmds...)
}
