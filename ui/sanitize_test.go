package ui

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

func TestSanitize(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "alice", "alice"},
		{"empty", "", ""},
		{"sgr colour", "\x1b[31mred\x1b[0m", "red"},
		{"clear screen and home", "\x1b[2J\x1b[Hx", "x"},
		{"osc 52 clipboard, BEL", "a\x1b]52;c;SGVsbG8=\x07b", "ab"},
		{"osc 52 clipboard, ST", "a\x1b]52;c;SGVsbG8=\x1b\\b", "ab"},
		{"osc title", "\x1b]0;pwned\x07name", "name"},
		{"8-bit CSI", "a\u009b31mb", "a\uFFFD31mb"},
		{"carriage return", "good\rbad", "good␍bad"},
		{"backspace", "ab\bc", "ab␈c"},
		{"lone ESC", "a\x1b", "a"},
		{"NUL and DEL", "a\x00b\x7f", "a␀b␡"},
		{"newline and tab", "a\nb\tc", "a␊b c"},
		{"RLO override", "user\u202Egnp.exe", "user\uFFFDgnp.exe"},
		{"bidi isolates", "\u2066x\u2069", "\uFFFDx\uFFFD"},
		{"zero width", "ad\u200Bmin\uFEFF", "ad\uFFFDmin\uFFFD"},
		{"wide kept", "日本語", "日本語"},
		{"invalid utf8", "a\xffb", "a\uFFFDb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Sanitize(tt.in); got != tt.want {
				t.Fatalf("Sanitize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// safe reports whether s can reach a terminal: no ESC, no C0/C1 control,
// no bidi control or zero-width character, valid UTF-8.
func safe(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r < 0x20 || (r >= 0x7f && r <= 0x9f) || invisible(r) {
			return false
		}
	}
	return true
}

func FuzzSanitize(f *testing.F) {
	for _, s := range []string{"\x1b[31mx", "\x1b]52;c;AA\x07", "a\rb\bc", "\u202E", "日本\u200B", "\x9b1m", "\x1bP1;2|x\x1b\\"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Sanitize(s)
		if !safe(out) {
			t.Fatalf("Sanitize(%q) = %q still holds a control", s, out)
		}
		if Sanitize(out) != out {
			t.Fatalf("Sanitize is not idempotent on %q", s)
		}
	})
}

// TestHostileRecordScreens draws a record built to attack the terminal in
// every view and checks that nothing dangerous reaches the screen, while
// the visible text is still there for the analyst.
func TestHostileRecordScreens(t *testing.T) {
	h := newHarness(t, openStore(t, append(fixture(), hostileRecord())))
	check := func(view string) {
		t.Helper()
		content := h.m.View().Content
		// Styles are ours; strip them, then nothing may remain that a
		// terminal would act on.
		plain := ansi.Strip(content)
		for i, line := range strings.Split(plain, "\n") {
			if !safe(line) {
				t.Fatalf("%s: line %d is unsafe: %q", view, i, line)
			}
		}
		if strings.Contains(content, "]52;") || strings.Contains(content, "\x1b]0;") || strings.Contains(content, "\x1b[2J") {
			t.Fatalf("%s: escape sequence from the record reached the screen", view)
		}
	}
	h.press("c")
	for i := 0; i < 9; i++ {
		h.press("down")
	}
	h.press("space", "enter") // show User agent
	h.mustShow("RunInstances", "eviluser␍…", "curl 日本語\uFFFD\uFFFDzw")
	check("table")
	h.press("enter")
	h.mustShow("User name: eviluser␍␈X\uFFFDgnp.exe", `"eventName": "Run\u001b[31mInstances\u001b[0m"`) // JSON escapes stay visible
	check("detail")
	h.press("esc", "space", "space", "v")
	check("compare")
	h.press("esc")
	h.m.setStatus("status \x1b]52;c;QQ==\x07 text", true)
	check("status")
}
