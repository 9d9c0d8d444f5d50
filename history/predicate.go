package history

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// A Predicate is a condition on one event, as a typed tree: what a filter
// means, with no SQL in it. The filter package builds one from filter text,
// a compiler turns it into SQL over the store, and Matches evaluates it in
// memory, which is the oracle the compiled SQL is tested against.
//
// The node types are And, Or, Not, FieldTerm, PathTerm, TextTerm and
// TimeTerm, all values. ValidatePredicate says whether a tree is well formed.
type Predicate interface{ isPredicate() }

// And holds when every one of its predicates holds.
type And []Predicate

// Or holds when at least one of its predicates holds.
type Or []Predicate

// Not holds when its predicate does not.
type Not struct{ Pred Predicate }

// FieldTerm compares one field of the event with a value.
type FieldTerm struct {
	Field Field
	Cmp   Cmp
	// Value is the text for CmpEqual, the pattern for CmpGlob ('*' any run
	// of characters, '?' exactly one, no escapes) and the prefix for
	// CmpCIDR (10.0.0.0/8); CmpPresent and CmpAbsent ignore it.
	Value string
}

// PathTerm compares the values at a dotted JSON path of the record (arrays
// along the path are entered; see MatchPath).
type PathTerm struct {
	Path  string // keys joined by dots, spelled exactly as in the record
	Cmp   Cmp    // CmpEqual, CmpGlob, CmpPresent or CmpAbsent
	Value string
}

// TextTerm is a full-text search: the words of Text must follow one
// another in one string or number value of the record (words.go).
type TextTerm struct {
	Text   string // the search text, without a trailing '*'
	Prefix bool   // the last word matches as a prefix
	// IDs makes the term hold also for an event whose event ID or request
	// ID is Text as typed, in lower case or in upper case: full text leaves
	// the record's own IDs out, and a pasted ID must still find its event.
	IDs bool
}

// TimeTerm bounds eventTime. Both bounds are inclusive, compared in whole
// microseconds as the store keeps them, and a zero bound is open. An event
// without an eventTime counts as the Unix epoch.
type TimeTerm struct {
	Start, End time.Time
}

func (And) isPredicate()       {}
func (Or) isPredicate()        {}
func (Not) isPredicate()       {}
func (FieldTerm) isPredicate() {}
func (PathTerm) isPredicate()  {}
func (TextTerm) isPredicate()  {}
func (TimeTerm) isPredicate()  {}

// Cmp is how a term compares a value: its match kind.
type Cmp int

// Every comparison ignores the case of ASCII letters only, as SQLite's
// NOCASE does (docs/filter.md, "Case"); event and request IDs are the
// exception for CmpEqual, see FieldEventID.
const (
	CmpEqual   Cmp = iota + 1 // equal
	CmpGlob                   // matches a glob pattern
	CmpPresent                // has a value
	CmpAbsent                 // has no value
	CmpCIDR                   // an IP address inside a CIDR prefix
)

var cmpNames = [...]string{CmpEqual: "equal", CmpGlob: "glob", CmpPresent: "present", CmpAbsent: "absent", CmpCIDR: "cidr"}

func (c Cmp) String() string {
	if c > 0 && int(c) < len(cmpNames) {
		return cmpNames[c]
	}
	return fmt.Sprintf("Cmp(%d)", int(c))
}

// Field is a field of an event that a FieldTerm tests: the fields of the
// filter language (docs/filter.md), less the time terms (TimeTerm).
type Field int

// The fields. An empty value is no value: CmpAbsent matches it and no
// other comparison does, except where a field says otherwise.
const (
	FieldEventName    Field = iota + 1 // Event.EventName
	FieldEventSource                   // Event.EventSource
	FieldUsername                      // Event.Username
	FieldRegion                        // Event.Region
	FieldAccount                       // Event.Account
	FieldAccessKeyID                   // Event.AccessKeyID
	FieldSourceIP                      // Event.SourceIP; the only field that takes CmpCIDR
	FieldErrorCode                     // Event.ErrorCode
	FieldUserAgent                     // Event.UserAgent
	FieldEventType                     // Event.EventType
	FieldIdentityType                  // Event.IdentityType
	FieldIdentityARN                   // Event.IdentityARN
	// FieldResourceType holds when any resource's type does; a resource
	// whose type AWS did not give has none.
	FieldResourceType
	// FieldResourceName holds when any resource's name does. Every
	// resource counts as having a name, even an empty one (the store keeps
	// a name for each), so CmpPresent holds for any event with resources.
	FieldResourceName
	// FieldEventID: CmpEqual matches the ID as typed, in lower case or in
	// upper case (exactly, not ignoring case); CmpGlob ignores ASCII case.
	// Every stored event has an event ID (a synthetic one when the record
	// has none), so CmpPresent always holds and CmpAbsent never does.
	FieldEventID
	FieldRequestID // as FieldEventID, but an event may have none
	// FieldReadOnly and FieldCategory compare their names (EnumValues).
	// Every event has a category; read-only may be unknown.
	FieldReadOnly
	FieldCategory
	fieldEnd
)

