package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// TestPastedHiddenRunesShowEscapedInEveryInput: a value pasted into the
// lookup picker or the export dialog's file name often comes from an
// event, so a bidi override in it is drawn as <U+202E>, as the filter bar
// draws it, and never reaches the terminal raw; the input keeps the exact
// text.
func TestPastedHiddenRunesShowEscapedInEveryInput(t *testing.T) {
	const hostile = "adm\u202Enimda"
	hv := newHarness(t, openStore(t, fixture()))
	hv.press("l")
	for i := 0; i < 7; i++ {
		hv.press("down") // User name
	}
	hv.press("enter")
	hv.send(tea.PasteMsg{Content: hostile})
	if got := hv.picker().input.Value(); got != hostile {
		t.Fatalf("lookup value holds %q, want the pasted text exactly", got)
	}
	assertEscaped(t, "lookup value", hv.m.View().Content)

	he := newHarness(t, openStore(t, fixture()))
	he.press("e", "tab", "tab", "tab")
	he.send(tea.PasteMsg{Content: hostile})
	if got := he.exportDlg().name.Value(); !strings.Contains(got, hostile) {
		t.Fatalf("export file name holds %q, want it to contain the pasted text", got)
	}
	assertEscaped(t, "export file name", he.m.View().Content)
}

func assertEscaped(t *testing.T, where, screen string) {
	t.Helper()
	if strings.ContainsRune(screen, '\u202E') {
		t.Fatalf("%s: U+202E reaches the terminal raw", where)
	}
	if !strings.Contains(screen, "<U+202E>") {
		t.Fatalf("%s: the bidi override is not shown as <U+202E>:\n%s", where, screen)
	}
}
