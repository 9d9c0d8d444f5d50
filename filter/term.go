package filter

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/trailview/trailview/history"
)

// ErrInexpressible says that no filter text holds exactly when a field has
// a value: a pivot refuses rather than filter on something close to it.
var ErrInexpressible = errors.New("the filter language cannot say this value exactly")

// FieldTermText writes the term that holds exactly when the field (a
// filter field name) equals value as a term compares it (ASCII case
// ignored), or, with exclude, when it does not. An empty value is the
// language's "has no value" form (user:""). Wildcards, quotes, spaces and a
// leading '-' in value are escaped or quoted so that they stand for
// themselves.
func FieldTermText(field, value string, exclude bool) (string, error) {
	def := lookupField(field)
	if def == nil || def.kind == fSince || def.kind == fAfter || def.kind == fBefore {
		return "", fmt.Errorf("%w: %q is not a field a value can be compared with", ErrInexpressible, field)
	}
	if err := checkTermValue(value); err != nil {
		return "", fmt.Errorf("%s: %w", def.Name, err)
	}
	want := history.Predicate(history.FieldTerm{Field: def.field, Cmp: history.CmpEqual, Value: value})
	switch {
	case value == "" && def.kind == fResource:
		// resource:"" means "no resources at all", not "a resource with
		// an empty name", so the empty value has no exact term here.
		return "", fmt.Errorf("%w: %s has no term for an empty value among other resources", ErrInexpressible, def.Name)
	case value == "":
		want = history.FieldTerm{Field: def.field, Cmp: history.CmpAbsent}
	case def.cidr && strings.Contains(value, "/"):
		return "", fmt.Errorf("%w: %s:%q would read as a CIDR prefix", ErrInexpressible, def.Name, value)
	case def.shortType && !strings.Contains(value, "::"):
		return "", fmt.Errorf("%w: %s:%q would read as a short type name (any AWS::…::%s)", ErrInexpressible, def.Name, value, value)
	}
	return checkedTerm(def.Name+":"+quoteTermValue(value), want, exclude)
}

// PathTermText writes the term that holds exactly when a value at the
// JSON path keys of the record equals value (a string by its text, a
// number or boolean by its JSON text), or, with exclude, when none does.
// Keys are spelled as in the record; a key holding a dot, or a known
// CloudTrail key spelled in another case (which the language would
// correct), cannot be said.
func PathTermText(keys []string, value string, exclude bool) (string, error) {
	if len(keys) == 0 {
		return "", fmt.Errorf("%w: an empty JSON path", ErrInexpressible)
	}
	for _, k := range keys {
		if k == "" || strings.Contains(k, ".") {
			return "", fmt.Errorf("%w: JSON key %q (a path cannot spell an empty key or one with a dot)", ErrInexpressible, k)
		}
		if err := checkTermValue(k); err != nil {
			return "", fmt.Errorf("JSON key: %w", err)
		}
	}
	path := strings.Join(keys, ".")
	if canonicalPath(keys) != path {
		return "", fmt.Errorf("%w: JSON path %q differs only in case from CloudTrail's %q, which the filter reads it as",
			ErrInexpressible, path, canonicalPath(keys))
	}
	if err := checkTermValue(value); err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	want := history.Predicate(history.PathTerm{Path: path, Cmp: history.CmpEqual, Value: value})
	if value == "" {
		want = history.PathTerm{Path: path, Cmp: history.CmpAbsent}
	}
	head := escapeKey(path)
	if len(keys) == 1 {
		// One key without a dot reads as a field name (eventname is the
		// event field) or is refused as unknown: a leading dot makes it
		// a path whatever it is.
		head = "." + head
	}
	return checkedTerm(head+":"+quoteTermValue(value), want, exclude)
}

// AndText adds term to a filter with AND. A filter whose top level is an
// OR is put in parentheses first: "a OR b term" would read as
// "a OR (b AND term)".
func AndText(filterText, term string) string {
	if strings.TrimSpace(filterText) == "" {
		return term
	}
	if root, err := parse(filterText); err == nil {
		if _, isOr := root.(*orNode); !isOr {
			return filterText + " " + term
		}
	}
	return "(" + filterText + ") " + term
}

// checkTermValue refuses what no filter text can hold (CheckText).
func checkTermValue(v string) error {
	if !utf8.ValidString(v) {
		return fmt.Errorf("%w: the value is not valid UTF-8", ErrInexpressible)
	}
	for _, r := range v {
		if r != '\t' && r != '\n' && r != '\r' && unicode.IsControl(r) {
			return fmt.Errorf("%w: the value holds control character %U, which a filter cannot", ErrInexpressible, r)
		}
	}
	return nil
}

// checkedTerm compiles the term it wrote and returns it only if it means
// exactly want (or its negation): a rule of the language the writer
// missed shows up as a refusal, never as a pivot on something else.
func checkedTerm(text string, want history.Predicate, exclude bool) (string, error) {
	if exclude {
		text, want = "-"+text, history.Not{Pred: want}
	}
	f, err := Compile(text, time.Time{})
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrInexpressible, err)
	}
	if f.Pred != want {
		return "", fmt.Errorf("%w: %s reads as %#v", ErrInexpressible, text, f.Pred)
	}
	return text, nil
}

// quoteTermValue writes a literal value: bare when nothing in it would end
// or change a bare value, else quoted. Wildcards are escaped either way.
func quoteTermValue(v string) string {
	if v == "" {
		return `""`
	}
	quote := false
	var b strings.Builder
	for _, r := range v {
		switch {
		case r == '"' || r == '\\':
			quote = true
			b.WriteByte('\\')
		case r == '*' || r == '?':
			b.WriteByte('\\')
		case r == '(' || r == ')' || isSpace(r):
			quote = true
		}
		b.WriteRune(r)
	}
	if quote {
		return `"` + b.String() + `"`
	}
	return b.String()
}

// escapeKey escapes what would end a field name or turn it into something
// else: spaces, parentheses, ':', quotes, backslashes, and a leading '-'
// (a negation).
func escapeKey(path string) string {
	var b strings.Builder
	for i, r := range path {
		if r == ':' || r == '"' || r == '\\' || r == '(' || r == ')' || isSpace(r) || (i == 0 && r == '-') {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// HasTerm reports whether term is already one of filterText's top-level
// AND terms, written the same way: a pivot repeated on the same value
// would otherwise add the same term again and leave a back-stack step that
// changes nothing. Pivot terms are written canonically (FieldTermText,
// PathTermText), so comparing their text is exact for them.
func HasTerm(filterText, term string) bool {
	root, err := parse(filterText)
	if err != nil || root == nil {
		return false
	}
	want := strings.TrimSpace(term)
	in := []rune(filterText)
	kids := []node{root}
	if and, ok := root.(*andNode); ok {
		kids = and.kids
	}
	for _, k := range kids {
		sp := k.nodeSpan()
		if sp.col < 1 || sp.col-1+sp.len > len(in) {
			continue
		}
		if string(in[sp.col-1:sp.col-1+sp.len]) == want {
			return true
		}
	}
	return false
}
