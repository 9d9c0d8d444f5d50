package ui

import (
	"slices"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
)

// An overlay is a dialog or view that has the keys while it is open: the
// root keeps a stack of them above the table, and the top one has the
// focus. Each is a component in the Bubbles shape: a constructor, Update
// returning itself (or its replacement) and a command, View, and its own
// KeyMap, from which the footer and the help screen (?) are drawn.
//
// An overlay never changes the root's state: it reports what it decided
// (a typed result, results.go) and whether it is done, and the root
// applies that right after the Update, in the same turn of the program,
// so that keys typed after it see its effect (the way a parent reads a
// huh.Form's State after updating it).
type overlay interface {
	Update(msg tea.Msg) (overlay, tea.Cmd)
	// View draws the overlay in the area its placement gives it.
	View(width, height int) string
	KeyMap() help.KeyMap
	// placement says where the root draws it.
	placement() placement
	// takeOutcome returns what the last Update decided and forgets it.
	takeOutcome() outcome
}

// placement is where an overlay is drawn; areaOf gives its size.
type placement int

const (
	// placeDialog is a box centred over the table; the status line and
	// the overlay's footer are below the table.
	placeDialog placement = iota
	// placeBar is the filter bar: below the table in place of the status
	// line; a one-line View gets the footer below it, a two-line View
	// uses that line itself.
	placeBar
	// placeView is a view in place of the header and table, with the
	// status line and the footer below it (the detail view).
	placeView
	// placeViewNoStatus is a view above the footer alone (compare).
	placeViewNoStatus
	// placeFull is the whole screen (help).
	placeFull
)

// outcome is what an overlay decided in one Update.
type outcome struct {
	result tea.Msg // a typed decision for the root (apply); nil when none
	closed bool    // the overlay is done: the root takes it off the stack
}

// decision is embedded by every overlay to keep its outcome until the
// root takes it.
type decision struct{ out outcome }

func (d *decision) takeOutcome() outcome {
	out := d.out
	d.out = outcome{}
	return out
}

// report hands the root a result while the overlay stays open.
func (d *decision) report(result tea.Msg) { d.out.result = result }

// close ends the overlay, with a result for the root or nil.
func (d *decision) close(result tea.Msg) { d.out = outcome{result: result, closed: true} }

// tableFocused reports that the table has the keys.
func (m *Model) tableFocused() bool { return len(m.overlays) == 0 }

// top is the overlay with the focus; nil when the table has it.
func (m *Model) top() overlay {
	if len(m.overlays) == 0 {
		return nil
	}
	return m.overlays[len(m.overlays)-1]
}

// push opens o above the others and tells it the size of its area.
func (m *Model) push(o overlay) tea.Cmd {
	m.overlays = append(m.overlays, o)
	return m.updateOverlay(o, m.sizeFor(o))
}

// replaceTop puts o in place of the top overlay.
func (m *Model) replaceTop(o overlay) tea.Cmd {
	m.overlays = m.overlays[:len(m.overlays)-1]
	return m.push(o)
}

// updateOverlay hands msg to o, then takes o off the stack if it is done
// and applies its result.
func (m *Model) updateOverlay(o overlay, msg tea.Msg) tea.Cmd {
	i := slices.Index(m.overlays, o)
	if i < 0 {
		return nil
	}
	next, cmd := o.Update(msg)
	m.overlays[i] = next
	out := next.takeOutcome()
	if out.closed {
		m.overlays = slices.Delete(m.overlays, i, i+1)
	}
	if out.result != nil {
		cmd = tea.Batch(cmd, m.apply(out.result))
	}
	return cmd
}

// broadcast hands msg to every overlay, from the bottom: data that
// arrives for a view under another (a record for the detail view under
// the help screen) is not lost.
func (m *Model) broadcast(msg tea.Msg) tea.Cmd {
	var cmds []tea.Cmd
	for _, o := range slices.Clone(m.overlays) {
		cmds = append(cmds, m.updateOverlay(o, msg))
	}
	return tea.Batch(cmds...)
}

// areaOf is the size an overlay of placement p is drawn at.
func (m *Model) areaOf(p placement) (width, height int) {
	switch p {
	case placeDialog:
		return m.width, m.height - len(m.headerLines()) - 2
	case placeBar:
		return m.width, 2
	case placeView:
		return m.width, max(m.height-2, 1)
	case placeViewNoStatus:
		return m.width, m.height - 1
	}
	return m.width, m.height
}

// sizeFor is the size message o gets when it opens and on every resize.
func (m *Model) sizeFor(o overlay) tea.WindowSizeMsg {
	w, h := m.areaOf(o.placement())
	return tea.WindowSizeMsg{Width: w, Height: h}
}

// resizeOverlays tells every overlay its new size.
func (m *Model) resizeOverlays() tea.Cmd {
	var cmds []tea.Cmd
	for _, o := range slices.Clone(m.overlays) {
		cmds = append(cmds, m.updateOverlay(o, m.sizeFor(o)))
	}
	return tea.Batch(cmds...)
}

// overlayScreen draws the screen with o on top.
func (m *Model) overlayScreen(o overlay) []string {
	p := o.placement()
	w, h := m.areaOf(p)
	switch p {
	case placeFull:
		return splitLines(o.View(w, h))
	case placeView:
		return append(padLines(splitLines(o.View(w, h)), h), m.statusLine(), m.footer(o.KeyMap()))
	case placeViewNoStatus:
		return append(padLines(splitLines(o.View(w, h)), h), m.footer(o.KeyMap()))
	}
	head := m.headerLines()
	tableH := m.height - len(head) - 2
	lines := head
	if p == placeBar {
		lines = append(lines, m.bodyLines(tableH)...)
		bar := splitLines(o.View(w, h))
		lines = append(lines, bar...)
		if len(bar) < 2 {
			lines = append(lines, m.footer(o.KeyMap()))
		}
		return lines
	}
	lines = append(lines, drawOver(m.bodyLines(tableH), splitLines(o.View(w, tableH)), m.width)...)
	return append(lines, m.statusLine(), m.footer(o.KeyMap()))
}

// stylesChanged tells the overlays the styles for the terminal's
// background, which arrive after they may have opened.
type stylesChanged struct{ styles Styles }
