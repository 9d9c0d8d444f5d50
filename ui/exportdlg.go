package ui

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/trailview/trailview/export"
	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/store"
)

// exportStarted tells the root that an export is running (so that
// quitting waits for it) and the file name typed, which the next export
// dialog offers again.
type exportStarted struct {
	typed string
	job   *exportJob
}

// exportField is one line of the export dialog, in the order tab visits
// them.
type exportField int

const (
	fieldFormat  exportField = iota // CSV, JSON or JSON lines
	fieldEvents                     // all matches or the marked rows
	fieldColumns                    // the console's CSV columns or the screen's
	fieldFile                       // the file name
	exportFields                    // how many there are
)

// step moves to the next (1) or previous (-1) field, round the dialog.
func (f exportField) step(d int) exportField {
	return (f + exportField(d) + exportFields) % exportFields
}

// exportSource is what the export dialog exports: the root's query in
// force when enter is pressed, or the marked rows.
type exportSource struct {
	ctx      context.Context
	st       *store.Store
	query    func() history.Query
	category history.Category
	marked   []int64
	columns  []string // the columns on screen, for CSV "as on screen"
	// matches tells how many events "all matches" covers; exact is false
	// while they are still being counted.
	matches func() (n int64, exact bool)
}

// exportDialog asks for a format, which events, which CSV columns and a
// file name, then runs an exportJob with progress.
type exportDialog struct {
	decision
	src      exportSource
	field    exportField
	format   export.Format
	marked   bool // only the marked rows
	onScreen bool // CSV columns as on screen, not the console's 16
	name     textinput.Model
	confirm  bool // the file exists: enter again overwrites

	running bool
	written int64
	job     *exportJob
	err     string
	styles  Styles
	keys    exportKeyMap
}

// exportKeyMap is the export dialog's keys.
type exportKeyMap struct {
	NextField, PrevField   key.Binding
	OptionPrev, OptionNext key.Binding
	Toggle                 key.Binding // steps a choice like →
	Accept, Back           key.Binding
}

func (k exportKeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.NextField, k.OptionPrev, k.OptionNext, k.Accept, k.Back}
}

func (k exportKeyMap) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// newExportKeyMap is the export dialog's keys.
func newExportKeyMap() exportKeyMap {
	return exportKeyMap{
		NextField:  bind([]string{"tab", "down"}, "tab", "next field"),
		PrevField:  bind([]string{"shift+tab", "up"}, "shift+tab", "previous field"),
		OptionPrev: bind([]string{"left"}, "←", "previous choice"),
		OptionNext: bind([]string{"right"}, "→", "next choice"),
		Toggle:     toggleKey(), Accept: acceptKey(), Back: backKey(),
	}
}

// newExportDialog offers to export src to the file last typed (default
// event_history.csv), the marked rows when there are any.
func newExportDialog(src exportSource, last string, s Styles) *exportDialog {
	in := newInput()
	in.Prompt = ""
	in.CharLimit = 4096
	in.SetWidth(48)
	if last == "" {
		last = "event_history.csv"
	}
	in.SetValue(last)
	return &exportDialog{src: src, name: in, marked: len(src.marked) > 0, format: formatOf(last), styles: s, keys: newExportKeyMap()}
}

func (d *exportDialog) placement() placement { return placeDialog }

func (d *exportDialog) KeyMap() help.KeyMap { return d.keys }

// focus gives the file name the cursor when it is the field.
func (d *exportDialog) focus() tea.Cmd {
	if d.field == fieldFile {
		return d.name.Focus()
	}
	d.name.Blur()
	return nil
}

// Update handles keys, pasted file names and the export's progress.
func (d *exportDialog) Update(msg tea.Msg) (overlay, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return d, d.key(msg)
	case tea.PasteMsg:
		if d.field == fieldFile && !d.running {
			var cmd tea.Cmd
			d.name, cmd = d.name.Update(msg)
			return d, cmd
		}
	case exportProgressMsg:
		if d.running {
			d.written = msg.n
			return d, waitExport(d.job.progCh)
		}
	case exportDoneMsg:
		d.done(msg)
	case stylesChanged:
		d.styles = msg.styles
	}
	return d, nil
}

func (d *exportDialog) key(msg tea.KeyPressMsg) tea.Cmd {
	k := d.keys
	if d.running {
		if key.Matches(msg, k.Back) {
			d.job.cancel()
		}
		return nil
	}
	switch {
	case key.Matches(msg, k.Back):
		d.close(nil)
		return nil
	case key.Matches(msg, k.Accept):
		return d.start()
	case key.Matches(msg, k.NextField):
		d.field = d.field.step(1)
		return d.focus()
	case key.Matches(msg, k.PrevField):
		d.field = d.field.step(-1)
		return d.focus()
	}
	if d.field == fieldFile {
		d.confirm = false
		var cmd tea.Cmd
		d.name, cmd = d.name.Update(msg)
		return cmd
	}
	switch {
	case key.Matches(msg, k.OptionNext), key.Matches(msg, k.Toggle):
		d.choose(1)
	case key.Matches(msg, k.OptionPrev):
		d.choose(-1)
	}
	return nil
}

