package ui

import (
	"strings"
	"testing"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

func TestSanitize(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "alice", "alice"},
		{"empty", "", ""},
		// Escape sequences stay visible: ESC becomes ␛ and the rest of the
		// sequence is printable text, so a name that carries one never
		// looks like the clean name after it.
		{"sgr colour", "\x1b[31mred\x1b[0m", "␛[31mred␛[0m"},
		{"clear screen and home", "\x1b[2J\x1b[Howned", "␛[2J␛[Howned"},
		{"osc 52 clipboard, BEL", "a\x1b]52;c;SGVsbG8=\x07b", "a␛]52;c;SGVsbG8=␇b"},
		{"osc 52 clipboard, ST", "a\x1b]52;c;SGVsbG8=\x1b\\b", "a␛]52;c;SGVsbG8=␛\\b"},
		{"osc only", "\x1b]0;pwned\x07", "␛]0;pwned␇"},
		{"dcs", "\x1bP1;2|x\x1b\\", "␛P1;2|x␛\\"},
		{"lone ESC", "a\x1b", "a␛"},
		// C1 controls and invisible characters become their code point,
		// as JSON writes them, so each is told from the others.
		{"8-bit CSI", "a\u009b31mb", `a\u009b31mb`},
		{"8-bit OSC", "\u009d0;t\u009c", `\u009d0;t\u009c`},
		{"raw C1 byte", "a\x9bb", `a\x9bb`},
		{"carriage return", "good\rbad", "good␍bad"},
		{"backspace", "ab\bc", "ab␈c"},
		{"NUL and DEL", "a\x00b\x7f", "a␀b␡"},
		{"newline and tab", "a\nb\tc", "a␊b␉c"},
		{"RLO override", "user\u202Egnp.exe", `user\u202egnp.exe`},
		{"bidi isolates", "\u2066x\u2069", `\u2066x\u2069`},
		{"zero width", "ad\u200Bmin\uFEFF", `ad\u200bmin\ufeff`},
		{"tag character", "a\U000E0041", `a\U000e0041`},
		{"other format character", "a\u2062b", `a\u2062b`},
		{"hangul filler", "\u3164", `\u3164`},
		{"wide kept", "日本語", "日本語"},
		{"replacement character kept", "a\uFFFDb", "a\uFFFDb"},
		{"invalid utf8", "a\xffb", `a\xffb`},
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
		if strings.Contains(content, "\x1b]52;") || strings.Contains(content, "\x1b]0;") || strings.Contains(content, "\x1b[2J") {
			t.Fatalf("%s: escape sequence from the record reached the screen", view)
		}
	}
	h.press("c")
	for i := 0; i < 9; i++ {
		h.press("down")
	}
	h.press("space", "enter") // show User agent
	// Every removed control is shown: the escape sequences keep their
	// printable bytes after a ␛, so nothing looks like a clean value.
	h.mustShow("Run␛[31mIn", "evil␛]52;", "␛[2J␛[Hcurl")
	check("table")
	h.send(tea.WindowSizeMsg{Width: 250, Height: 30}) // room for every cell in full
	h.mustShow("Run␛[31mInstances␛[0m", `evil␛]52;c;SGVsbG8=␇user␍␈X\u202egnp.exe`, `␛[2J␛[Hcurl 日本語\u200b\u2066zw`+"\uFFFD31m")
	check("wide table")
	h.send(tea.WindowSizeMsg{Width: 100, Height: 30})
	h.press("enter")
	h.mustShow("Run␛[31mInstances␛[0m", `User name: evil␛]52;c;SGVsbG8=␇user␍␈X\u202egnp.exe`,
		// The record's JSON writes controls as escapes already; a raw
		// bidi override in a JSON string gets the same \u form.
		`"eventName": "Run\u001b[31mInstances\u001b[0m"`,
		`"bucketName": "b\u001b]0;title\u0007ucket\u202e"`)
	check("detail")
	h.press("esc", "space", "space", "v")
	h.mustShow("Compare events", `evil␛]52;c;SGVsbG8=␇user␍␈X\u202egnp.exe`)
	check("compare")
	h.press("esc")
	h.m.setStatus("status \x1b]52;c;QQ==\x07 text", true)
	h.mustShow("status ␛]52;c;QQ==␇ text")
	check("status")
}
