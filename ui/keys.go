package ui

import "charm.land/bubbles/v2/key"

// KeyMap is every key binding of the UI. Update matches only these
// bindings and the help screen and footer are generated from them, so the
// help cannot drift from what the keys do. Keys follow k9s and less habits.
type KeyMap struct {
	// Everywhere.
	Quit      key.Binding // ctrl+c: always quits cleanly
	Help      key.Binding
	Back      key.Binding // esc: closes a dialog or view, cancels a load
	QuitTable key.Binding // q: quits from the table

	// Moving, in the table and in scrolled views.
	Up       key.Binding
	Down     key.Binding
	PageUp   key.Binding
	PageDown key.Binding
	Top      key.Binding
	Bottom   key.Binding

	// Table.
	Open       key.Binding
	Filter     key.Binding
	ClearText  key.Binding
	Lookup     key.Binding
	ClearAttr  key.Binding
	TimeRange  key.Binding
	Region     key.Binding
	Account    key.Binding
	Tab        key.Binding
	Mark       key.Binding
	Compare    key.Binding
	Columns    key.Binding
	Export     key.Binding
	TimeZone   key.Binding
	Refresh    key.Binding
	NextEvent  key.Binding
	PrevEvent  key.Binding
	Copy       key.Binding
	Toggle     key.Binding // in dialogs: toggle an item
	MoveUp     key.Binding // in the columns dialog: reorder
	MoveDown   key.Binding
	Accept     key.Binding // in dialogs and the filter bar
	Complete   key.Binding // filter bar: complete a field name
	NextField  key.Binding // export dialog
	PrevField  key.Binding
	OptionPrev key.Binding
	OptionNext key.Binding
	// Compare view: show the events that do not fit beside the others.
	EventsLeft  key.Binding
	EventsRight key.Binding
}

// DefaultKeyMap returns the standard bindings.
func DefaultKeyMap() KeyMap {
	b := func(keys []string, k, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, desc))
	}
	return KeyMap{
		Quit:      b([]string{"ctrl+c"}, "ctrl+c", "quit"),
		Help:      b([]string{"?"}, "?", "help"),
		Back:      b([]string{"esc"}, "esc", "back"),
		QuitTable: b([]string{"q"}, "q", "quit"),

		Up:       b([]string{"up", "k"}, "↑/k", "up"),
		Down:     b([]string{"down", "j"}, "↓/j", "down"),
		PageUp:   b([]string{"pgup", "ctrl+b", "b"}, "pgup/b", "page up"),
		PageDown: b([]string{"pgdown", "ctrl+f", "f"}, "pgdn/f", "page down"),
		Top:      b([]string{"home", "g"}, "g/home", "first"),
		Bottom:   b([]string{"end", "G", "shift+g"}, "G/end", "last"),

		Open:      b([]string{"enter"}, "enter", "open"),
		Filter:    b([]string{"/"}, "/", "filter"),
		ClearText: b([]string{"X", "shift+x"}, "X", "clear filter"),
		Lookup:    b([]string{"l"}, "l", "lookup"),
		ClearAttr: b([]string{"x"}, "x", "remove attribute"),
		TimeRange: b([]string{"t"}, "t", "time"),
		Region:    b([]string{"r"}, "r", "Region"),
		Account:   b([]string{"a"}, "a", "account"),
		Tab:       b([]string{"tab", "i"}, "tab/i", "Insights tab"),
		Mark:      b([]string{"space", "m"}, "space", "mark"),
		Compare:   b([]string{"v"}, "v", "compare marked"),
		Columns:   b([]string{"c"}, "c", "columns"),
		Export:    b([]string{"e"}, "e", "export"),
		TimeZone:  b([]string{"z"}, "z", "UTC/local"),
		Refresh:   b([]string{"ctrl+r", "R", "shift+r"}, "R", "refresh"),
		NextEvent: b([]string{"n", "]"}, "n/]", "next event"),
		PrevEvent: b([]string{"p", "["}, "p/[", "previous event"),
		Copy:      b([]string{"y"}, "y", "copy record"),

		Toggle:     b([]string{"space"}, "space", "toggle"),
		MoveUp:     b([]string{"K", "shift+k", "shift+up"}, "K", "move up"),
		MoveDown:   b([]string{"J", "shift+j", "shift+down"}, "J", "move down"),
		Accept:     b([]string{"enter"}, "enter", "apply"),
		Complete:   b([]string{"tab"}, "tab", "complete field"),
		NextField:  b([]string{"tab", "down"}, "tab", "next field"),
		PrevField:  b([]string{"shift+tab", "up"}, "shift+tab", "previous field"),
		OptionPrev: b([]string{"left"}, "←", "previous choice"),
		OptionNext: b([]string{"right"}, "→", "next choice"),

		EventsLeft:  b([]string{"left", "h"}, "←/h", "events to the left"),
		EventsRight: b([]string{"right", "l"}, "→/l", "events to the right"),
	}
}