// FieldClass is how an event holds a field, which decides how a term on it
// matches.
type FieldClass int

const (
	ClassText     FieldClass = iota + 1 // one text value, Event's string field
	ClassResource                       // any of Event.Resources
	ClassID                             // Event.EventID or Event.RequestID
	ClassEnum                           // a few named values
)

type fieldInfo struct {
	name  string
	class FieldClass
	get   func(e *Event) string
}

var fieldInfos = [...]fieldInfo{
	FieldEventName:    {"EventName", ClassText, func(e *Event) string { return e.EventName }},
	FieldEventSource:  {"EventSource", ClassText, func(e *Event) string { return e.EventSource }},
	FieldUsername:     {"Username", ClassText, func(e *Event) string { return e.Username }},
	FieldRegion:       {"Region", ClassText, func(e *Event) string { return e.Region }},
	FieldAccount:      {"Account", ClassText, func(e *Event) string { return e.Account }},
	FieldAccessKeyID:  {"AccessKeyID", ClassText, func(e *Event) string { return e.AccessKeyID }},
	FieldSourceIP:     {"SourceIP", ClassText, func(e *Event) string { return e.SourceIP }},
	FieldErrorCode:    {"ErrorCode", ClassText, func(e *Event) string { return e.ErrorCode }},
	FieldUserAgent:    {"UserAgent", ClassText, func(e *Event) string { return e.UserAgent }},
	FieldEventType:    {"EventType", ClassText, func(e *Event) string { return e.EventType }},
	FieldIdentityType: {"IdentityType", ClassText, func(e *Event) string { return e.IdentityType }},
	FieldIdentityARN:  {"IdentityARN", ClassText, func(e *Event) string { return e.IdentityARN }},
	FieldResourceType: {"ResourceType", ClassResource, nil},
	FieldResourceName: {"ResourceName", ClassResource, nil},
	FieldEventID:      {"EventID", ClassID, func(e *Event) string { return e.EventID }},
	FieldRequestID:    {"RequestID", ClassID, func(e *Event) string { return e.RequestID }},
	FieldReadOnly:     {"ReadOnly", ClassEnum, nil},
	FieldCategory:     {"Category", ClassEnum, nil},
	fieldEnd:          {},
}

func (f Field) info() fieldInfo {
	if f > 0 && f < fieldEnd {
		return fieldInfos[f]
	}
	return fieldInfo{}
}

// Class is how an event holds f; 0 for an unknown field.
func (f Field) Class() FieldClass { return f.info().class }

// Value is f's text on e, for the text and ID classes ("" otherwise).
func (f Field) Value(e *Event) string {
	if get := f.info().get; get != nil {
		return get(e)
	}
	return ""
}

func (f Field) String() string {
	if n := f.info().name; n != "" {
		return n
	}
	return fmt.Sprintf("Field(%d)", int(f))
}

// EnumValue is a name a read-only or category term compares with, and
// what it stands for: 1 (true) or 0 (false) for read-only, a Category.
type EnumValue struct {
	Name  string
	Value int64
}

var (
	readOnlyValues = []EnumValue{{"true", 1}, {"false", 0}}
	// "Insights" is the console's name for the tab; spec 1.2 calls the
	// category Insight.
	categoryValues = []EnumValue{
		{Management.String(), int64(Management)},
		{Insight.String(), int64(Insight)},
		{"Insights", int64(Insight)},
	}
)

// EnumValues lists the names FieldReadOnly and FieldCategory compare with,
// in a stable order; nil for other fields.
func (f Field) EnumValues() []EnumValue {
	switch f {
	case FieldReadOnly:
		return append([]EnumValue(nil), readOnlyValues...)
	case FieldCategory:
		return append([]EnumValue(nil), categoryValues...)
	}
	return nil
}