// choose steps the focused field's choice. Choices stop at either end
// rather than wrap around: a → too many on "N marked" must not silently
// become "all matches".
func (d *exportDialog) choose(step int) {
	switch d.field {
	case fieldFormat:
		f := export.Format(clampChoice(int(d.format), step, 3))
		if f != d.format {
			d.format = f
			d.name.SetValue(strings.TrimSuffix(d.name.Value(), filepath.Ext(d.name.Value())) + d.format.Ext())
			d.confirm = false
		}
	case fieldEvents:
		d.marked = len(d.src.marked) > 0 && clampChoice(boolChoice(d.marked), step, 2) == 1
	case fieldColumns:
		d.onScreen = clampChoice(boolChoice(d.onScreen), step, 2) == 1
	}
}

// clampChoice moves cur by step among n choices, stopping at the ends.
func clampChoice(cur, step, n int) int { return max(min(cur+step, n-1), 0) }

func boolChoice(b bool) int {
	if b {
		return 1
	}
	return 0
}

// start runs the export in the background.
func (d *exportDialog) start() tea.Cmd {
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
	q := d.src.query()
	if d.marked {
		q = history.Query{Category: d.src.category, RowIDs: d.src.marked}
	}
	opts := export.Options{Format: d.format}
	if d.format == export.CSV && d.onScreen {
		opts.Columns = csvColumns(d.src.columns)
	}
	job, cmd := startExportJob(d.src.ctx, d.src.st, q, path, opts, d.confirm)
	d.running, d.job, d.written, d.err = true, job, 0, ""
	d.report(exportStarted{typed: typed, job: job})
	return cmd
}

// done reports the outcome: the dialog closes on success, and stays
// with the reason otherwise.
func (d *exportDialog) done(msg exportDoneMsg) {
	d.running = false
	switch {
	case msg.err == nil:
		files := strings.Join(msg.res.Files, ", ")
		d.close(statusReport{text: fmt.Sprintf("exported %s to %s", eventsText(msg.res.Events), files)})
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
		return "will write " + eventsText(int64(len(d.src.marked)))
	}
	if d.src.matches == nil {
		return "will write every matching event"
	}
	n, exact := d.src.matches()
	switch {
	case !exact && n == 0:
		return "will write every matching event (still counting)"
	case !exact:
		return "will write ≥ " + eventsText(n) + " (still counting)"
	}
	return "will write " + eventsText(n)
}

// View draws the dialog.
func (d *exportDialog) View(_, _ int) string {
	s := d.styles
	line := func(f exportField, label, value string) string {
		l := pad(label, 13) + value
		if f == d.field {
			return s.ItemActive.Render("▸ " + l)
		}
		return "  " + l
	}
	opt := func(f exportField, label string, choices []string, cur int) string {
		var parts []string
		for j, c := range choices {
			if j == cur {
				c = "(•) " + c
			} else {
				c = "( ) " + c
			}
			parts = append(parts, c)
		}
		return line(f, label, strings.Join(parts, "  "))
	}
	nameView, escaped := escapedInputView(d.name, d.name.Width(), s.StatusError)
	if !escaped {
		nameView = d.name.View()
	}
	name := "  " + pad("File", 13) + nameView
	if d.field == fieldFile {
		name = "▸ " + pad("File", 13) + nameView
	}
	lines := []string{
		s.DialogTitle.Render("Export events"),
		opt(fieldFormat, "Format", []string{"CSV", "JSON", "JSON lines"}, int(d.format)),
		opt(fieldEvents, "Events", []string{"all matches", fmt.Sprintf("%d marked", len(d.src.marked))}, boolChoice(d.marked)),
		opt(fieldColumns, "CSV columns", []string{"console's 16", "as on screen"}, boolChoice(d.onScreen)),
		name, "", d.willWrite(),
	}
	switch {
	case d.running:
		lines = append(lines, fmt.Sprintf("writing… %s events (esc cancels)", commas(d.written)))
	case d.err != "":
		lines = append(lines, s.StatusError.Render(truncate(Sanitize(d.err), 70)))
	default:
		lines = append(lines, s.Dim.Render("tab moves · ←/→ changes · enter exports · esc closes"))
	}
	return boxView(s, lines)
}
