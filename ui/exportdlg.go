package ui

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/trailview/trailview/export"
	"github.com/trailview/trailview/history"
)

// exportDialog asks for a format, which events, which CSV columns and a
// file name, then runs export.ToFile in the background with progress;
// esc cancels a running export, which leaves no file behind.
type exportDialog struct {
	field    int // 0 format, 1 scope, 2 columns, 3 file name
	format   export.Format
	marked   bool // only the marked rows
	onScreen bool // CSV columns as on screen, not the console's 16
	nMarked  int
	// matches tells how many events "all matches" covers; exact is false
	// while they are still being counted.
	matches func() (n int64, exact bool)
	name    textinput.Model
	confirm bool // the file exists: enter again overwrites

	running  bool
	written  int64
	stop     context.CancelFunc
	progCh   chan int64
	done     chan struct{} // closed when the export has returned
	lastPath string
	err      string
}

type exportProgressMsg struct{ n int64 }

type exportDoneMsg struct {
	res  export.Result
	path string
	err  error
}

func newExportDialog(s Styles, nMarked int, last string) exportDialog {
	in := newInput()
	in.Prompt = ""
	in.CharLimit = 4096
	in.SetWidth(48)
	if last == "" {
		last = "event_history.csv"
	}
	in.SetValue(last)
	d := exportDialog{name: in, nMarked: nMarked, marked: nMarked > 0, lastPath: last}
	d.format = formatOf(last)
	return d
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

func (d *exportDialog) focus() tea.Cmd {
	if d.field == 3 {
		return d.name.Focus()
	}
	d.name.Blur()
	return nil
}

func (d *exportDialog) cancel() {
	if d.stop != nil {
		d.stop()
	}
}

// exportKey handles a key in the export dialog.
func (m *Model) exportKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	d := &m.export
	if d.running {
		if key.Matches(msg, k.Back) {
			d.cancel()
		}
		return nil
	}
	switch {
	case key.Matches(msg, k.Back):
		m.mode = modeTable
		return nil
	case key.Matches(msg, k.Accept):
		return m.startExport()
	case key.Matches(msg, k.NextField):
		d.field = (d.field + 1) % 4
		return d.focus()
	case key.Matches(msg, k.PrevField):
		d.field = (d.field + 3) % 4
		return d.focus()
	}
	if d.field == 3 {
		d.confirm = false
		var cmd tea.Cmd
		d.name, cmd = d.name.Update(msg)
		return cmd
	}
	step := 0
	switch {
	case key.Matches(msg, k.OptionNext), key.Matches(msg, k.Toggle):
		step = 1
	case key.Matches(msg, k.OptionPrev):
		step = -1
	}
	if step == 0 {
		return nil
	}
	// Choices stop at either end rather than wrap around: a → too many
	// on "N marked" must not silently become "all matches".
	switch d.field {
	case 0:
		f := export.Format(clampChoice(int(d.format), step, 3))
		if f != d.format {
			d.format = f
			d.name.SetValue(strings.TrimSuffix(d.name.Value(), filepath.Ext(d.name.Value())) + d.format.Ext())
			d.confirm = false
		}
	case 1:
		d.marked = d.nMarked > 0 && clampChoice(boolChoice(d.marked), step, 2) == 1
	case 2:
		d.onScreen = clampChoice(boolChoice(d.onScreen), step, 2) == 1
	}
	return nil
}

// clampChoice moves cur by step among n choices, stopping at the ends.
func clampChoice(cur, step, n int) int { return max(min(cur+step, n-1), 0) }

func boolChoice(b bool) int {
	if b {
		return 1
	}
	return 0
}

