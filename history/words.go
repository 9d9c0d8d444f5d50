package history

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// IsWordRune reports whether r belongs to a word.
func IsWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// SplitWords returns the lower-cased words of s, in order.
func SplitWords(s string) []string {
	var out []string
	ForEachWord(s, func(w string) { out = append(out, w) })
	return out
}

// ForEachWord calls fn with each lower-cased word of s.
func ForEachWord(s string, fn func(string)) {
	start := -1
	ascii := true
	flush := func(end int) {
		if start < 0 {
			return
		}
		w := s[start:end]
		if ascii {
			fn(asciiLower(w))
		} else {
			fn(strings.ToLower(w))
		}
		start, ascii = -1, true
	}
	for i, r := range s {
		if IsWordRune(r) {
			if start < 0 {
				start = i
			}
			if r >= utf8.RuneSelf {
				ascii = false
			}
			continue
		}
		flush(i)
	}
	flush(len(s))
}

func asciiLower(w string) string {
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= 'A' && c <= 'Z' {
			b := []byte(w)
			for j := i; j < len(b); j++ {
				if b[j] >= 'A' && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return w
}
