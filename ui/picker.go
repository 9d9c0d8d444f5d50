package ui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
)

// picker is the one list dialog behind the Region, account, lookup
// attribute and time range choices (pickers.go, timerange.go). An item
// may ask for a typed value (a lookup value, a custom range), which the
// same dialog then takes.
type picker struct {
	decision
	title  string
	items  []pickItem
	cursor int
	// input is non-nil while a value is being typed for items[cursor].
	input  *textinput.Model
	err    string
	styles Styles
	keys   pickerKeyMap
	// decide turns the chosen item and typed value into the result the
	// root applies; an error keeps the dialog open with the message.
	decide func(it pickItem, value string) (tea.Msg, error)
	// refresh rebuilds the items when new counts arrive; nil when the
	// items do not depend on them.
	refresh func(scopeLists) []pickItem
}

type pickItem struct {
	label  string
	value  string
	prompt string // non-empty: ask for a value with this prompt
}

// scopeLists are the Region and account counts of the current tab, sent
// to the overlays whenever they are counted again.
type scopeLists struct {
	regions  []scopeCount
	accounts []scopeCount // of the current Region; nil while counted
}

// pickerKeyMap is the pickers' keys: a list, then, for an item that asks
// for one, a typed value.
type pickerKeyMap struct {
	Up, Down, Top, Bottom key.Binding
	Accept, Back          key.Binding
	typing                bool
}

func newPickerKeyMap() pickerKeyMap {
	return pickerKeyMap{Up: upKey(), Down: downKey(), Top: topKey(), Bottom: bottomKey(), Accept: acceptKey(), Back: backKey()}
}

// ShortHelp is the footer of the picker's current stage.
func (k pickerKeyMap) ShortHelp() []key.Binding {
	if k.typing {
		return []key.Binding{k.Accept, k.Back}
	}
	return []key.Binding{k.Up, k.Down, k.Accept, k.Back}
}

// FullHelp lists the list stage's keys.
func (k pickerKeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.Accept, k.Back}}
}

func newPicker(title string, s Styles) *picker {
	return &picker{title: title, styles: s, keys: newPickerKeyMap()}
}

func (p *picker) placement() placement { return placeDialog }

func (p *picker) KeyMap() help.KeyMap {
	k := p.keys
	k.typing = p.input != nil
	return k
}

// setItems replaces the items, keeping the selection on the same value.
func (p *picker) setItems(items []pickItem) {
	cur := ""
	if p.cursor < len(p.items) {
		cur = p.items[p.cursor].value
	}
	p.items, p.cursor = items, 0
	for i, it := range items {
		if it.value == cur {
			p.cursor = i
		}
	}
}

// Update handles keys, pasted text for a typed value, and new counts.
func (p *picker) Update(msg tea.Msg) (overlay, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if p.input != nil {
			return p, p.typeKey(msg)
		}
		return p, p.listKey(msg)
	case tea.PasteMsg:
		if p.input != nil {
			var cmd tea.Cmd
			*p.input, cmd = p.input.Update(msg)
			return p, cmd
		}
	case scopeLists:
		if p.refresh != nil {
			p.setItems(p.refresh(msg)) // the dialog opened before the counts arrived
		}
	case stylesChanged:
		p.styles = msg.styles
	}
	return p, nil
}

// typeKey handles a key while a value is typed.
func (p *picker) typeKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, p.keys.Back):
		p.input, p.err = nil, ""
		return nil
	case key.Matches(msg, p.keys.Accept):
		p.choose(p.items[p.cursor], p.input.Value())
		return nil
	}
	var cmd tea.Cmd
	*p.input, cmd = p.input.Update(msg)
	return cmd
}

// listKey handles a key while the list has the focus.
func (p *picker) listKey(msg tea.KeyPressMsg) tea.Cmd {
	k := p.keys
	switch {
	case key.Matches(msg, k.Back):
		p.close(nil)
	case key.Matches(msg, k.Up):
		p.cursor = max(p.cursor-1, 0)
	case key.Matches(msg, k.Down):
		p.cursor = min(p.cursor+1, len(p.items)-1)
	case key.Matches(msg, k.Top):
		p.cursor = 0
	case key.Matches(msg, k.Bottom):
		p.cursor = max(len(p.items)-1, 0)
	case key.Matches(msg, k.Accept):
		if len(p.items) == 0 {
			p.close(nil)
			return nil
		}
		it := p.items[p.cursor]
		if it.prompt != "" {
			in := newInput()
			in.Prompt = it.prompt + " "
			in.CharLimit = 2000 // LookupEvents' AttributeValue limit
			in.SetWidth(40)
			p.input = &in
			return in.Focus()
		}
		p.choose(it, "")
	}
	return nil
}

// choose reports the item's result and closes, unless it was refused.
func (p *picker) choose(it pickItem, value string) {
	result, err := p.decide(it, value)
	if err != nil {
		p.err = err.Error()
		return
	}
	p.close(result)
}

// View draws the picker in at most height lines.
func (p *picker) View(_, height int) string {
	s := p.styles
	lines := []string{s.DialogTitle.Render(p.title)}
	rows := max(height-6, 3)
	first := max(min(p.cursor-rows/2, len(p.items)-rows), 0)
	for i := first; i < len(p.items) && i < first+rows; i++ {
		l := pad(Sanitize(p.items[i].label), 44)
		if i == p.cursor {
			l = s.ItemActive.Render(l)
		}
		lines = append(lines, l)
	}
	if len(p.items) == 0 {
		lines = append(lines, s.Dim.Render("(nothing to choose from)"))
	}
	if p.input != nil {
		// The box is 44 cells wide inside (the labels' pad).
		in, ok := escapedInputView(*p.input, 44, s.StatusError)
		if !ok {
			in = p.input.View()
		}
		lines = append(lines, "", in)
	}
	if p.err != "" {
		// Wrapped, not cut: the end of a message is often the example.
		for _, l := range wrapWords(Sanitize(p.err), 44) {
			lines = append(lines, s.StatusError.Render(l))
		}
	}
	return boxView(s, lines)
}
