package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestBreadcrumbEscapesAndCutsFromTheLeft applies filters holding pasted
// invisible characters and one longer than the screen: the breadcrumb
// line shows them escaped, keeps one line, and keeps its newest end.
func TestBreadcrumbEscapesAndCutsFromTheLeft(t *testing.T) {
	h := newHarness(t, openStore(t, fixture()))
	h.send(filterApplied{text: "user:\"bob\u202eevil\""})
	h.mustShow(`/user:"bob\u202eevil" (X)`)
	if strings.Contains(h.screen(), "\u202e") {
		t.Fatal("a bidi override reached the screen raw")
	}
	long := "user:bob " + strings.Repeat("-event:X ", 20) + "-event:Last"
	h.send(filterApplied{text: long})
	line := strings.Split(h.screen(), "\n")[2]
	if w := ansi.StringWidth(line); w > 100 {
		t.Fatalf("breadcrumb line %d cells wide", w)
	}
	if !strings.HasPrefix(strings.TrimSpace(line), "…") || !strings.HasSuffix(strings.TrimSpace(line), "-event:Last (X)") {
		t.Fatalf("breadcrumb not cut from the left: %q", line)
	}
	h.press("[")
	h.mustShow(`no filter › /user:"bob\u202eevil" (X)`)
}
