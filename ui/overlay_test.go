package ui

import (
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// footerLine is the screen's last line.
func footerLine(h *harness) string {
	lines := strings.Split(h.screen(), "\n")
	return strings.TrimRight(lines[len(lines)-1], " ")
}

// TestFooterFromFocusedComponent: the footer is the short help of the
// component with the focus, drawn from its own keymap.
func TestFooterFromFocusedComponent(t *testing.T) {
	h := newHarness(t, openStore(t, fixture()))
	want := func(name string, k interface{ ShortHelp() []key.Binding }, must ...string) {
		t.Helper()
		got := footerLine(h)
		if exp := strings.TrimRight(ansi.Strip(truncate(h.m.help.ShortHelpView(k.ShortHelp()), 100)), " "); got != exp {
			t.Fatalf("%s: footer %q, want its keymap's %q", name, got, exp)
		}
		for _, s := range must {
			if !strings.Contains(got, s) {
				t.Fatalf("%s: footer %q lacks %q", name, got, s)
			}
		}
	}
	want("table", h.m.keys, "/ filter", "q quit")
	cases := []struct {
		name string
		open []string
		must []string
	}{
		{"filter bar", []string{"/"}, []string{"tab complete field"}},
		{"columns dialog", []string{"c"}, []string{"space toggle", "K move up"}},
		{"Region picker", []string{"r"}, []string{"enter apply"}},
		{"time picker, typing", []string{"t", "down", "enter"}, []string{"enter apply", "esc back"}},
		{"export dialog", []string{"e"}, []string{"tab next field", "→ next choice"}},
		{"detail view", []string{"enter"}, []string{"n/] next event", "y copy record"}},
		{"compare view", []string{"space", "space", "v"}, []string{"←/h events to the left"}},
	}
	for _, c := range cases {
		h.press(c.open...)
		want(c.name, h.m.top().KeyMap(), c.must...)
		h.press("esc", "esc")
		if !h.m.tableFocused() {
			t.Fatalf("%s: esc esc left %T open", c.name, h.m.top())
		}
	}
	if strings.Contains(footerLine(h), "toggle") {
		t.Fatal("the table's footer kept a dialog's keys")
	}
}

// TestHelpFromFocusedComponent: ? shows the keys of the component that
// has the focus, and any key goes back to it.
func TestHelpFromFocusedComponent(t *testing.T) {
	h := newHarness(t, openStore(t, fixture()))
	h.press("?")
	h.mustShow("Keys: table", "X clear filter", glyphFailed+" failed call")
	h.press("x")
	if !h.m.tableFocused() {
		t.Fatal("a key did not close the help")
	}
	h.mustShow("1 of 200 events") // the key closed the help, it did not remove the attribute

	h.press("enter", "?")
	h.mustShow("Keys: event detail", "n/] next event")
	if s := h.screen(); strings.Contains(s, "X clear filter") || strings.Contains(s, glyphFailed+" failed call") {
		t.Fatalf("the detail view's help shows the table's keys:\n%s", s)
	}
	h.press("j")
	h.mustShow("Event record:")
	h.press("esc")

	h.press("space", "space", "v", "?")
	h.mustShow("Keys: compare view", "←/h events to the left")
	if s := h.screen(); strings.Contains(s, "X clear filter") {
		t.Fatalf("the compare view's help shows the table's keys:\n%s", s)
	}
	h.press("esc")
	h.mustShow("Compare events")
	if !focusIs[*compareView](h) {
		t.Fatalf("after the help the focus is on %T, want the compare view", h.m.top())
	}
}

// TestResultAppliedInTheSameUpdate: what a dialog decides is applied
// before Update returns, so that keys typed right after it (a paste, a
// script) see its effect, whatever its commands do.
func TestResultAppliedInTheSameUpdate(t *testing.T) {
	h := newHarness(t, openStore(t, fixture()))
	h.press("/", "user:alice")
	h.m.Update(tea.KeyPressMsg{Code: tea.KeyEnter}) // its commands are not run
	if h.m.q.text != "user:alice" || !h.m.tableFocused() {
		t.Fatalf("after enter: filter %q, focus on %T", h.m.q.text, h.m.top())
	}
	h.m.Update(tea.KeyPressMsg{Code: 'X', Text: "X"})
	if h.m.q.text != "" {
		t.Fatalf("X right after the filter left %q", h.m.q.text)
	}
	h.press("r", "down")
	h.m.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
	if h.m.q.region != "eu-west-1" || !h.m.tableFocused() {
		t.Fatalf("after enter in the Region picker: Region %q, focus on %T", h.m.q.region, h.m.top())
	}
}
