package ui

import (
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/trailview/trailview/filter"
)

// The filter bar holds what the user pasted, which may come from an
// event (a user name, a resource name) and so may be hostile: it is
// checked as the command line checks --filter before it is taken, and any
// character a terminal would act on instead of showing is drawn as a
// visible <U+XXXX> while editing.

// filterInputLimit bounds the text input in runes. A text of more runes
// than filter.MaxLength has more bytes too, so the input never cuts a
// filter the language would accept: whatever it cuts is refused on enter
// with the language's own error, never applied shortened.
const filterInputLimit = filter.MaxLength + 1

// paste inserts pasted text at the cursor unless the filter would then be
// refused whatever its syntax (too long, a control character): the bar
// then keeps its text and shows the language's error.
func (f *filterBar) paste(msg tea.PasteMsg) tea.Cmd {
	v := []rune(f.input.Value())
	pos := min(f.input.Position(), len(v))
	// The input turns line breaks and tabs into spaces as it inserts.
	content := strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ", "\t", " ").Replace(msg.Content)
	next := string(v[:pos]) + content + string(v[pos:])
	if err := filter.CheckText(next); err != nil {
		why := err.Error()
		var fe *filter.Error
		if errors.As(err, &fe) {
			why = fe.Msg
		}
		f.err = &filterError{msg: fmt.Sprintf("%s (the %s-byte paste was not inserted)", why, commas(int64(len(msg.Content))))}
		return nil
	}
	f.err = nil
	var cmd tea.Cmd
	f.input, cmd = f.input.Update(msg)
	f.suggest()
	return cmd
}

// hiddenRune reports a rune the terminal would not show as itself: a
// control, a bidi override, a zero-width character (what Sanitize
// replaces).
func hiddenRune(r rune) bool {
	s := string(r)
	return Sanitize(s) != s
}

// escapedView draws the bar when its text holds hidden runes (see
// escapedInputView).
func (f *filterBar) escapedView(width int) (string, bool) {
	return escapedInputView(f.input, width, f.styles.StatusError)
}

// escapedInputView draws a text input whose text holds hidden runes: each
// shows as <U+XXXX> in the hidden style, and the window scrolls to keep
// the cursor on screen. Every input that may receive a paste (the filter,
// a lookup value, an export file name) draws through it: a pasted value
// often comes from an event. ok is false when there is nothing to escape
// and the input draws itself.
func escapedInputView(in textinput.Model, width int, hiddenStyle lipgloss.Style) (string, bool) {
	v := []rune(in.Value())
	hidden := false
	for _, r := range v {
		hidden = hidden || hiddenRune(r)
	}
	if !hidden {
		return "", false
	}
	pos := min(in.Position(), len(v))
	cells := make([]string, len(v)+1) // one per rune, then the cursor's end slot
	for i, r := range v {
		cells[i] = string(r)
		if hiddenRune(r) {
			cells[i] = fmt.Sprintf("<U+%04X>", r)
		}
	}
	cells[len(v)] = " "
	room := max(width-ansi.StringWidth(in.Prompt), 1)
	// The first cell shown is the leftmost that still keeps the cursor's
	// cell on screen.
	first, used := pos, ansi.StringWidth(cells[pos])
	for first > 0 {
		w := ansi.StringWidth(cells[first-1])
		if used+w > room {
			break
		}
		first--
		used += w
	}
	cursor := lipgloss.NewStyle().Reverse(true)
	var b strings.Builder
	b.WriteString(in.Prompt)
	used = 0
	for i := first; i < len(cells); i++ {
		w := ansi.StringWidth(cells[i])
		if used+w > room {
			break
		}
		used += w
		switch {
		case i == pos:
			b.WriteString(cursor.Render(cells[i]))
		case i < len(v) && hiddenRune(v[i]):
			b.WriteString(hiddenStyle.Render(cells[i]))
		default:
			b.WriteString(cells[i])
		}
	}
	return b.String(), true
}

// hintText suggests what the text probably meant when it is valid but
// reads like a slip (a lower-case or, user=alice); "" when nothing.
func hintText(text string) string {
	hints := filter.Hints(text)
	if len(hints) == 0 {
		return ""
	}
	seen := map[string]bool{}
	var uniq []string
	for _, h := range hints {
		if !seen[h] {
			seen[h] = true
			uniq = append(uniq, h)
		}
	}
	return "did you mean " + strings.Join(uniq, " / ") + "? (the filter runs as typed)"
}

// hintLine is drawn under the bar, in place of the key help, while the
// text has a likely slip.
func (f *filterBar) hintLine(width int) string {
	h := hintText(f.input.Value())
	if h == "" {
		return ""
	}
	return f.styles.Notice.Render(truncate(Sanitize(h), width))
}
