package ui

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/store"
)

// countEvery is how often a count in progress reports how far it got:
// the header shows "≥ N" from about then until the exact count arrives.
const countEvery = 100 * time.Millisecond

// fetchCount counts q's matches in the background; on a large store this
// is the slowest query, so the table never waits for it. While it runs,
// partial answers (lower bounds) arrive as countMsg with partial set, each
// carrying the command that waits for the next one.
func fetchCount(ctx context.Context, st *store.Store, q history.Query, seq int) tea.Cmd {
	// latest holds only the newest lower bound: a partial answer the UI
	// has not taken yet is replaced, never queued, so the counter never
	// blocks on a UI that moved on. done has room for the final answer.
	latest := make(chan int64, 1)
	done := make(chan countMsg, 1)
	go func() {
		n, err := st.CountProgress(ctx, q, countEvery, func(n int64) {
			select {
			case <-latest:
			default:
			}
			latest <- n
		})
		done <- countMsg{seq: seq, n: n, err: err}
	}()
	return waitCount(seq, latest, done)
}

// waitCount is the command that waits for the next answer of a count.
func waitCount(seq int, latest chan int64, done chan countMsg) tea.Cmd {
	return func() tea.Msg {
		select {
		case msg := <-done:
			return msg
		case n := <-latest:
			return countMsg{seq: seq, n: n, partial: true, next: waitCount(seq, latest, done)}
		}
	}
}
