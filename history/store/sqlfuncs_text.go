package store

import (
	"bytes"

	"github.com/trailview/trailview/history/record"
)

// tv_text is asked of every event a walk visits, and for a common word
// with few matches in scope (ListBuckets with Read-only = false) that is
// every event of a Region: parsing each record's values into words cost
// several seconds a million events. Most records do not hold the words at
// all, which a byte search tells far sooner: a word of a value is, in
// ASCII case, a run of the record's bytes, unless the record spells a
// character as a \u escape or holds non-ASCII text (whose lower case may
// be ASCII: the Kelvin sign lowers to k). Those records, and those that
// pass, get the full check.

// textMatches reports whether the record holds the full-text phrase text.
func textMatches(rec []byte, text string) bool {
	ph := cachedPhrase(text)
	if !mayHoldWords(rec, ph.Words) {
		return false
	}
	return ph.MatchRecord(rec)
}

// mayHoldWords is false only when rec cannot hold every word: each word
// is missing from its bytes in any ASCII case, and the bytes are plain
// ASCII without \u escapes.
func mayHoldWords(rec []byte, words []string) bool {
	if bytes.Contains(rec, []byte(`\u`)) || !isASCII(rec) {
		return true
	}
	for _, w := range words {
		if !containsFoldASCII(rec, w) {
			return false
		}
	}
	return true
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// containsFoldASCII reports whether b holds lower, a lower-case ASCII
// word, in any ASCII case.
func containsFoldASCII(b []byte, lower string) bool {
	if lower == "" {
		return true
	}
	first := lower[0]
	upper := first
	if first >= 'a' && first <= 'z' {
		upper = first - 'a' + 'A'
	}
	for i := 0; i+len(lower) <= len(b); i++ {
		j := indexEither(b[i:len(b)-len(lower)+1], first, upper)
		if j < 0 {
			return false
		}
		i += j
		if equalFoldASCII(b[i+1:i+len(lower)], lower[1:]) {
			return true
		}
	}
	return false
}

// indexEither is the first index of x or y in b, or -1.
func indexEither(b []byte, x, y byte) int {
	i := bytes.IndexByte(b, x)
	if x == y {
		return i
	}
	if i >= 0 {
		b = b[:i] // y only matters before x
	}
	if j := bytes.IndexByte(b, y); j >= 0 {
		return j
	}
	return i
}

// equalFoldASCII compares b with the lower-case ASCII string lower in
// ASCII case.
func equalFoldASCII(b []byte, lower string) bool {
	for i := range len(lower) {
		c := b[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

var phraseMemo filterMemo[record.Phrase]

func cachedPhrase(text string) record.Phrase { return phraseMemo.get(text, record.ParsePhrase) }