// tableShort is the footer of the table: the most useful keys.
func (k KeyMap) tableShort() []key.Binding {
	return []key.Binding{k.Open, k.Filter, k.Lookup, k.TimeRange, k.Region, k.Columns, k.Export, k.Help, k.QuitTable}
}

// tableFull groups every table key for the help screen.
func (k KeyMap) tableFull() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom, k.Open},
		{k.Filter, k.ClearText, k.Lookup, k.ClearAttr, k.TimeRange, k.Region, k.Account},
		{k.Tab, k.Mark, k.Compare, k.Columns, k.Export, k.TimeZone, k.Refresh},
		{k.Help, k.Back, k.QuitTable, k.Quit},
	}
}

// detailShort is the footer of the detail view.
func (k KeyMap) detailShort() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.NextEvent, k.PrevEvent, k.Copy, k.Back}
}

// detailFull groups the detail view's keys for the help screen.
func (k KeyMap) detailFull() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom},
		{k.NextEvent, k.PrevEvent, k.Copy, k.Back},
	}
}

// columnsShort is the footer of the columns dialog.
func (k KeyMap) columnsShort() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.Toggle, k.MoveUp, k.MoveDown, k.Accept, k.Back}
}

// listShort is the footer of the pickers (Region, account, lookup, time).
func (k KeyMap) listShort() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.Accept, k.Back}
}

// filterShort is the footer while typing a filter.
func (k KeyMap) filterShort() []key.Binding {
	return []key.Binding{k.Accept, k.Complete, k.Up, k.Down, k.Back}
}

// exportShort is the footer of the export dialog.
func (k KeyMap) exportShort() []key.Binding {
	return []key.Binding{k.NextField, k.OptionPrev, k.OptionNext, k.Accept, k.Back}
}

// compareShort is the footer of the compare view.
func (k KeyMap) compareShort() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.EventsLeft, k.EventsRight, k.Back}
}

// shortKeys is a footer of fixed bindings, until every component has
// its own keymap.
type shortKeys []key.Binding

func (k shortKeys) ShortHelp() []key.Binding  { return k }
func (k shortKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k} }

// fullKeys is a help screen of fixed groups, until every component has
// its own keymap.
type fullKeys [][]key.Binding

func (k fullKeys) ShortHelp() []key.Binding  { return nil }
func (k fullKeys) FullHelp() [][]key.Binding { return k }

// keyBinding shortens signatures that take lists of bindings.
type keyBinding = key.Binding

// The bindings shared by several components' keymaps, made in one place
// so that a key is drawn and described the same wherever it is listed.

func bind(keys []string, k, desc string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, desc))
}

func upKey() key.Binding       { return bind([]string{"up", "k"}, "↑/k", "up") }
func downKey() key.Binding     { return bind([]string{"down", "j"}, "↓/j", "down") }
func pageUpKey() key.Binding   { return bind([]string{"pgup", "ctrl+b", "b"}, "pgup/b", "page up") }
func pageDownKey() key.Binding { return bind([]string{"pgdown", "ctrl+f", "f"}, "pgdn/f", "page down") }
func topKey() key.Binding      { return bind([]string{"home", "g"}, "g/home", "first") }
func bottomKey() key.Binding   { return bind([]string{"end", "G", "shift+g"}, "G/end", "last") }
func helpKey() key.Binding     { return bind([]string{"?"}, "?", "help") }
func backKey() key.Binding     { return bind([]string{"esc"}, "esc", "back") }
func acceptKey() key.Binding   { return bind([]string{"enter"}, "enter", "apply") }
func toggleKey() key.Binding   { return bind([]string{"space"}, "space", "toggle") }

// closeKey is esc in the full-screen views, where q closes them too (it
// quits only from the table): shown as esc alone.
func closeKey() key.Binding { return bind([]string{"esc", "q"}, "esc", "back") }
