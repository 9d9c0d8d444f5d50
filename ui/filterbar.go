package ui

import (
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/trailview/trailview/filter"
	"github.com/trailview/trailview/history"
)

// compiledFilter is what the filter language gives the query: a
// predicate and an optional time bound.
type compiledFilter struct {
	pred       history.Predicate
	start, end time.Time
	// compiled is kept to tell whether compiling again at a later clock
	// or in another zone changes what the filter selects (sameFilter).
	compiled *filter.Filter
}

// filterError is a filter mistake located in the text.
type filterError struct {
	column int // 1-based position of the mistake; 0 when unknown
	length int
	msg    string
}

// maxFilterHistory bounds the remembered filters.
const maxFilterHistory = 50

// filterApplied is the filter text the filter bar (/) applies; "" is no
// filter.
type filterApplied struct{ text string }

// filterBar is the one-line filter editor: the filter language with inline
// errors, field-name completion (tab) and history (up/down).
type filterBar struct {
	decision
	input   textinput.Model
	history []string
	hpos    int // index into history while browsing it; len = new text
	err     *filterError
	styles  Styles
	keys    filterKeyMap
	// now and loc compile the text on enter: since: is relative to now,
	// and times without a zone are read in loc, the zone on screen.
	now func() time.Time
	loc *time.Location
}

// filterKeyMap is the filter bar's keys; any other key edits the text.
type filterKeyMap struct {
	Accept   key.Binding
	Complete key.Binding // complete a field name
	Older    key.Binding // the previous filter in the history
	Newer    key.Binding
	Back     key.Binding
}

func (k filterKeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Accept, k.Complete, k.Older, k.Newer, k.Back}
}

func (k filterKeyMap) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// newFilterKeyMap is the filter bar's keys.
func newFilterKeyMap() filterKeyMap {
	return filterKeyMap{
		Accept:   acceptKey(),
		Complete: bind([]string{"tab"}, "tab", "complete field"),
		// Only the arrows: k and j are text here. The help names them as
		// the table does (↑/k, ↓/j) so that the keys users see stay the same.
		Older: bind([]string{"up"}, "↑/k", "up"),
		Newer: bind([]string{"down"}, "↓/j", "down"),
		Back:  backKey(),
	}
}

// newFilterBar edits text, with history the filters applied before (most
// recent last), for a screen width cells wide.
func newFilterBar(text string, history []string, now func() time.Time, loc *time.Location, s Styles) *filterBar {
	in := newInput()
	in.Prompt = "/"
	in.CharLimit = filterInputLimit
	in.ShowSuggestions = true
	f := &filterBar{input: in, history: history, hpos: len(history), styles: s, now: now, loc: loc, keys: newFilterKeyMap()}
	f.input.SetValue(text)
	f.input.CursorEnd()
	f.suggest()
	return f
}

// Focus puts the cursor in the text.
func (f *filterBar) Focus() tea.Cmd { return f.input.Focus() }

func (f *filterBar) placement() placement { return placeBar }

func (f *filterBar) KeyMap() help.KeyMap { return f.keys }

// rememberFilter adds text to the history, most recent last, without
// repeats, keeping the last maxFilterHistory.
func rememberFilter(history []string, text string) []string {
	if text == "" {
		return history
	}
	history = slices.DeleteFunc(slices.Clone(history), func(h string) bool { return h == text })
	history = append(history, text)
	if len(history) > maxFilterHistory {
		history = history[len(history)-maxFilterHistory:]
	}
	return history
}

// Update handles keys, pasted text, the screen's width and styles.
func (f *filterBar) Update(msg tea.Msg) (overlay, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return f, f.key(msg)
	case tea.PasteMsg:
		return f, f.paste(msg)
	case tea.WindowSizeMsg:
		f.input.SetWidth(max(msg.Width-2, 10))
	case stylesChanged:
		f.styles = msg.styles
	}
	return f, nil
}

func (f *filterBar) key(msg tea.KeyPressMsg) tea.Cmd {
	k := f.keys
	switch {
	case key.Matches(msg, k.Back):
		f.input.Blur()
		f.err = nil
		f.close(nil)
		return nil
	case key.Matches(msg, k.Accept):
		text := strings.TrimSpace(f.input.Value())
		if _, ferr := compileFilter(text, f.now(), f.loc); ferr != nil {
			f.err = ferr
			return nil
		}
		f.input.Blur()
		f.err = nil
		f.close(filterApplied{text: text})
		return nil
	case key.Matches(msg, k.Older):
		if f.hpos > 0 {
			f.hpos--
			f.recall()
		}
		return nil
	case key.Matches(msg, k.Newer):
		if f.hpos < len(f.history) {
			f.hpos++
			f.recall()
		}
		return nil
	case key.Matches(msg, k.Complete):
		f.complete()
		return nil
	}
	f.err = nil
	var cmd tea.Cmd
	f.input, cmd = f.input.Update(msg)
	f.suggest()
	return cmd
}

