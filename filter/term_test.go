package filter

import (
	"encoding/json"
	"errors"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/record"
	"github.com/trailview/trailview/internal/filtergen"
)

// hostileValues are values a pivot must say exactly or refuse: the
// language's own syntax, odd spaces, wildcards and Unicode.
var hostileValues = []string{
	`alice`, `-alice`, `--`, `-`, `"`, `""`, `\`, `\\`, `a\"b`, `*`, `?`, `a*b`, `\*`, `a?`, `*::Bucket`,
	`AND`, `OR`, `NOT`, `(`, `)`, `a)b(`, `a b`, ` lead`, `trail `, "tab\there", "line\nbreak", "cr\rx",
	`key:value`, `:`, `a:b:c`, `arn:aws:iam::123456789012:user/alice`, `since:2h`, `user:"x"`,
	"non\u00a0breaking", "ideo\u3000space", "zero\u200bwidth", "bidi\u202egnp.exe", "ümlaut", "ÉCOLE", "日本語",
	"emoji😀", `'single'`, `%_`, `a_b`, `10.0.0.1`, `2001:db8::1`, `Mozilla/5.0 (Macintosh; Intel Mac OS X) "x"`,
	`AKIAIOSFODNN7EXAMPLE`, `AWS::S3::Bucket`, `true`, `false`, `TRUE`, ``, `\\*`, `"quoted"`, `a"`, `}`, `{`,
}

// termValues are the hostile values, the string values of generated
// CloudTrail records, and random strings over an alphabet of the
// characters the lexer treats apart.
func termValues(rng *rand.Rand) []string {
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, v := range hostileValues {
		add(v)
	}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case string:
			add(v)
		case map[string]any:
			for _, k := range v {
				walk(k)
			}
		case []any:
			for _, k := range v {
				walk(k)
			}
		}
	}
	for _, rec := range filtergen.Records(rng, 60, time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)) {
		walk(rec)
	}
	alphabet := []rune("aZ09-:\"\\*?() \t\u00a0.,/é😀_%")
	for i := 0; i < 200; i++ {
		r := make([]rune, 1+rng.IntN(8))
		for j := range r {
			r[j] = alphabet[rng.IntN(len(alphabet))]
		}
		add(string(r))
	}
	sort.Strings(out)
	return out
}

// textFields are the one-string fields, with how an event holds them.
func textFields() []*fieldDef {
	var out []*fieldDef
	for i := range fieldDefs {
		if d := &fieldDefs[i]; d.kind == fDict {
			out = append(out, d)
		}
	}
	return out
}

// TestFieldTermTextMeansEquality writes "is" and "is not" terms for many
// values on every text field and checks that the compiled filter accepts
// exactly the events whose field equals the value (ignoring ASCII case,
// docs/filter.md) or, negated, exactly the others; values the language
// cannot say must be refused with ErrInexpressible, and only those.
func TestFieldTermTextMeansEquality(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 4))
	values := termValues(rng)
	if len(values) < 300 {
		t.Fatalf("only %d values generated", len(values))
	}
	for _, def := range textFields() {
		events := make([]history.Event, len(values))
		for i, v := range values {
			setField(&events[i], def.field, v)
		}
		for _, v := range values {
			for _, exclude := range []bool{false, true} {
				text, err := FieldTermText(def.Name, v, exclude)
				if inexpressibleField(def, v) {
					if !errors.Is(err, ErrInexpressible) {
						t.Fatalf("%s %q (exclude %v): want ErrInexpressible, got %q, %v", def.Name, v, exclude, text, err)
					}
					continue
				}
				if err != nil {
					t.Fatalf("%s %q (exclude %v): %v", def.Name, v, exclude, err)
				}
				f, err := Compile(text, time.Time{})
				if err != nil {
					t.Fatalf("term %q does not compile: %v", text, err)
				}
				for _, i := range probe(rng, values, v) {
					got := def.field.Value(&events[i])
					want := history.LowerASCII(got) == history.LowerASCII(v)
					if exclude {
						want = !want
					}
					if record.Matches(f.Pred, &events[i]) != want {
						t.Fatalf("term %q for %s %q: event with %q: match %v, want %v", text, def.Name, v, got, !want, want)
					}
				}
			}
		}
	}
}

