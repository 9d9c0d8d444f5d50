package ui

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// helpRequested asks for the help screen of the component that has the
// focus: its keymap, named title, and lines that explain what it draws.
type helpRequested struct {
	title  string
	keys   help.KeyMap
	legend []string
}

// helpScreen is the full help of one component, generated from its
// keymap so that it cannot drift from what the keys do. Any key closes
// it.
type helpScreen struct {
	decision
	req    helpRequested
	styles Styles
	help   help.Model
}

func newHelpScreen(req helpRequested, s Styles) *helpScreen {
	h := &helpScreen{req: req, styles: s, help: help.New()}
	h.help.Styles = s.Help
	return h
}

func (h *helpScreen) placement() placement { return placeFull }

// KeyMap is empty: any key closes the help, and the screen says so.
func (h *helpScreen) KeyMap() help.KeyMap { return noKeys{} }

func (h *helpScreen) Update(msg tea.Msg) (overlay, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		h.close(nil)
	case tea.WindowSizeMsg:
		h.help.SetWidth(msg.Width)
	case stylesChanged:
		h.styles = msg.styles
		h.help.Styles = msg.styles.Help
	}
	return h, nil
}

// View draws the keys in groups, the component's legend, and how to
// write filters and lookups.
func (h *helpScreen) View(_, _ int) string {
	lines := []string{h.styles.Title.Render("trailview help") + " — Keys: " + h.req.title, ""}
	lines = append(lines, strings.Split(h.help.FullHelpView(h.req.keys.FullHelp()), "\n")...)
	if len(h.req.legend) > 0 {
		lines = append(lines, "")
		lines = append(lines, h.req.legend...)
	}
	lines = append(lines, "",
		"Filter language: press / and type e.g.  user:alice  error:AccessDenied  ip:10.0.0.0/8",
		"Lookup (l) works like 'aws cloudtrail lookup-events': one attribute, exact value.",
		"", h.styles.Dim.Render("Press any key to close."))
	return strings.Join(lines, "\n")
}

// noKeys is the keymap of a screen without keys of its own.
type noKeys struct{}

func (noKeys) ShortHelp() []key.Binding  { return nil }
func (noKeys) FullHelp() [][]key.Binding { return nil }