// recall shows the history entry at hpos; past the last, an empty text.
func (f *filterBar) recall() {
	v := ""
	if f.hpos < len(f.history) {
		v = f.history[f.hpos]
	}
	f.input.SetValue(v)
	f.input.CursorEnd()
	f.suggest()
}

// View draws the bar and, under it, a mistake or a likely slip; without
// either the footer goes there.
func (f *filterBar) View(width, _ int) string {
	bar := f.barLine(width)
	if e := f.errorLine(width); e != "" {
		return bar + "\n" + e
	}
	if h := f.hintLine(width); h != "" {
		return bar + "\n" + h
	}
	return bar
}

// completionWord is the word before the cursor that completion would
// finish, and the rune index where it starts; ok is false when the cursor
// is not after a field name being typed.
func (f *filterBar) completionWord() (start int, word string, ok bool) {
	v := []rune(f.input.Value())
	pos := min(f.input.Position(), len(v))
	start = pos
	for start > 0 && !strings.ContainsRune(" ()!", v[start-1]) {
		start--
	}
	if start < pos && v[start] == '-' {
		start++ // -us completes like us: a negated field
	}
	word = string(v[start:pos])
	if word == "" || strings.ContainsAny(word, ":=<>~") {
		return 0, "", false
	}
	return start, word, true
}

// fieldMatches are the field names (and aliases) that start with word,
// ignoring case, in completion order.
func fieldMatches(word string) []string {
	var out []string
	for _, s := range fieldNames() {
		if strings.HasPrefix(strings.ToLower(s), strings.ToLower(word)) {
			out = append(out, s)
		}
	}
	return out
}

// suggest tells the text input what completion would insert, so that the
// dimmed suggestion it draws after the cursor is exactly what tab adds.
// The input only draws a suggestion that extends the whole text, so none
// shows while the cursor is inside the text.
func (f *filterBar) suggest() {
	start, _, ok := f.completionWord()
	var sugg []string
	if ok {
		head := string([]rune(f.input.Value())[:start])
		for _, name := range fieldMatches(string([]rune(f.input.Value())[start:f.input.Position()])) {
			sugg = append(sugg, head+name+":")
		}
	}
	f.input.SetSuggestions(sugg)
}

// complete inserts the field name being typed at the cursor, with its
// colon: the suggestion the input shows (ctrl+n/ctrl+p choose another),
// or, inside the text, the first match, which is what the bar would show
// with the cursor at the end.
func (f *filterBar) complete() {
	start, word, ok := f.completionWord()
	if !ok {
		return
	}
	match := fieldMatches(word)
	if len(match) == 0 {
		return
	}
	v := []rune(f.input.Value())
	pos := start + len([]rune(word))
	name := []rune(match[0] + ":")
	if pos == len(v) {
		if shown := []rune(f.input.CurrentSuggestion()); len(shown) > pos {
			name = shown[start:]
		}
	}
	// The typed letters stay as typed, as the suggestion draws them.
	done := string(v[:pos]) + string(name[len([]rune(word)):])
	f.input.SetValue(done + string(v[pos:]))
	f.input.SetCursor(len([]rune(done)))
	f.suggest()
}

// barLine draws the bar. The input scrolls its text within its width, so
// anything past the screen's edge is its padding after a suggestion:
// cut without an ellipsis, which would claim hidden text.
func (f *filterBar) barLine(width int) string {
	if v, ok := f.escapedView(width); ok {
		return v
	}
	return ansi.Truncate(f.input.View(), width, "")
}

// errorLine is drawn under the bar while the text has a mistake: a caret
// under it, then the message.
func (f *filterBar) errorLine(width int) string {
	if f.err == nil {
		return ""
	}
	msg := "error"
	if f.err.column > 0 {
		msg += " at column " + itoa(f.err.column)
	}
	msg += ": " + f.err.msg
	mark := f.errorMarker()
	if ansi.StringWidth(mark)+2+ansi.StringWidth(msg) > width {
		mark = "" // the message alone when both do not fit
	} else if mark != "" {
		mark += "  "
	}
	return truncate(f.styles.StatusError.Render(mark+Sanitize(msg)), width)
}

// errorMarker points at the mistake, aligned with the text above it.
func (f *filterBar) errorMarker() string {
	if f.err == nil || f.err.column <= 0 {
		return ""
	}
	v := []rune(f.input.Value())
	col := min(f.err.column-1, len(v)) // Column counts runes, from 1
	return strings.Repeat(" ", 1+ansi.StringWidth(string(v[:col]))) + strings.Repeat("^", max(f.err.length, 1))
}

func itoa(n int) string { return commas(int64(n)) }

// newInput is a text input with a steady cursor: a blinking one would
// keep a timer running, and redraw the screen, for nothing.
func newInput() textinput.Model {
	in := textinput.New()
	st := in.Styles()
	st.Cursor.Blink = false
	in.SetStyles(st)
	return in
}
