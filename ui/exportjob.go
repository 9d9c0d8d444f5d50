package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/trailview/trailview/export"
	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/store"
)

// exportJob is an export.ToFile running on its own goroutine, with its
// progress turned into messages one at a time; esc cancels it, which
// leaves no file behind.
type exportJob struct {
	stop   context.CancelFunc
	progCh chan int64
	done   chan struct{} // closed when the export has returned
}

type exportProgressMsg struct{ n int64 }

type exportDoneMsg struct {
	res  export.Result
	path string
	err  error
}

// startExportJob writes q to path; force overwrites an existing file.
func startExportJob(ctx context.Context, st *store.Store, q history.Query, path string, opts export.Options, force bool) (*exportJob, tea.Cmd) {
	ctx, stop := context.WithCancel(ctx)
	ch := make(chan int64, 1)
	j := &exportJob{stop: stop, progCh: ch, done: make(chan struct{})}
	opts.Progress = func(n int64) {
		select { // keep only the latest count; never block the writer
		case <-ch:
		default:
		}
		ch <- n
	}
	// The export runs on its own goroutine, started here rather than in a
	// command, so that wait() can rely on it finishing.
	result := make(chan exportDoneMsg, 1)
	go func() {
		defer close(j.done)
		res, err := export.ToFile(ctx, st, q, path, opts, force)
		stop()
		close(ch) // ends waitExport
		result <- exportDoneMsg{res: res, path: path, err: err}
	}()
	return j, tea.Batch(func() tea.Msg { return <-result }, waitExport(ch))
}

// cancel stops the export; the nil job is none.
func (j *exportJob) cancel() {
	if j != nil {
		j.stop()
	}
}

// wait blocks until a started export has returned.
func (j *exportJob) wait() {
	if j != nil {
		<-j.done
	}
}

// waitExport turns the progress channel into messages, one at a time.
func waitExport(ch chan int64) tea.Cmd {
	return func() tea.Msg {
		n, ok := <-ch
		if !ok {
			return nil
		}
		return exportProgressMsg{n: n}
	}
}

// csvColumns keeps the on-screen columns a CSV file can have: the
// Insights tab's own columns (Insight type, averages…) are not CSV
// columns; a JSON export keeps them in insightDetails.
func csvColumns(ids []string) []string {
	var out []string
	for _, id := range ids {
		if _, err := export.ColumnsByName([]string{id}); err == nil {
			out = append(out, id)
		}
	}
	return out
}

// exportPath turns the typed file name into an absolute path, so that
// the done message says exactly where the file went. A leading "~/" (or
// a lone "~") is the home directory, as in a shell; "~user/" is not
// expanded, because the dialog is no shell.
func exportPath(typed string) (string, error) {
	p := typed
	if p == "~" || strings.HasPrefix(p, "~/") {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("expand ~ in %q: %w", typed, err)
		}
		p = filepath.Join(home, p[1:])
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", fmt.Errorf("resolve %q: %w", typed, err)
	}
	return abs, nil
}

// formatOf guesses the format from a file name's extension.
func formatOf(name string) export.Format {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".json":
		return export.JSON
	case ".jsonl", ".ndjson":
		return export.JSONLines
	}
	return export.CSV
}

// eventsText is "1 event" or "1,234 events".
func eventsText(n int64) string {
	if n == 1 {
		return "1 event"
	}
	return commas(n) + " events"
}
