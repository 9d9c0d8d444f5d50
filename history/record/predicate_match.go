package record

import (
	"slices"
	"strings"

	"github.com/trailview/trailview/history"
)

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
func Matches(p history.Predicate, e *history.Event) bool {
	return p == nil || match(p, e)
}

func match(p history.Predicate, e *history.Event) bool {
	switch p := p.(type) {
	case history.And:
		for _, k := range p {
			if !match(k, e) {
				return false
			}
		}
		return len(p) > 0
	case history.Or:
		for _, k := range p {
			if match(k, e) {
				return true
			}
		}
		return false
	case history.Not:
		return p.Pred != nil && !match(p.Pred, e)
	case history.FieldTerm:
		return matchFieldTerm(p, e)
	case history.PathTerm:
		return matchPathTerm(p, e.Raw)
	case history.TextTerm:
		return matchTextTerm(p, e)
	case history.TimeTerm:
		return matchTimeTerm(p, e)
	}
	return false
}

func matchFieldTerm(t history.FieldTerm, e *history.Event) bool {
	if history.ValidatePredicate(t) != nil {
		return false
	}
	switch t.Field.Class() {
	case history.ClassText:
		if t.Cmp == history.CmpCIDR && t.Field != history.FieldSourceIP {
			return false
		}
		return matchValue(t.Cmp, t.Value, t.Field.Value(e))
	case history.ClassResource:
		return matchResources(t, e.Resources)
	case history.ClassID:
		return matchID(t, t.Field.Value(e), t.Field == history.FieldEventID)
	case history.ClassEnum:
		return matchEnum(t, e)
	}
	return false
}

// matchValue compares one stored value. The store keeps an empty value as
// no value at all (NULL), which only CmpAbsent matches; a valid CmpEqual
// or CmpGlob cannot match "" anyway.
func matchValue(c history.Cmp, pattern, v string) bool {
	switch c {
	case history.CmpPresent:
		return v != ""
	case history.CmpAbsent:
		return v == ""
	}
	if v == "" {
		return false
	}
	switch c {
	case history.CmpEqual:
		return history.LowerASCII(v) == history.LowerASCII(pattern)
	case history.CmpGlob:
		return history.GlobMatch(pattern, v)
	case history.CmpCIDR:
		prefix, err := history.CachedCIDR(pattern)
		return err == nil && history.InCIDR(prefix, v)
	}
	return false
}

// matchResources holds when any resource matches. Each resource has a
// name in the store, even an empty one; a type only when AWS gave one.
func matchResources(t history.FieldTerm, rs []history.Resource) bool {
	if t.Cmp == history.CmpCIDR {
		return false
	}
	present := false
	for _, r := range rs {
		v, has := r.Name, true
		if t.Field == history.FieldResourceType {
			v, has = r.Type, r.Type != ""
		}
		if !has {
			continue
		}
		present = true
		if (t.Cmp == history.CmpEqual || t.Cmp == history.CmpGlob) && matchValue(t.Cmp, t.Value, v) {
			return true
		}
	}
	switch t.Cmp {
	case history.CmpPresent:
		return present
	case history.CmpAbsent:
		return !present
	}
	return false
}

// matchID compares an event or request ID. IDs are stored encoded (a
// UUID as 16 bytes), so an exact match can only try a few spellings: as
// typed, in lower case and in upper case. The event ID is always stored.
func matchID(t history.FieldTerm, v string, always bool) bool {
	stored := always || v != ""
	switch t.Cmp {
	case history.CmpPresent:
		return stored
	case history.CmpAbsent:
		return !stored
	case history.CmpGlob:
		return stored && history.GlobMatch(t.Value, v)
	case history.CmpEqual:
		return stored && idSpelledAs(v, t.Value)
	}
	return false
}

func idSpelledAs(id, text string) bool {
	return id == text || id == strings.ToLower(text) || id == strings.ToUpper(text)
}

func matchEnum(t history.FieldTerm, e *history.Event) bool {
	var v int64
	has := true
	if t.Field == history.FieldCategory {
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
	case history.CmpPresent:
		return has
	case history.CmpAbsent:
		return !has
	case history.CmpEqual, history.CmpGlob:
		return has && slices.Contains(t.Field.EnumMatches(t.Cmp, t.Value), v)
	}
	return false
}

// matchPathTerm: CmpAbsent holds when the path has no non-null value or
// one of its values is empty (docs/filter.md, JSON paths).
func matchPathTerm(t history.PathTerm, rec []byte) bool {
	if history.ValidatePredicate(t) != nil {
		return false
	}
	match := func(kind, pattern string) bool {
		ok, _ := MatchPath(rec, t.Path, kind, pattern)
		return ok
	}
	switch t.Cmp {
	case history.CmpPresent:
		return match(matchExists, "")
	case history.CmpAbsent:
		return !match(matchExists, "") || match(matchEqual, "")
	case history.CmpEqual:
		return match(matchEqual, t.Value)
	case history.CmpGlob:
		return match(matchGlob, t.Value)
	}
	return false
}

// matchTextTerm confirms the phrase on the record. The store first narrows
// to the 64-event groups whose full-text document holds every word; that
// document is made of the same words, so the check on the record decides.
func matchTextTerm(t history.TextTerm, e *history.Event) bool {
	if history.ValidatePredicate(t) != nil {
		return false
	}
	if t.IDs && (idSpelledAs(e.EventID, t.Text) || (e.RequestID != "" && idSpelledAs(e.RequestID, t.Text))) {
		return true
	}
	text := t.Text
	if t.Prefix {
		text += "*"
	}
	return ParsePhrase(text).MatchRecord(e.Raw)
}

// matchTimeTerm compares microseconds, as the store keeps eventTime; an
// event without one is stored as 0.
func matchTimeTerm(t history.TimeTerm, e *history.Event) bool {
	if t.Start.IsZero() && t.End.IsZero() {
		return false
	}
	var us int64
	if !e.Time.IsZero() {
		us = e.Time.UnixMicro()
	}
	return (t.Start.IsZero() || us >= t.Start.UnixMicro()) && (t.End.IsZero() || us <= t.End.UnixMicro())
}