// EnumMatches returns the distinct values, in EnumValues order, whose name
// value matches: CmpEqual ignoring case (Unicode simple folding, as
// strings.EqualFold), CmpGlob as GlobMatch. Other comparisons match none.
func (f Field) EnumMatches(c Cmp, value string) []int64 {
	var hits []int64
	for _, ev := range f.EnumValues() {
		ok := false
		switch c {
		case CmpEqual:
			ok = strings.EqualFold(ev.Name, value)
		case CmpGlob:
			ok = GlobMatch(value, ev.Name)
		}
		if ok && !containsInt(hits, ev.Value) {
			hits = append(hits, ev.Value)
		}
	}
	return hits
}

func containsInt(xs []int64, x int64) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// ErrBadPredicate is wrapped by ValidatePredicate's errors.
var ErrBadPredicate = errors.New("bad predicate")

func badPredicate(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrBadPredicate, fmt.Sprintf(format, args...))
}

// ValidatePredicate reports whether p is well formed: no nil node, no empty
// And or Or, known fields and comparisons, a comparison each term takes,
// CmpEqual with a value, CmpGlob with a character other than '*' (use
// CmpPresent), enum terms that name a value, a CIDR prefix that parses,
// paths without empty keys, text with words and no trailing '*', time
// terms with a bound. A compiler must refuse what it refuses; Matches
// treats such a term as matching nothing.
func ValidatePredicate(p Predicate) error {
	switch p := p.(type) {
	case nil:
		return badPredicate("nil predicate")
	case And:
		return validateList("And", p)
	case Or:
		return validateList("Or", p)
	case Not:
		return ValidatePredicate(p.Pred)
	case FieldTerm:
		return validateField(p)
	case PathTerm:
		return validatePath(p)
	case TextTerm:
		return validateText(p)
	case TimeTerm:
		if p.Start.IsZero() && p.End.IsZero() {
			return badPredicate("time term without a bound")
		}
		return nil
	}
	return badPredicate("unknown predicate type %T", p)
}

func validateList(op string, ps []Predicate) error {
	if len(ps) == 0 {
		return badPredicate("empty %s", op)
	}
	for _, k := range ps {
		if err := ValidatePredicate(k); err != nil {
			return err
		}
	}
	return nil
}

// validValue checks the value rules every term shares.
func validValue(c Cmp, v string) error {
	switch c {
	case CmpEqual:
		if v == "" {
			return badPredicate("equal to an empty value (use absent)")
		}
	case CmpGlob:
		if strings.Trim(v, "*") == "" {
			return badPredicate("glob %q matches any value (use present)", v)
		}
	case CmpCIDR:
		if _, err := ParseCIDR(v); err != nil {
			return badPredicate("%v", err)
		}
	case CmpPresent, CmpAbsent:
	default:
		return badPredicate("unknown comparison %v", c)
	}
	return nil
}

func validateField(t FieldTerm) error {
	class := t.Field.info().class
	if class == 0 {
		return badPredicate("unknown field %v", t.Field)
	}
	if err := validValue(t.Cmp, t.Value); err != nil {
		return fmt.Errorf("%v: %w", t.Field, err)
	}
	if t.Cmp == CmpCIDR && t.Field != FieldSourceIP {
		return badPredicate("%v takes no CIDR prefix", t.Field)
	}
	if class == ClassEnum && (t.Cmp == CmpEqual || t.Cmp == CmpGlob) && len(t.Field.EnumMatches(t.Cmp, t.Value)) == 0 {
		return badPredicate("%v has no value %q", t.Field, t.Value)
	}
	return nil
}

func validatePath(t PathTerm) error {
	if t.Path == "" || strings.Contains("."+t.Path+".", "..") {
		return badPredicate("empty key in JSON path %q", t.Path)
	}
	if t.Cmp == CmpCIDR {
		return badPredicate("a JSON path takes no CIDR prefix")
	}
	if err := validValue(t.Cmp, t.Value); err != nil {
		return fmt.Errorf("path %s: %w", t.Path, err)
	}
	return nil
}

func validateText(t TextTerm) error {
	if strings.HasSuffix(t.Text, "*") {
		return badPredicate("text %q ends with '*' (set Prefix instead)", t.Text)
	}
	if len(SplitWords(t.Text)) == 0 {
		return badPredicate("text %q has no words", t.Text)
	}
	return nil
}
