package filter

import (
	"net/netip"
	"strings"
	"time"

	"github.com/trailview/trailview/history"
)

// refMatch is the reference matcher: the meaning of a filter tree written
// plainly in Go over a history.Event and its decoded record, with no SQL
// and none of the store's helpers except SplitWords (the definition of a
// word). The property test checks that the predicate the filter
// translates into, evaluated by record.Matches, agrees with it.
func refMatch(n node, e *refEvent, now time.Time) bool {
	switch n := n.(type) {
	case *andNode:
		for _, k := range n.kids {
			if !refMatch(k, e, now) {
				return false
			}
		}
		return true
	case *orNode:
		for _, k := range n.kids {
			if refMatch(k, e, now) {
				return true
			}
		}
		return false
	case *notNode:
		return !refMatch(n.kid, e, now)
	case *termNode:
		return refTerm(n.tok, e, now)
	}
	panic("unknown node")
}

func refTerm(t token, e *refEvent, now time.Time) bool {
	v := t.val
	if !t.hasField {
		text := strings.TrimRight(v.text, "*")
		if !v.starEnd && !strings.ContainsAny(text, " \t") {
			for _, id := range []string{e.EventID, e.RequestID} {
				if id != "" && (id == text || id == strings.ToLower(text) || id == strings.ToUpper(text)) {
					return true
				}
			}
		}
		return refText(e.words, history.SplitWords(text), v.starEnd)
	}
	def := lookupField(t.field)
	if def == nil {
		p := strings.TrimPrefix(t.field, ".")
		if name, ok := recordKey(p); ok && !strings.Contains(p, ".") {
			p = name
		}
		return refPath(e.rec, canonicalPath(strings.Split(p, ".")), v)
	}
	m, _ := classify(v)
	timeUS := int64(0)
	if !e.Time.IsZero() {
		timeUS = e.Time.UnixMicro()
	}
	switch def.kind {
	case fSince:
		d, _ := ParseDuration(v.text)
		return timeUS >= now.Add(-d).UnixMicro()
	case fAfter:
		at, _ := ParseTime(v.text, now, time.UTC)
		return timeUS >= at.UnixMicro()
	case fBefore:
		at, _ := ParseTime(v.text, now, time.UTC)
		return timeUS < at.UnixMicro()
	case fResource:
		return refResources(def, m, v, e.Resources)
	case fCategory:
		names := []string{e.Category.String()}
		if e.Category == history.Insight {
			names = append(names, "Insights")
		}
		return refEnum(m, v.text, names)
	case fReadOnly:
		if e.ReadOnly == "" {
			return m == mNone
		}
		return refEnum(m, v.text, []string{e.ReadOnly})
	}
	s := def.get(e.Event)
	switch m {
	case mAny:
		return s != ""
	case mNone:
		return s == ""
	}
	if s == "" {
		return false // nothing equals "", and a glob has a character other than *
	}
	if def.kind == fID && m == mExact {
		return s == v.text || s == strings.ToLower(v.text) || s == strings.ToUpper(v.text)
	}
	if def.cidr && m == mExact && strings.Contains(v.text, "/") {
		p, _ := netip.ParsePrefix(v.text)
		a, err := netip.ParseAddr(s)
		return err == nil && p.Masked().Contains(a.Unmap())
	}
	if m == mGlob {
		return refGlob(v.text, s)
	}
	return refFold(s) == refFold(v.text)
}

// refResources: any resource with a name (or, for type, a type) matches.
func refResources(def *fieldDef, m matchKind, v value, rs []history.Resource) bool {
	for _, r := range rs {
		s := r.Name
		if def.shortType {
			s = r.Type
		}
		if s == "" {
			continue
		}
		switch m {
		case mAny:
			return true
		case mNone:
			return false
		case mExact:
			if def.shortType && !strings.Contains(v.text, "::") {
				if refGlob("*::"+v.text, s) {
					return true
				}
			} else if refFold(s) == refFold(v.text) {
				return true
			}
		case mGlob:
			p := v.text
			if def.shortType && !strings.Contains(p, "::") {
				p = "*::" + p
			}
			if refGlob(p, s) {
				return true
			}
		}
	}
	return m == mNone
}

func refEnum(m matchKind, pattern string, names []string) bool {
	for _, n := range names {
		switch m {
		case mAny:
			return true
		case mExact:
			if refFold(n) == refFold(pattern) {
				return true
			}
		case mGlob:
			if refGlob(pattern, n) {
				return true
			}
		}
	}
	return false
}

// refFold folds ASCII letters only, as SQLite's NOCASE does.
func refFold(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' {
			return r + 32
		}
		return r
	}, s)
}

// refGlob is a plain backtracking glob over runes.
func refGlob(pattern, s string) bool {
	p, r := []rune(refFold(pattern)), []rune(refFold(s))
	var match func(i, j int) bool
	memo := map[[2]int]bool{}
	match = func(i, j int) bool {
		k := [2]int{i, j}
		if v, ok := memo[k]; ok {
			return v
		}
		var out bool
		switch {
		case i == len(p):
			out = j == len(r)
		case p[i] == '*':
			out = match(i+1, j) || (j < len(r) && match(i, j+1))
		case j < len(r) && (p[i] == '?' || p[i] == r[j]):
			out = match(i+1, j+1)
		}
		memo[k] = out
		return out
	}
	return match(0, 0)
}

func refPath(rec *refNode, path string, v value) bool {
	m, _ := classify(v)
	found, empty, hit := false, false, false
	rec.values(strings.Split(path, "."), func(s string) {
		found = true
		if s == "" {
			empty = true
		}
		switch m {
		case mExact:
			hit = hit || refFold(s) == refFold(v.text)
		case mGlob:
			hit = hit || refGlob(v.text, s)
		}
	})
	switch m {
	case mAny:
		return found
	case mNone:
		return !found || empty
	}
	return hit
}

// refText reports whether one string or number value of the record holds
// the words in order (the last as a prefix when prefix is set); values
// holds each value's words.
func refText(values [][]string, words []string, prefix bool) bool {
	for _, got := range values {
		for i := 0; i+len(words) <= len(got); i++ {
			ok := true
			for j, w := range words {
				if prefix && j == len(words)-1 {
					ok = ok && strings.HasPrefix(got[i+j], w)
				} else {
					ok = ok && got[i+j] == w
				}
			}
			if ok {
				return true
			}
		}
	}
	return false
}