// probe picks the events a term is tried on: every one holding the
// value in some ASCII case, and a random few others (trying every event
// for every value would take minutes).
func probe(rng *rand.Rand, values []string, v string) []int {
	var out []int
	for i, w := range values {
		if history.LowerASCII(w) == history.LowerASCII(v) {
			out = append(out, i)
		}
	}
	for range 25 {
		out = append(out, rng.IntN(len(values)))
	}
	return out
}

// inexpressibleField is the reference for what a field term cannot say:
// the characters no filter may hold, a '/' in an IP (a CIDR prefix).
func inexpressibleField(def *fieldDef, v string) bool {
	return hasForbiddenControl(v) || (def.cidr && strings.Contains(v, "/"))
}

func hasForbiddenControl(v string) bool {
	return strings.ContainsFunc(v, func(r rune) bool {
		return r != '\t' && r != '\n' && r != '\r' && (r < 0x20 || (r >= 0x7f && r <= 0x9f))
	})
}

func setField(e *history.Event, f history.Field, v string) {
	switch f {
	case history.FieldEventName:
		e.EventName = v
	case history.FieldEventSource:
		e.EventSource = v
	case history.FieldUsername:
		e.Username = v
	case history.FieldRegion:
		e.Region = v
	case history.FieldAccount:
		e.Account = v
	case history.FieldAccessKeyID:
		e.AccessKeyID = v
	case history.FieldSourceIP:
		e.SourceIP = v
	case history.FieldErrorCode:
		e.ErrorCode = v
	case history.FieldUserAgent:
		e.UserAgent = v
	case history.FieldEventType:
		e.EventType = v
	case history.FieldIdentityType:
		e.IdentityType = v
	case history.FieldIdentityARN:
		e.IdentityARN = v
	default:
		panic("setField: not a text field: " + f.String())
	}
}

// TestResourceTermText checks resource names and types: an event
// matches when any of its resources has the value.
func TestResourceTermText(t *testing.T) {
	values := termValues(rand.New(rand.NewPCG(3, 3)))
	var events []history.Event
	for i := 0; i+1 < len(values); i += 2 {
		events = append(events, history.Event{Resources: []history.Resource{
			{Name: values[i], Type: "AWS::X::" + values[i]}, {Name: values[i+1], Type: values[i+1]}}})
	}
	for _, field := range []string{"resource", "type"} {
		for _, v := range values {
			text, err := FieldTermText(field, v, false)
			bad := v == "" || hasForbiddenControl(v) || (field == "type" && !strings.Contains(v, "::"))
			if bad {
				if !errors.Is(err, ErrInexpressible) {
					t.Fatalf("%s %q: want ErrInexpressible, got %q, %v", field, v, text, err)
				}
				continue
			}
			if err != nil {
				t.Fatalf("%s %q: %v", field, v, err)
			}
			f, err := Compile(text, time.Time{})
			if err != nil {
				t.Fatalf("term %q: %v", text, err)
			}
			for i := range events {
				want := false
				for _, r := range events[i].Resources {
					got := r.Name
					if field == "type" {
						got = r.Type
					}
					want = want || (got != "" && history.LowerASCII(got) == history.LowerASCII(v))
				}
				if record.Matches(f.Pred, &events[i]) != want {
					t.Fatalf("term %q on %+v: want %v", text, events[i].Resources, want)
				}
			}
		}
	}
}

