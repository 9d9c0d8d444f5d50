package filter

import (
	"net/netip"
	"sort"
	"strings"
	"time"

	"github.com/trailview/trailview/history"
)

// translate turns a parse tree into the predicate it means, checking
// every term on the way (field names, values, times, paths); errors point
// into the text. The tree keeps the parse tree's shape, node for node, so
// that the SQL compiled from it nests as the user grouped the terms.
func translate(n node, at clock) (history.Predicate, error) {
	switch n := n.(type) {
	case *andNode:
		kids, err := translateList(n.kids, at)
		return history.And(kids), err
	case *orNode:
		kids, err := translateList(n.kids, at)
		return history.Or(kids), err
	case *notNode:
		k, err := translate(n.kid, at)
		if err != nil {
			return nil, err
		}
		return history.Not{Pred: k}, nil
	case *termNode:
		return translateTerm(n.tok, at)
	}
	panic("filter: unknown node")
}

func translateList(nodes []node, at clock) ([]history.Predicate, error) {
	out := make([]history.Predicate, 0, len(nodes))
	for _, n := range nodes {
		p, err := translate(n, at)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

func translateTerm(t token, at clock) (history.Predicate, error) {
	if !t.hasField {
		return textTerm(t.val)
	}
	if def := lookupField(t.field); def != nil {
		return fieldTerm(def, t.val, at)
	}
	if strings.Contains(t.field, ".") {
		return pathTerm(t, strings.TrimPrefix(t.field, "."))
	}
	if name, ok := recordKey(t.field); ok {
		return pathTerm(t, name)
	}
	e := errAt(t.fieldSpan, "unknown field %q", t.field)
	candidates := append(fieldNames(), topLevelNames()...)
	sort.Strings(candidates)
	if s := didYouMean(t.field, candidates); s != "" {
		return nil, e.hint("did you mean %q?", s)
	}
	return nil, e.hint("see the list of fields in the help; a JSON path needs a dot, as in requestParameters.bucketName")
}

// matchKind is what a value asks for, as written.
type matchKind int

const (
	mExact matchKind = iota // equal, ignoring ASCII case
	mGlob                   // * and ? wildcards
	mAny                    // field:*  (has a value)
	mNone                   // field:"" (has no value)
)

func classify(v value) (matchKind, *Error) {
	switch {
	case v.wild > 0 && v.escWild > 0:
		return 0, errAt(v.span, "a value cannot mix wildcards with escaped \\* or \\?").
			hint("use either wildcards or literal characters")
	case v.wild > 0 && strings.Trim(v.text, "*") == "":
		return mAny, nil
	case v.wild > 0:
		return mGlob, nil
	case v.text == "":
		return mNone, nil
	}
	return mExact, nil
}

// cmpOf is the predicate's comparison for a match kind.
var cmpOf = [...]history.Cmp{mExact: history.CmpEqual, mGlob: history.CmpGlob,
	mAny: history.CmpPresent, mNone: history.CmpAbsent}

// valueFor is the value a term carries: none for "has a value" and "has
// none", which compare nothing.
func valueFor(m matchKind, text string) string {
	if m == mAny || m == mNone {
		return ""
	}
	return text
}

func fieldTerm(def *fieldDef, v value, at clock) (history.Predicate, error) {
	switch def.kind {
	case fSince, fAfter, fBefore:
		return timeTerm(def, v, at)
	}
	m, err := classify(v)
	if err != nil {
		return nil, err
	}
	term := history.FieldTerm{Field: def.field, Cmp: cmpOf[m], Value: valueFor(m, v.text)}
	switch {
	case def.cidr && m == mExact && strings.Contains(v.text, "/"):
		p, err := netip.ParsePrefix(v.text)
		if err != nil {
			return nil, errAt(v.span, "%q is not a CIDR prefix", v.text).
				hint("write it as 10.0.0.0/8 or 2001:db8::/32")
		}
		term.Cmp, term.Value = history.CmpCIDR, p.Masked().String()
	case def.shortType && (m == mExact || m == mGlob) && !strings.Contains(v.text, "::"):
		// Spec 2.3: accept a short type name; match it as the last part.
		term.Cmp, term.Value = history.CmpGlob, "*::"+v.text
	case def.kind == fReadOnly || def.kind == fCategory:
		if err := checkEnum(def, m, v); err != nil {
			return nil, err
		}
	}
	return term, nil
}

// checkEnum refuses a read-only or category value that names nothing.
func checkEnum(def *fieldDef, m matchKind, v value) error {
	if m == mAny || m == mNone || len(def.field.EnumMatches(cmpOf[m], v.text)) > 0 {
		return nil
	}
	var names []string
	for _, ev := range def.field.EnumValues() {
		names = append(names, ev.Name)
	}
	e := errAt(v.span, "%s takes %s, not %q", def.Name, strings.ToLower(strings.Join(names[:2], " or ")), v.text)
	if s := didYouMean(v.text, names); s != "" {
		e.hint("did you mean %q?", strings.ToLower(s))
	}
	return e
}

// clock is what relative and zoneless times are read against: now
// anchors since:2h, loc is the zone of after:2025-03-01 (the zone the UI
// shows times in).
type clock struct {
	now time.Time
	loc *time.Location
}

func timeTerm(def *fieldDef, v value, at clock) (history.Predicate, error) {
	if v.wild > 0 {
		return nil, errAt(v.span, "%s takes no wildcards", def.Name)
	}
	switch def.kind {
	case fSince:
		d, err := ParseDuration(v.text)
		if err != nil {
			return nil, errAt(v.span, "bad duration %q: %v", v.text, err).hint("write since:30m, since:2h, since:7d or since:1h30m")
		}
		return history.TimeTerm{Start: at.now.Add(-d)}, nil
	}
	t, err := ParseTime(v.text, at.now, at.loc)
	if err != nil {
		return nil, errAt(v.span, "bad time %q: %v", v.text, err)
	}
	if def.kind == fAfter {
		return history.TimeTerm{Start: t}, nil
	}
	// before is exclusive; the term's End is inclusive, as Query.End.
	return history.TimeTerm{End: t.Add(-time.Microsecond)}, nil
}

// pathTerm matches a value at a JSON path of the record.
func pathTerm(t token, p string) (history.Predicate, error) {
	segs := strings.Split(p, ".")
	for _, s := range segs {
		if s == "" {
			return nil, errAt(t.fieldSpan, "empty key in JSON path %q", t.field)
		}
	}
	m, err := classify(t.val)
	if err != nil {
		return nil, err
	}
	return history.PathTerm{Path: canonicalPath(segs), Cmp: cmpOf[m], Value: valueFor(m, t.val.text)}, nil
}

// textTerm is a bare word or quoted phrase: a full-text search.
func textTerm(v value) (history.Predicate, error) {
	prefix := v.starEnd
	if v.wild > 1 || (v.wild == 1 && !prefix) {
		return nil, errAt(v.span, "full-text search takes only a trailing * (prefix)").
			hint("for wildcards inside a value, use a field, as in event:Del*te; escape a literal * as \\*")
	}
	// Escaped stars are punctuation, which full-text search ignores;
	// dropping trailing ones keeps them from reading as a prefix.
	text := strings.TrimRight(v.text, "*")
	if len(history.SplitWords(text)) == 0 {
		return nil, errAt(v.span, "nothing to search for in %q", v.text).
			hint("full-text search looks for letters and digits; quote the word or use a field")
	}
	// The full-text index leaves out each event's own eventID and
	// requestID (history/words.go): a pasted ID finds its event through
	// the ID columns instead, matched as id: and request: do.
	ids := !prefix && !strings.ContainsAny(text, " \t")
	return history.TextTerm{Text: text, Prefix: prefix, IDs: ids}, nil
}

// window is the time window the filter as a whole imposes: the bounds of
// the time terms that are the root or terms of a root And. Terms under OR,
// NOT or a nested group do not bind the whole filter.
func window(p history.Predicate) (start, end time.Time) {
	top := []history.Predicate{p}
	if a, ok := p.(history.And); ok {
		top = a
	}
	for _, k := range top {
		t, ok := k.(history.TimeTerm)
		if !ok {
			continue
		}
		if !t.Start.IsZero() && (start.IsZero() || t.Start.After(start)) {
			start = t.Start
		}
		if !t.End.IsZero() && (end.IsZero() || t.End.Before(end)) {
			end = t.End
		}
	}
	return start, end
}
