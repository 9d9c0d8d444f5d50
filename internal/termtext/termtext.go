// Package termtext shows attacker-controlled text on a terminal without
// letting it control the terminal. CloudTrail records, file names, zip
// member names and API error messages are written by whoever called AWS or
// made the file; printed raw, their escape sequences could set the
// clipboard (OSC 52), retitle the window, clear the screen or move the
// cursor, and bidi overrides could make one name read as another.
//
// Escaping is for terminals only: files and pipes must get the exact
// bytes, since scripts compare them with the AWS CLI's and the console's.
package termtext

import (
	"strconv"
	"unicode"
	"unicode/utf8"
)

const hexDigits = "0123456789abcdef"

// Escape returns s with every byte or character that a terminal would act
// on or not show written as a visible escape (see AppendEscaped).
func Escape(s string) string {
	if isPlain(s) {
		return s
	}
	return string(AppendEscaped(make([]byte, 0, len(s)+16), []byte(s)))
}

// AppendEscaped appends p to dst with these written as escapes:
//   - C0 controls other than tab and newline, and DEL: \x1b, \x0d, \x7f;
//   - bytes that are not UTF-8: \xNN, one escape per byte;
//   - C1 controls (U+0080-U+009F; a terminal may take U+009B as CSI):
//     \u009b;
//   - invisible formatting characters: bidi embeddings, overrides and
//     isolates (U+202A-U+202E, U+2066-U+2069), zero-width characters
//     (U+200B-U+200F), the BOM (U+FEFF), the line and paragraph separators
//     (U+2028, U+2029) and every other character of Unicode category Cf:
//     \u202e, or \U000e0041 above U+FFFF.
//
// Everything else, backslashes included, is copied unchanged, so text
// without such characters reads exactly as it would raw.
func AppendEscaped(dst, p []byte) []byte {
	for i := 0; i < len(p); {
		c := p[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' || c == 0x7f {
				dst = appendByteEscape(dst, c)
			} else {
				dst = append(dst, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(p[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			dst = appendByteEscape(dst, c)
		case needsEscape(r):
			dst = appendRuneEscape(dst, r)
		default:
			dst = append(dst, p[i:i+size]...)
		}
		i += size
	}
	return dst
}

// needsEscape reports the non-ASCII characters that act on a terminal or
// change how the text around them reads without being seen.
func needsEscape(r rune) bool {
	return r >= 0x80 && r <= 0x9f || Invisible(r)
}

// Invisible reports the characters that change how neighbouring text is
// shown, or end a line, without being seen themselves: every format
// character (Unicode Cf: bidi embeddings, overrides and isolates,
// zero-width characters, the BOM, tag characters, the soft hyphen), the
// line and paragraph separators, and the Hangul fillers, which are letters
// yet draw blank. The command line and the browser both escape exactly
// these, so a name reads the same in either.
func Invisible(r rune) bool {
	switch r {
	case 0x2028, 0x2029, 0x115F, 0x1160, 0x3164, 0xFFA0:
		return true
	}
	return unicode.Is(unicode.Cf, r)
}

func appendByteEscape(dst []byte, c byte) []byte {
	return append(dst, '\\', 'x', hexDigits[c>>4], hexDigits[c&15])
}

func appendRuneEscape(dst []byte, r rune) []byte {
	digits := 4
	dst = append(dst, '\\', 'u')
	if r > 0xffff {
		digits = 8
		dst[len(dst)-1] = 'U'
	}
	h := strconv.FormatInt(int64(r), 16)
	for i := len(h); i < digits; i++ {
		dst = append(dst, '0')
	}
	return append(dst, h...)
}

// isPlain reports whether s is printable ASCII, tabs and newlines only:
// the common case, which needs no copy.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 0x20 && c != '\t' && c != '\n') || c >= 0x7f {
			return false
		}
	}
	return true
}
