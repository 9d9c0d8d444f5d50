package ui

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Sanitize makes a string taken from an event safe to draw. Records are
// written by whoever called AWS (user agents, session names, resource
// names), so they may carry escape sequences meant for the analyst's
// terminal: clipboard writes (OSC 52), cursor moves, title changes, or
// bidi overrides that make one name look like another.
//
// Escape sequences (CSI, OSC, DCS, 7- and 8-bit) are removed; the remaining
// C0 and C1 controls become visible Control Pictures (␛, ␍, ␈…) so that a
// carriage-return trick shows instead of overwriting the line; bidi
// controls and zero-width characters become U+FFFD, a visible mark that
// something invisible was there; invalid UTF-8 becomes U+FFFD too. Wide
// characters are kept: width-aware truncation handles them.
func Sanitize(s string) string {
	if isPlain(s) {
		return s // the common case: printable ASCII, no allocation
	}
	// Invalid bytes first: the escape parser would drop them silently.
	s = ansi.Strip(strings.ToValidUTF8(s, "\uFFFD"))
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size <= 1:
			b.WriteRune('\uFFFD')
		case r == '\t':
			b.WriteByte(' ')
		case r < 0x20:
			b.WriteRune(0x2400 + r) // Control Pictures: ␀…␟
		case r == 0x7f:
			b.WriteRune('\u2421') // ␡
		case r >= 0x80 && r <= 0x9f:
			b.WriteRune('\uFFFD') // C1 controls, including 8-bit CSI and OSC
		case invisible(r):
			b.WriteRune('\uFFFD')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
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

// invisible reports bidi controls and zero-width characters: they change
// how neighbouring text is shown without being seen themselves.
func invisible(r rune) bool {
	switch {
	case r >= 0x202A && r <= 0x202E: // LRE, RLE, PDF, LRO, RLO
		return true
	case r >= 0x2066 && r <= 0x2069: // LRI, RLI, FSI, PDI
		return true
	case r >= 0x200B && r <= 0x200F: // ZWSP, ZWNJ, ZWJ, LRM, RLM
		return true
	case r == 0x061C, r == 0x2060, r == 0xFEFF, r == 0x180E, r == 0x00AD:
		return true // ALM, word joiner, BOM, Mongolian vowel separator, soft hyphen
	case r >= 0x2028 && r <= 0x2029: // line and paragraph separators
		return true
	case r >= 0xFFF9 && r <= 0xFFFB: // interlinear annotation controls
		return true
	case r >= 0xE0000 && r <= 0xE007F: // tag characters
		return true
	}
	return false
}
