package ui

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/trailview/trailview/filter"
)

// compiledFilter is what the filter language gives the query: an SQL
// condition with parameters and an optional time bound.
type compiledFilter struct {
	where      string
	args       []any
	start, end time.Time
	// compiled is kept so that its values can be resolved to dictionary
	// IDs against the store before the query runs (filter.Resolve).
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

// filterBar is the one-line filter editor: the filter language with inline
// errors, field-name completion (tab) and history (up/down).
type filterBar struct {
	input   textinput.Model
	history []string
	hpos    int // index into history while browsing it; len = new text
	err     *filterError
	width   int
	styles  Styles
}

func newFilterBar(s Styles) filterBar {
	in := newInput()
	in.Prompt = "/"
	in.CharLimit = filterInputLimit
	in.ShowSuggestions = true
	return filterBar{input: in, styles: s}
}

func (f *filterBar) setStyles(s Styles) { f.styles = s }

func (f *filterBar) setWidth(w int) { f.input.SetWidth(max(w-2, 10)) }

// open starts editing, with the current filter's text.
func (f *filterBar) open(text string) tea.Cmd {
	f.input.SetValue(text)
	f.input.CursorEnd()
	f.hpos = len(f.history)
	f.err = nil
	f.suggest()
	return f.input.Focus()
}

// remember adds text to the history, most recent last, without repeats.
func (f *filterBar) remember(text string) {
	if text == "" {
		return
	}
	for i, h := range f.history {
		if h == text {
			f.history = append(f.history[:i], f.history[i+1:]...)
			break
		}
	}
	f.history = append(f.history, text)
	if len(f.history) > maxFilterHistory {
		f.history = f.history[len(f.history)-maxFilterHistory:]
	}
}

// filterKey handles a key while the filter bar has the focus.
func (m *Model) filterKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	f := &m.filter
	switch {
	case key.Matches(msg, k.Back):
		f.input.Blur()
		f.err = nil
		m.mode = modeTable
		return nil
	case key.Matches(msg, k.Accept):
		text := strings.TrimSpace(f.input.Value())
		if _, ferr := compileFilter(text, m.opts.Now(), m.location()); ferr != nil {
			f.err = ferr
			return nil
		}
		f.remember(text)
		f.input.Blur()
		f.err = nil
		m.mode = modeTable
		m.q.text, m.q.resolved = text, false
		m.clearMarks()
		m.setStatus(hintText(text), false) // a new filter: the last one's messages are out of date
		return m.requery()
	case msg.String() == "up":
		if f.hpos > 0 {
			f.hpos--
			f.input.SetValue(f.history[f.hpos])
			f.input.CursorEnd()
			f.suggest()
		}
		return nil
	case msg.String() == "down":
		if f.hpos < len(f.history) {
			f.hpos++
			v := ""
			if f.hpos < len(f.history) {
				v = f.history[f.hpos]
			}
			f.input.SetValue(v)
			f.input.CursorEnd()
			f.suggest()
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

// view draws the bar. The input scrolls its text within its width, so
// anything past the screen's edge is its padding after a suggestion:
// cut without an ellipsis, which would claim hidden text.
func (f *filterBar) view(width int) string {
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
