package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/progress"
	tea "charm.land/bubbletea/v2"
	"github.com/trailview/trailview/history/store"
)

// loaderModel loads the paths given on the command line while the UI
// runs: the store's loader runs on its own goroutine and reports progress
// through a one-slot channel (only the latest snapshot matters), which a
// command turns into messages one at a time.
type loaderModel struct {
	paths   []string
	running bool
	stop    context.CancelFunc
	ch      chan store.Progress
	done    chan struct{} // closed when the load has returned
	last    store.Progress
	bar     progress.Model
}

type loadProgressMsg struct{ p store.Progress }

type loadDoneMsg struct {
	res store.LoadResult
	err error
}

func newLoader(paths []string) loaderModel {
	return loaderModel{paths: paths, bar: progress.New(progress.WithWidth(24), progress.WithoutPercentage(), progress.WithFillCharacters('█', '░'))}
}

// start begins the load.
func (l *loaderModel) start(ctx context.Context, st *store.Store) tea.Cmd {
	ctx, l.stop = context.WithCancel(ctx)
	l.ch = make(chan store.Progress, 1)
	l.running = true
	l.done = make(chan struct{})
	ch, paths, stop, done := l.ch, l.paths, l.stop, l.done
	// The load runs on its own goroutine, started here rather than in a
	// command, so that wait() can always rely on it finishing.
	result := make(chan loadDoneMsg, 1)
	go func() {
		defer close(done)
		res, err := st.Load(ctx, paths, store.LoadOptions{Progress: func(p store.Progress) {
			select { // keep only the latest snapshot; never block the loader
			case <-ch:
			default:
			}
			ch <- p
		}})
		stop()
		close(ch) // ends waitLoad
		result <- loadDoneMsg{res: res, err: err}
	}()
	run := func() tea.Msg { return <-result }
	return tea.Batch(run, waitLoad(ch))
}

func waitLoad(ch chan store.Progress) tea.Cmd {
	return func() tea.Msg {
		p, ok := <-ch
		if !ok {
			return nil
		}
		return loadProgressMsg{p: p}
	}
}

func (l *loaderModel) active() bool { return l.running }

func (l *loaderModel) cancel() {
	if l.stop != nil {
		l.stop()
	}
}

// wait blocks until a started load has returned, so the store is not
// closed under it.
func (l *loaderModel) wait() {
	if l.done != nil {
		<-l.done
	}
}

// line is the progress shown in the header while loading.
func (l *loaderModel) line(width int) string {
	p := l.last
	frac := 0.0
	if p.BytesTotal > 0 {
		frac = float64(p.BytesDone) / float64(p.BytesTotal)
	} else if p.FilesTotal > 0 {
		frac = float64(p.FilesDone) / float64(p.FilesTotal)
	}
	rate := 0.0
	if s := p.Elapsed.Seconds(); s > 0 {
		rate = float64(p.Records) / s
	}
	phase := "Loading"
	if p.Phase == "indexing" {
		phase = "Indexing"
	}
	return fmt.Sprintf("%s %s %3.0f%% · files %d/%d · %s events · %s events/s · esc cancels",
		phase, l.bar.ViewAs(min(max(frac, 0), 1)), frac*100, p.FilesDone, p.FilesTotal, commas(p.Added), commas(int64(rate)))
}

// handleLoadProgress shows progress and lets rows appear: while the user
// is at the top of the table, the first page is read again.
func (m *Model) handleLoadProgress(msg loadProgressMsg) tea.Cmd {
	l := &m.loader
	if !l.running {
		return nil
	}
	added := msg.p.Added != l.last.Added
	l.last = msg.p
	cmds := []tea.Cmd{waitLoad(l.ch)}
	if added && m.started && m.tbl.base == 0 && m.tbl.cursor < m.tableHeight() && m.tableFocused() {
		m.tbl.keepID = m.selectedID()
		cmds = append(cmds, m.requery())
	}
	return tea.Batch(cmds...)
}

// handleLoadDone reports the load and shows the final rows.
func (m *Model) handleLoadDone(msg loadDoneMsg) tea.Cmd {
	l := &m.loader
	l.running = false
	l.last = msg.res.Progress
	p := msg.res.Progress
	parts := []string{fmt.Sprintf("loaded %s events from %d files", commas(p.Added), p.FilesDone)}
	if p.Duplicates > 0 {
		parts = append(parts, commas(p.Duplicates)+" duplicates")
	}
	if p.SkippedData > 0 {
		parts = append(parts, commas(p.SkippedData)+" data events skipped")
	}
	isErr := false
	for _, e := range msg.res.Errors {
		isErr = true
		parts = append(parts, e.Error())
	}
	if msg.err != nil {
		isErr = true
		if errors.Is(msg.err, context.Canceled) {
			parts = append(parts, "load cancelled: files completed so far are kept")
		} else {
			parts = append(parts, msg.err.Error())
		}
	}
	m.setStatus(strings.Join(parts, "; "), isErr)
	m.tbl.keepID = m.selectedID()
	if m.q.region == "" && !m.q.allRegions {
		// The store was empty when the UI opened: choose the busiest
		// Region and its window now that the events are in.
		return tea.Batch(startCmd(m.ctx, m.st, "", m.opts.Now()), fetchScopes(m.ctx, m.st, m.q.region))
	}
	return tea.Batch(m.requery(), fetchScopes(m.ctx, m.st, m.q.region))
}
