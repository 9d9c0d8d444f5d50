package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/trailview/trailview/history"
)

// picker is the one list dialog behind the Region, account, lookup
// attribute and time range choices. An item may ask for a typed value
// (a lookup value, a custom range), which the same dialog then takes.
type picker struct {
	title  string
	items  []pickItem
	cursor int
	// input is non-nil while a value is being typed for items[cursor].
	input *textinput.Model
	err   string
	// refresh rebuilds the items when new counts arrive.
	refresh func(m *Model)
	// choose applies the chosen item (and typed value); an error keeps
	// the dialog open with the message.
	choose func(m *Model, it pickItem, value string) (tea.Cmd, error)
}

type pickItem struct {
	label  string
	value  string
	prompt string // non-empty: ask for a value with this prompt
}

func (m *Model) openPicker(p picker) {
	m.picker = p
	m.mode = modePicker
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

// keys is the footer for the picker's current stage.
func (p *picker) keys(k KeyMap) []keyBinding {
	if p.input != nil {
		return []keyBinding{k.Accept, k.Back}
	}
	return k.listShort()
}

// pickerKey handles a key in a picker.
func (m *Model) pickerKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	p := &m.picker
	if p.input != nil {
		switch {
		case key.Matches(msg, k.Back):
			p.input, p.err = nil, ""
			return nil
		case key.Matches(msg, k.Accept):
			return m.pick(p.items[p.cursor], p.input.Value())
		}
		var cmd tea.Cmd
		*p.input, cmd = p.input.Update(msg)
		return cmd
	}
	switch {
	case key.Matches(msg, k.Back):
		m.mode = modeTable
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
			m.mode = modeTable
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
		return m.pick(it, "")
	}
	return nil
}

// pick applies an item, closing the dialog unless it was refused.
func (m *Model) pick(it pickItem, value string) tea.Cmd {
	cmd, err := m.picker.choose(m, it, value)
	if err != nil {
		m.picker.err = err.Error()
		return nil
	}
	m.picker = picker{}
	m.mode = modeTable
	return cmd
}

// view draws the picker in at most height lines.
func (p *picker) view(s Styles, height int) []string {
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
		lines = append(lines, "", p.input.View())
	}
	if p.err != "" {
		// Wrapped, not cut: the end of a message is often the example.
		for _, l := range wrapWords(Sanitize(p.err), 44) {
			lines = append(lines, s.StatusError.Render(l))
		}
	}
	return boxLines(s, lines)
}

// regionPicker lists the store's Regions with their event counts.
func (m *Model) regionPicker() picker {
	p := picker{title: "Region (events in the current tab)"}
	for i, r := range m.regions() {
		p.items = append(p.items, pickItem{label: fmt.Sprintf("%-20s %12s", r.name, commas(r.n)), value: r.name})
		if r.name == m.q.region {
			p.cursor = i
		}
	}
	p.refresh = func(m *Model) { m.picker.setItems(m.regionPicker().items) }
	p.choose = func(m *Model, it pickItem, _ string) (tea.Cmd, error) {
		m.q.region = it.value
		m.clearMarks()
		return m.windowFor(it.value), nil
	}
	return p
}

// accountPicker lists the accounts, or all of them.
func (m *Model) accountPicker() picker {
	p := picker{title: "Account"}
	p.items = append(p.items, pickItem{label: "All accounts", value: ""})
	for i, a := range m.accountList() {
		p.items = append(p.items, pickItem{label: fmt.Sprintf("%-20s %12s", a.name, commas(a.n)), value: a.name})
		if len(m.q.accounts) == 1 && m.q.accounts[0] == a.name {
			p.cursor = i + 1
		}
	}
	p.refresh = func(m *Model) { m.picker.setItems(m.accountPicker().items) }
	p.choose = func(m *Model, it pickItem, _ string) (tea.Cmd, error) {
		m.q.accounts = nil
		if it.value != "" {
			m.q.accounts = []string{it.value}
		}
		m.clearMarks()
		return m.requery(), nil
	}
	return p
}

// lookupPicker offers the LookupEvents attributes valid on the current
// tab (spec 2.3; on the Insights tab only Event ID, Event name and Event
// source, spec 2.7), with the console's labels; the value must match
// exactly, as in the console.
func (m *Model) lookupPicker() picker {
	p := picker{title: "Lookup attribute (exact value, like lookup-events)"}
	for _, k := range history.LookupKeysFor(m.q.category) {
		p.items = append(p.items, pickItem{label: lookupLabel(k), value: k, prompt: lookupLabel(k) + " ="})
	}
	none := "None (read and write events)"
	if m.q.category == history.Insight {
		none = "None (every Insights event)"
	}
	p.items = append(p.items, pickItem{label: none, value: ""})
	p.choose = func(m *Model, it pickItem, value string) (tea.Cmd, error) {
		if it.value == "" {
			m.q.lookup = nil
			return m.requery(), nil
		}
		a, err := lookupAttribute(it.value, value, m.q.category)
		if err != nil {
			return nil, err
		}
		m.q.lookup = a
		return m.requery(), nil
	}
	return p
}

// lookupAttribute checks a value the way LookupEvents does (spec 2.2,
// 2.3, 2.7): 1 to 2000 characters, where _ space , and newline count
// twice; ReadOnly takes only true or false; the Insights tab takes only
// Event ID, Event name and Event source.
func lookupAttribute(keyName, value string, cat history.Category) (*history.LookupAttribute, error) {
	if value == "" {
		return nil, fmt.Errorf("type a value: the lookup matches it exactly")
	}
	n := 0
	for _, r := range value {
		n++
		if strings.ContainsRune("_ ,\n", r) {
			n++
		}
	}
	if n > 2000 {
		return nil, fmt.Errorf("value too long: LookupEvents accepts 2000 characters")
	}
	if keyName == history.AttrReadOnly && value != "true" && value != "false" {
		return nil, fmt.Errorf("Read-only takes true or false")
	}
	if !history.LookupKeyAllowed(keyName, cat) {
		return nil, fmt.Errorf("on the Insights tab only Event ID, Event name and Event source can be looked up")
	}
	return &history.LookupAttribute{Key: keyName, Value: value}, nil
}
