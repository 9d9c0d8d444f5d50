package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/trailview/trailview/history"
)

// TestTableViewDrawsAFrame draws a row window without a model: titles,
// one line per row on screen with its glyphs, the empty text when there
// are no rows, and always exactly the frame's height.
func TestTableViewDrawsAFrame(t *testing.T) {
	cols := newColumnSet([]string{"Event name", "User name"}).shown()
	w := rowWindow{rows: []history.Event{
		{ID: 3, EventName: "RunInstances", Username: "alice"},
		{ID: 2, EventName: "CreateUser", Username: "bob", ErrorCode: "AccessDenied"},
		{ID: 1, EventName: "Decrypt", Username: "carol"},
	}, cursor: 1, offset: 1}
	f := tableFrame{rows: &w, cols: cols, loc: time.UTC, marked: map[int64]bool{1: true},
		styles: DefaultStyles(true), width: 60, height: 6, empty: []string{"nothing here"}}
	var v tableView
	lines := v.View(f)
	if len(lines) != f.height {
		t.Fatalf("%d lines, want %d", len(lines), f.height)
	}
	plain := func(i int) string { return strings.TrimRight(ansi.Strip(lines[i]), " ") }
	if got := plain(0); !strings.HasPrefix(got, "   Event name") || !strings.Contains(got, "User name") {
		t.Fatalf("titles %q", got)
	}
	if got := plain(1); !strings.HasPrefix(got, glyphCursor+glyphFailed+" [CreateUser") || !strings.Contains(got, "bob") {
		t.Fatalf("selected failed row (the first on screen) %q", got)
	}
	if got := plain(2); !strings.HasPrefix(got, glyphMarked+"  Decrypt") {
		t.Fatalf("marked row %q", got)
	}
	if plain(3) != "" || strings.Contains(strings.Join(lines, "\n"), "RunInstances") {
		t.Fatalf("a row above the screen or filler drawn:\n%s", strings.Join(lines, "\n"))
	}
	empty := rowWindow{}
	f.rows = &empty
	lines = v.View(f)
	if len(lines) != f.height || strings.TrimSpace(ansi.Strip(lines[1])) != "nothing here" {
		t.Fatalf("empty frame:\n%s", strings.Join(lines, "\n"))
	}
}
