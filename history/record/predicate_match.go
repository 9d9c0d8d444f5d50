package history

import "strings"

// Matches reports whether e satisfies p, deciding exactly as the SQL that
// filters compile to decides over the stored event: the same case folding
// (ASCII only), globs (GlobMatch), CIDR test, record paths (MatchPath) and
// full-text check (Phrase), with the store's notion of a missing value.
// It reads e's fields as the store returns them and e.Raw, the compact
// record, for path and text terms.
//
// A nil predicate matches every event (an empty filter). A tree that
// ValidatePredicate refuses has no SQL to agree with: its bad nodes (a nil
// inside the tree, an empty And or Or, a bad term) are false here.
func Matches(p Predicate, e *Event) bool {
	return p == nil || match(p, e)
}

func match(p Predicate, e *Event) bool {
	switch p := p.(type) {
	case And:
		for _, k := range p {
			if !match(k, e) {
				return false
			}
		}
		return len(p) > 0
	case Or:
		for _, k := range p {
			if match(k, e) {
				return true
			}
		}
		return false
	case Not:
		return p.Pred != nil && !match(p.Pred, e)
	case FieldTerm:
		return matchFieldTerm(p, e)
	case PathTerm:
		return matchPathTerm(p, e.Raw)
	case TextTerm:
		return matchTextTerm(p, e)
	case TimeTerm:
		return matchTimeTerm(p, e)
	}
	return false
}

func matchFieldTerm(t FieldTerm, e *Event) bool {
	if validValue(t.Cmp, t.Value) != nil {
		return false
	}
	info := t.Field.info()
	switch info.class {
	case classText:
		if t.Cmp == CmpCIDR && t.Field != FieldSourceIP {
			return false
		}
		return matchValue(t.Cmp, t.Value, info.get(e))
	case classResource:
		return matchResources(t, e.Resources)
	case classID:
		return matchID(t, info.get(e), t.Field == FieldEventID)
	case classEnum:
		return matchEnum(t, e)
	}
	return false
}

// matchValue compares one stored value. The store keeps an empty value as
// no value at all (NULL), which only CmpAbsent matches; a valid CmpEqual
// or CmpGlob cannot match "" anyway.
func matchValue(c Cmp, pattern, v string) bool {
	switch c {
	case CmpPresent:
		return v != ""
	case CmpAbsent:
		return v == ""
	}
	if v == "" {
		return false
	}
	switch c {
	case CmpEqual:
		return asciiOnlyLower(v) == asciiOnlyLower(pattern)
	case CmpGlob:
		return GlobMatch(pattern, v)
	case CmpCIDR:
		prefix, err := cachedPrefix(pattern)
		return err == nil && inPrefix(prefix, v)
	}
	return false
}

// matchResources holds when any resource matches. Each resource has a
// name in the store, even an empty one; a type only when AWS gave one.
func matchResources(t FieldTerm, rs []Resource) bool {
	if t.Cmp == CmpCIDR {
		return false
	}
	present := false
	for _, r := range rs {
		v, has := r.Name, true
		if t.Field == FieldResourceType {
			v, has = r.Type, r.Type != ""
		}
		if !has {
			continue
		}
		present = true
		if (t.Cmp == CmpEqual || t.Cmp == CmpGlob) && matchValue(t.Cmp, t.Value, v) {
			return true
		}
	}
	switch t.Cmp {
	case CmpPresent:
		return present
	case CmpAbsent:
		return !present
	}
	return false
}

// matchID compares an event or request ID. IDs are stored encoded (a
// UUID as 16 bytes), so an exact match can only try a few spellings: as
// typed, in lower case and in upper case. The event ID is always stored.
func matchID(t FieldTerm, v string, always bool) bool {
	stored := always || v != ""
	switch t.Cmp {
	case CmpPresent:
		return stored
	case CmpAbsent:
		return !stored
	case CmpGlob:
		return stored && GlobMatch(t.Value, v)
	case CmpEqual:
		return stored && idSpelledAs(v, t.Value)
	}
	return false
}

func idSpelledAs(id, text string) bool {
	return id == text || id == strings.ToLower(text) || id == strings.ToUpper(text)
}

func matchEnum(t FieldTerm, e *Event) bool {
	var v int64
	has := true
	if t.Field == FieldCategory {
		v = int64(e.Category)
	} else {
		switch e.ReadOnly {
		case "true":
			v = 1
		case "false":
			v = 0
		default:
			has = false
		}
	}
	switch t.Cmp {
	case CmpPresent:
		return has
	case CmpAbsent:
		return !has
	case CmpEqual, CmpGlob:
		return has && containsInt(t.Field.EnumMatches(t.Cmp, t.Value), v)
	}
	return false
}

// matchPathTerm: CmpAbsent holds when the path has no non-null value or
// one of its values is empty (docs/filter.md, JSON paths).
func matchPathTerm(t PathTerm, rec []byte) bool {
	if validatePath(t) != nil {
		return false
	}
	match := func(kind, pattern string) bool {
		ok, _ := MatchPath(rec, t.Path, kind, pattern)
		return ok
	}
	switch t.Cmp {
	case CmpPresent:
		return match(MatchExists, "")
	case CmpAbsent:
		return !match(MatchExists, "") || match(MatchEqual, "")
	case CmpEqual:
		return match(MatchEqual, t.Value)
	case CmpGlob:
		return match(MatchGlob, t.Value)
	}
	return false
}

// matchTextTerm confirms the phrase on the record. The store first narrows
// to the 64-event groups whose full-text document holds every word; that
// document is made of the same words, so the check on the record decides.
func matchTextTerm(t TextTerm, e *Event) bool {
	if validateText(t) != nil {
		return false
	}
	if t.IDs && (idSpelledAs(e.EventID, t.Text) || (e.RequestID != "" && idSpelledAs(e.RequestID, t.Text))) {
		return true
	}
	text := t.Text
	if t.Prefix {
		text += "*"
	}
	return ParsePhrase(text).matchRecord(e.Raw)
}

// matchTimeTerm compares microseconds, as the store keeps eventTime; an
// event without one is stored as 0.
func matchTimeTerm(t TimeTerm, e *Event) bool {
	if t.Start.IsZero() && t.End.IsZero() {
		return false
	}
	var us int64
	if !e.Time.IsZero() {
		us = e.Time.UnixMicro()
	}
	return (t.Start.IsZero() || us >= t.Start.UnixMicro()) && (t.End.IsZero() || us <= t.End.UnixMicro())
}
