package record

import (
	"strings"

	"github.com/trailview/trailview/history"
)

// Full-text search works on words: maximal runs of letters and digits in
// the record's values (object keys are not searched), compared without
// regard to case. A search text with punctuation, such as an IP address or
// an ARN, is a phrase: its words must follow one another in one value.
// These functions define that meaning for both the index and the check.

// forEachValue calls fn with the decoded text of every string value and
// the literal text of every number in the compact JSON value v.
func forEachValue(v []byte, fn func(string)) {
	if len(v) == 0 {
		return
	}
	switch v[0] {
	case '{':
		forEachMember(v, func(m member) bool {
			forEachValue(m.val, fn)
			return true
		})
	case '[':
		forEachElement(v, func(el []byte) bool {
			forEachValue(el, fn)
			return true
		})
	case '"':
		if s, ok := unquoteContent(v[1 : len(v)-1]); ok {
			fn(s)
		}
	case 't', 'f', 'n':
	default:
		fn(string(v))
	}
}

// Full-text search leaves out the record's own eventID and requestID: they
// are unique to each event, so their words were a third of the full-text
// index while a search for one finds it through the ID columns anyway (the
// filter matches a bare term against both; docs/filter.md).
func isOwnIDKey(key []byte) bool {
	return string(key) == "eventID" || string(key) == "requestID"
}

// forEachSearchedValue calls fn with every value full-text search covers.
func forEachSearchedValue(rec []byte, fn func(string)) {
	if len(rec) == 0 || rec[0] != '{' {
		forEachValue(rec, fn)
		return
	}
	forEachMember(rec, func(m member) bool {
		if !isOwnIDKey(m.key) {
			forEachValue(m.val, fn)
		}
		return true
	})
}

// Phrase is a parsed full-text search: its words, and whether the last one
// is a prefix (the search text ended with '*').
type Phrase struct {
	Words  []string
	Prefix bool
}

// ParsePhrase splits a search text into a phrase. An empty phrase (no
// letters or digits) matches nothing.
func ParsePhrase(text string) Phrase {
	p := Phrase{Prefix: strings.HasSuffix(text, "*")}
	p.Words = history.SplitWords(strings.TrimSuffix(text, "*"))
	if len(p.Words) == 0 {
		p.Prefix = false
	}
	return p
}

// MatchQuery is the FTS5 query that finds the event groups which may hold
// the phrase: every word must be present. Words contain only letters and
// digits, so quoting them is enough to keep FTS syntax out.
func (p Phrase) MatchQuery() string {
	var b strings.Builder
	for i, w := range p.Words {
		if i > 0 {
			b.WriteByte(' ')
		}
		capped, long := capWord(w)
		b.WriteByte('"')
		b.WriteString(capped)
		b.WriteByte('"')
		if long || p.Prefix && i == len(p.Words)-1 {
			b.WriteByte('*')
		}
	}
	return b.String()
}

// matchRecord reports whether the compact record holds the phrase in one of
// the values full-text search covers.
func (p Phrase) MatchRecord(rec []byte) bool {
	if len(p.Words) == 0 {
		return false
	}
	found := false
	forEachSearchedValue(rec, func(s string) {
		if !found && p.matchText(s) {
			found = true
		}
	})
	return found
}

func (p Phrase) matchText(s string) bool {
	words := history.SplitWords(s)
	n := len(p.Words)
	for i := 0; i+n <= len(words); i++ {
		ok := true
		for j, w := range p.Words {
			got := words[i+j]
			if p.Prefix && j == n-1 {
				if !strings.HasPrefix(got, w) {
					ok = false
					break
				}
			} else if got != w {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}
