package ui

import (
	"context"
	"math"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/store"
)

// Every query runs in a tea.Cmd and answers with one of these messages.
// Each carries the sequence number of the query state it was asked for;
// Update drops answers whose number is no longer current, so a slow answer
// to an old filter can never paint over a newer one.

// pageKind says where a page goes in the row buffer.
type pageKind int

const (
	pageReset  pageKind = iota // replace the buffer: the newest rows
	pageAfter                  // append older rows
	pageBefore                 // prepend newer rows
	pageLast                   // replace the buffer: the oldest rows
)

type pageMsg struct {
	seq    int
	kind   pageKind
	anchor history.Cursor // the row the page was asked after or before
	limit  int
	events []history.Event
	err    error
}

type countMsg struct {
	seq int
	n   int64
	err error
	// partial marks a lower bound while counting goes on; next waits
	// for the following answer (countprogress.go).
	partial bool
	next    tea.Cmd
}

type detailMsg struct {
	id  int64
	ev  history.Event
	err error
}

type compareMsg struct {
	events []history.Event
	err    error
}

// scopesMsg carries the Region and account lists with their counts.
type scopesMsg struct {
	region   string // the Region the accounts were counted in
	regions  []history.ScopeCount
	accounts []history.ScopeCount
	err      error
}

// fetchPage reads one page of q in the background.
func fetchPage(ctx context.Context, st *store.Store, q history.Query, seq int, kind pageKind,
	anchor history.Cursor, limit int, withRaw bool) tea.Cmd {
	return func() tea.Msg {
		opts := store.PageOptions{Limit: limit, WithRaw: withRaw}
		switch kind {
		case pageAfter:
			opts.After = &anchor
		case pageBefore:
			opts.Before = &anchor
		case pageLast:
			// The events just newer than the smallest possible position
			// are the oldest ones.
			opts.Before = &history.Cursor{TimeUS: math.MinInt64}
		}
		evs, err := st.Page(ctx, q, opts)
		return pageMsg{seq: seq, kind: kind, anchor: anchor, limit: limit, events: evs, err: err}
	}
}

// fetchDetail reads one event with its record.
func fetchDetail(ctx context.Context, st *store.Store, id int64) tea.Cmd {
	return func() tea.Msg {
		ev, err := st.Get(ctx, id)
		return detailMsg{id: id, ev: ev, err: err}
	}
}

// fetchCompare reads the marked events with their records.
func fetchCompare(ctx context.Context, st *store.Store, ids []int64) tea.Cmd {
	return func() tea.Msg {
		var out []history.Event
		for _, id := range ids {
			ev, err := st.Get(ctx, id)
			if err != nil {
				return compareMsg{err: err}
			}
			out = append(out, ev)
		}
		return compareMsg{events: out}
	}
}

// fetchScopes counts the store's Regions, and the accounts of region,
// from the scope index.
func fetchScopes(ctx context.Context, st *store.Store, region string) tea.Cmd {
	return fetchCounts(ctx, st, region, nil)
}

// fetchCounts is fetchScopes when the Region counts may already be known
// (regions non-nil): only the accounts are counted then.
func fetchCounts(ctx context.Context, st *store.Store, region string, regions []history.ScopeCount) tea.Cmd {
	return func() tea.Msg {
		if regions == nil {
			var err error
			if regions, err = st.RegionCounts(ctx); err != nil {
				return scopesMsg{err: err}
			}
		}
		accounts, err := st.AccountCounts(ctx, region)
		return scopesMsg{region: region, regions: regions, accounts: accounts, err: err}
	}
}

// queryTimeout bounds a single UI query so a pathological filter cannot
// leave a goroutine scanning forever after the user moved on.
const queryTimeout = 2 * time.Minute
