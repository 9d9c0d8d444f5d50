package ui

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/trailview/trailview/internal/termtext"
)

// Sanitize makes a string taken from an event safe to draw. Records are
// written by whoever called AWS (user agents, session names, resource
// names), so they may carry escape sequences meant for the analyst's
// terminal: clipboard writes (OSC 52), cursor moves, title changes, or
// bidi overrides that make one name look like another.
//
// Nothing is removed: every character a terminal would act on, or that
// would not be seen, is replaced by a visible stand-in, so that a name
// carrying controls never looks like a clean name ("ESC[2J owned" shows
// as "␛[2Jowned", not "owned"):
//
//   - C0 controls, ESC included, become Control Pictures (␀…␟, ␛), and
//     DEL becomes ␡. An escape sequence thus shows as ␛ followed by its
//     own printable bytes, and a terminal sees no ESC at all.
//   - C1 controls (U+0080…U+009F, such as the 8-bit CSI U+009B), bidi
//     controls, zero-width and other format characters become the JSON
//     escape of their code point (\u009b, \u202e, \u200b; \U000e0041
//     beyond the BMP), which is what the detail view's JSON shows for the
//     same character, and which tells one invisible character from
//     another.
//   - Bytes that are not UTF-8 become \xff-style text, telling them apart
//     from a real U+FFFD.
//
// Wide characters are kept: width-aware truncation handles them.
func Sanitize(s string) string {
	if isPlain(s) {
		return s // the common case: printable ASCII, no allocation
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r < 0x20:
			b.WriteRune(0x2400 + r) // Control Pictures: ␀…␟
		case r == 0x7f:
			b.WriteRune('\u2421') // ␡
		case r >= 0x80 && r <= 0x9f, invisible(r):
			writeCodePoint(&b, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// writeCodePoint writes r as a JSON-style escape: \u202e, or \U000e0041
// for code points beyond the BMP (JSON itself would write a surrogate
// pair, which reads worse).
func writeCodePoint(b *strings.Builder, r rune) {
	if r > 0xffff {
		fmt.Fprintf(b, `\U%08x`, r)
		return
	}
	fmt.Fprintf(b, `\u%04x`, r)
}

// isPlain reports whether s is printable ASCII only.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}

// invisible reports the characters the browser shows as their code point
// because they would not be seen: termtext's set, so that the command
// line and the browser escape the same characters.
func invisible(r rune) bool { return termtext.Invisible(r) }