// TestPathTermTextMeansEquality puts hostile values under hostile keys in
// records and checks that the path term accepts exactly the records whose
// value at the path equals it.
func TestPathTermTextMeansEquality(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 1))
	values := termValues(rng)
	keys := [][]string{{"requestParameters", "bucketName"}, {"eventName"}, {"user"}, {"custom"}, {"a b", "c:d"},
		{"-neg", "(x)"}, {`q"k`, `back\slash`}, {"*", "?"}, {"userIdentity", "sessionContext", "sessionIssuer", "userName"},
		{"ключ", "😀"}, {"since"}, {"AND"}}
	for _, path := range keys {
		events := make([]history.Event, len(values))
		for i, v := range values {
			events[i].Raw = nestedRecord(t, path, v)
		}
		for _, v := range values {
			for _, exclude := range []bool{false, true} {
				text, err := PathTermText(path, v, exclude)
				if hasForbiddenControl(v) {
					if !errors.Is(err, ErrInexpressible) {
						t.Fatalf("%v %q: want ErrInexpressible, got %q, %v", path, v, text, err)
					}
					continue
				}
				if err != nil {
					t.Fatalf("%v %q: %v", path, v, err)
				}
				f, err := Compile(text, time.Time{})
				if err != nil {
					t.Fatalf("term %q: %v", text, err)
				}
				for _, i := range probe(rng, values, v) {
					want := history.LowerASCII(values[i]) == history.LowerASCII(v)
					if exclude {
						want = !want
					}
					if record.Matches(f.Pred, &events[i]) != want {
						t.Fatalf("term %q on %s: want %v", text, events[i].Raw, want)
					}
				}
			}
		}
	}
}

func nestedRecord(t *testing.T, path []string, v string) []byte {
	var doc any = v
	if v == "" {
		doc = nil // the missing form: an empty string and null alike
	}
	for i := len(path) - 1; i >= 0; i-- {
		doc = map[string]any{path[i]: doc}
	}
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestTermTextRefuses covers what has no exact term.
func TestTermTextRefuses(t *testing.T) {
	for _, c := range []struct {
		field, value string
	}{{"ip", "10.0.0.0/8"}, {"type", "Bucket"}, {"resource", ""}, {"user", "esc\x1b[2J"}, {"user", "bad\xff"},
		{"readonly", "maybe"}, {"since", "2h"}, {"nosuchfield", "x"}} {
		if text, err := FieldTermText(c.field, c.value, false); !errors.Is(err, ErrInexpressible) {
			t.Errorf("FieldTermText(%q, %q) = %q, %v; want ErrInexpressible", c.field, c.value, text, err)
		}
	}
	for _, p := range [][]string{nil, {"a.b"}, {""}, {"useridentity", "arn"}, {"x\x00"}} {
		if text, err := PathTermText(p, "v", false); !errors.Is(err, ErrInexpressible) {
			t.Errorf("PathTermText(%q) = %q, %v; want ErrInexpressible", p, text, err)
		}
	}
}

// TestTermTextSpelling pins the text people will read in the filter bar.
func TestTermTextSpelling(t *testing.T) {
	for _, c := range []struct {
		got  func() (string, error)
		want string
	}{
		{func() (string, error) { return FieldTermText("user", "alice", false) }, `user:alice`},
		{func() (string, error) { return FieldTermText("username", "Jane Doe", true) }, `-user:"Jane Doe"`},
		{func() (string, error) { return FieldTermText("key", "", false) }, `key:""`},
		{func() (string, error) { return FieldTermText("event", "Get*", false) }, `event:Get\*`},
		{func() (string, error) { return FieldTermText("agent", `a "b"`, false) }, `agent:"a \"b\""`},
		{func() (string, error) { return FieldTermText("readonly", "true", false) }, `readonly:true`},
		{func() (string, error) { return PathTermText([]string{"requestParameters", "bucketName"}, "x", false) },
			`requestParameters.bucketName:x`},
		{func() (string, error) { return PathTermText([]string{"eventName"}, "x", true) }, `-.eventName:x`},
		{func() (string, error) { return PathTermText([]string{"a b", "-c"}, "1", false) }, `a\ b.-c:1`},
	} {
		got, err := c.got()
		if err != nil || got != c.want {
			t.Errorf("got %q, %v; want %q", got, err, c.want)
		}
	}
}

func TestAndText(t *testing.T) {
	for _, c := range []struct{ filter, want string }{
		{"", "ip:1"},
		{"  ", "ip:1"},
		{"user:a", "user:a ip:1"},
		{"user:a OR user:b", "(user:a OR user:b) ip:1"},
		{"(user:a OR user:b) x", "(user:a OR user:b) x ip:1"},
	} {
		if got := AndText(c.filter, "ip:1"); got != c.want {
			t.Errorf("AndText(%q) = %q, want %q", c.filter, got, c.want)
		}
	}
}
