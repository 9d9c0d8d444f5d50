package termtext

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"plain text, tab\tand newline\n": "plain text, tab\tand newline\n",
		"\x1b]52;c;aGk=\x07":             `\x1b]52;c;aGk=\x07`,
		"\x1b[2J":                        `\x1b[2J`,
		"a\rb":                           `a\x0db`,
		"del\x7f":                        `del\x7f`,
		"\u009b31m":                      `\u009b31m`,
		"\x9b31m":                        `\x9b31m`, // not UTF-8: the byte itself
		"admin\u202etxt.exe":             `admin\u202etxt.exe`,
		"\u2066x\u2069":                  `\u2066x\u2069`,
		"zero\u200bwidth\ufeff":          `zero\u200bwidth\ufeff`,
		"line\u2028para\u2029":           `line\u2028para\u2029`,
		"tag\U000E0041":                  `tag\U000e0041`,
		"cut \xe2\x80":                   `cut \xe2\x80`,
		"日本語 é \\x1b":                    "日本語 é \\x1b", // printable text and backslashes stay
	} {
		if got := Escape(in); got != want {
			t.Errorf("Escape(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestEscapeLeavesNothingActive: whatever the input, the escaped text has
// no byte a terminal acts on and no invisible formatting character.
func TestEscapeLeavesNothingActive(t *testing.T) {
	var all []byte
	for c := 0; c < 256; c++ {
		all = append(all, byte(c))
	}
	for r := rune(0x80); r < 0x3000; r++ {
		all = utf8.AppendRune(all, r)
	}
	all = append(all, "\ufeff\ufff9\U000e0001\U000e007f"...)
	out := Escape(string(all))
	if !utf8.ValidString(out) {
		t.Fatalf("escaped text is not UTF-8")
	}
	for _, r := range out {
		if r < 0x20 && r != '\t' && r != '\n' || r >= 0x7f && r <= 0x9f || needsEscape(r) {
			t.Errorf("%U left in the escaped text", r)
		}
	}
}

// TestWriterHoldsCharactersCutBetweenWrites: a character split over
// writes, at every split point, comes out whole; an unfinished one is
// written as byte escapes on Flush.
func TestWriterHoldsCharactersCutBetweenWrites(t *testing.T) {
	text := []byte("é日本\U0001F600\x1b[2J\u202e!")
	want := Escape(string(text))
	for cut := 0; cut <= len(text); cut++ {
		var out bytes.Buffer
		w := NewWriter(&out)
		for _, part := range [][]byte{text[:cut], text[cut:]} {
			if n, err := w.Write(part); n != len(part) || err != nil {
				t.Fatalf("Write: %d, %v", n, err)
			}
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		if out.String() != want {
			t.Errorf("cut at %d: %q, want %q", cut, out.String(), want)
		}
	}
	var out bytes.Buffer
	w := NewWriter(&out)
	w.Write([]byte("end \xe6\x97"))
	if got := out.String(); got != "end " {
		t.Errorf("before Flush: %q", got)
	}
	w.Flush()
	if got := out.String(); got != `end \xe6\x97` {
		t.Errorf("after Flush: %q", got)
	}
	if !strings.HasPrefix(Escape("\xe6\x97x"), `\xe6\x97x`) {
		t.Errorf("invalid sequence followed by ASCII: %q", Escape("\xe6\x97x"))
	}
}

// TestHangulFillersEscaped: the fillers are letters, not format
// characters, yet draw blank, so a name made of them would look empty.
func TestHangulFillersEscaped(t *testing.T) {
	if got := Escape("a\u3164b\u115Fc"); got != `a\u3164b\u115fc` {
		t.Fatalf("Escape = %q", got)
	}
}