// startExport runs the export in the background.
func (m *Model) startExport() tea.Cmd {
	d := &m.export
	typed := strings.TrimSpace(d.name.Value())
	if typed == "" {
		d.err = "type a file name"
		return nil
	}
	path, err := exportPath(typed)
	if err != nil {
		d.err = err.Error()
		return nil
	}
	q := m.q.query()
	if d.marked {
		// Marked rows are selected by row ID with parameters: no user
		// text reaches the SQL.
		q = history.Query{Region: m.q.region, Category: m.q.category, Where: "e.id IN (" + strings.TrimSuffix(strings.Repeat("?,", len(m.marked)), ",") + ")"}
		for _, id := range m.marked {
			q.Args = append(q.Args, id)
		}
		q.Region = ""
	}
	opts := export.Options{Format: d.format}
	if d.format == export.CSV && d.onScreen {
		opts.Columns = csvColumns(m.activeCols().ids())
	}
	ctx, stop := context.WithCancel(m.ctx)
	ch := make(chan int64, 1)
	d.running, d.stop, d.progCh, d.written, d.err, d.lastPath = true, stop, ch, 0, "", typed
	opts.Progress = func(n int64) {
		select { // keep only the latest count; never block the writer
		case <-ch:
		default:
		}
		ch <- n
	}
	force := d.confirm
	st := m.st
	// The export runs on its own goroutine, started here rather than in a
	// command, so that wait() can rely on it finishing.
	result := make(chan exportDoneMsg, 1)
	done := make(chan struct{})
	d.done = done
	go func() {
		defer close(done)
		res, err := export.ToFile(ctx, st, q, path, opts, force)
		stop()
		close(ch) // ends waitExport
		result <- exportDoneMsg{res: res, path: path, err: err}
	}()
	return tea.Batch(func() tea.Msg { return <-result }, waitExport(ch))
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

// wait blocks until a started export has returned.
func (d *exportDialog) wait() {
	if d.done != nil {
		<-d.done
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

func (d *exportDialog) progress(msg exportProgressMsg) tea.Cmd {
	if !d.running {
		return nil
	}
	d.written = msg.n
	return waitExport(d.progCh)
}

// handleExportDone reports the outcome.
func (m *Model) handleExportDone(msg exportDoneMsg) {
	d := &m.export
	d.running = false
	switch {
	case msg.err == nil:
		m.mode = modeTable
		files := strings.Join(msg.res.Files, ", ")
		m.setStatus(fmt.Sprintf("exported %s to %s", eventsText(msg.res.Events), files), false)
	case errors.Is(msg.err, fs.ErrExist):
		d.confirm = true
		d.err = "the file exists: press enter again to overwrite it"
	case errors.Is(msg.err, context.Canceled):
		d.err = "export cancelled: no file written"
	default:
		d.err = msg.err.Error()
	}
}

// willWrite says how many events the export will write, so that the
// choice of "all matches" or "N marked" cannot go unnoticed.
func (d *exportDialog) willWrite() string {
	if d.marked {
		return "will write " + eventsText(int64(d.nMarked))
	}
	if d.matches == nil {
		return "will write every matching event"
	}
	n, exact := d.matches()
	switch {
	case !exact && n == 0:
		return "will write every matching event (still counting)"
	case !exact:
		return "will write ≥ " + eventsText(n) + " (still counting)"
	}
	return "will write " + eventsText(n)
}

// eventsText is "1 event" or "1,234 events".
func eventsText(n int64) string {
	if n == 1 {
		return "1 event"
	}
	return commas(n) + " events"
}

// matchCount is how many events the current query matches: the count
// once it has arrived, else at least the rows read so far.
func (m *Model) matchCount() (n int64, exact bool) { return m.tbl.matches() }

// view draws the dialog.
func (d *exportDialog) view(s Styles, width int) []string {
	opt := func(i int, label string, choices []string, cur int) string {
		var parts []string
		for j, c := range choices {
			if j == cur {
				c = "(•) " + c
			} else {
				c = "( ) " + c
			}
			parts = append(parts, c)
		}
		l := pad(label, 13) + strings.Join(parts, "  ")
		if i == d.field {
			return s.ItemActive.Render("▸ " + l)
		}
		return "  " + l
	}
	scopeCur := 0
	if d.marked {
		scopeCur = 1
	}
	colCur := 0
	if d.onScreen {
		colCur = 1
	}
	lines := []string{
		s.DialogTitle.Render("Export events"),
		opt(0, "Format", []string{"CSV", "JSON", "JSON lines"}, int(d.format)),
		opt(1, "Events", []string{"all matches", fmt.Sprintf("%d marked", d.nMarked)}, scopeCur),
		opt(2, "CSV columns", []string{"console's 16", "as on screen"}, colCur),
	}
	name := "  " + pad("File", 13) + d.name.View()
	if d.field == 3 {
		name = "▸ " + pad("File", 13) + d.name.View()
	}
	lines = append(lines, name, "", d.willWrite())
	switch {
	case d.running:
		lines = append(lines, fmt.Sprintf("writing… %s events (esc cancels)", commas(d.written)))
	case d.err != "":
		lines = append(lines, s.StatusError.Render(truncate(Sanitize(d.err), 70)))
	default:
		lines = append(lines, s.Dim.Render("tab moves · ←/→ changes · enter exports · esc closes"))
	}
	return boxLines(s, lines)
}
