package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// listKeys are the cursor keys the list views (the dossier, the sessions)
// share, with the one way they move a cursor.
type listKeys struct {
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding
}

func newListKeys() listKeys {
	return listKeys{Up: upKey(), Down: downKey(), PageUp: pageUpKey(), PageDown: pageDownKey(), Top: topKey(), Bottom: bottomKey()}
}

// move returns the cursor of a list of n rows after msg, page rows to a
// page; ok is false for keys that do not move it.
func (l listKeys) move(msg tea.KeyPressMsg, cur, n, page int) (next int, ok bool) {
	switch {
	case key.Matches(msg, l.Down):
		cur++
	case key.Matches(msg, l.Up):
		cur--
	case key.Matches(msg, l.PageDown):
		cur += page
	case key.Matches(msg, l.PageUp):
		cur -= page
	case key.Matches(msg, l.Top):
		cur = 0
	case key.Matches(msg, l.Bottom):
		cur = n - 1
	default:
		return cur, false
	}
	return max(min(cur, n-1), 0), true
}
