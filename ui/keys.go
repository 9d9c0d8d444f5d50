package ui

import "charm.land/bubbles/v2/key"

// Every component (the table, each dialog and view) has its own keymap,
// a help.KeyMap declared beside it: Update matches only its bindings, and
// the footer, the help screen (?) and docs/keys.md are generated from
// them, so the help cannot drift from what the keys do. The bindings that
// several components share are made here, so that a key is drawn and
// described the same wherever it is listed.

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
