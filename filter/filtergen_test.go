package filter

import (
	"strings"
	"testing"

	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/internal/filtergen"
)

// TestGeneratorReadsTheLanguagesFields: filtergen writes filter text
// without the language's internals, reading each field's values from
// events through a table of its own. That table must read what the
// language's field tests, and its paths must be the record's, or the
// property tests would draw values from the wrong places and prove less.
func TestGeneratorReadsTheLanguagesFields(t *testing.T) {
	e := &history.Event{EventName: "name", EventSource: "source", Username: "user", Region: "region",
		Account: "account", AccessKeyID: "key", SourceIP: "ip", ErrorCode: "error", UserAgent: "agent",
		EventID: "event id", RequestID: "request id", IdentityType: "identity", IdentityARN: "arn",
		EventType: "event type", ReadOnly: "true"}
	for _, name := range filtergen.Fields {
		def := lookupField(name)
		if def == nil {
			t.Errorf("filtergen field %q is not a field of the language", name)
			continue
		}
		v, ok := filtergen.FieldValue(name, e)
		lower := strings.ToLower(name)
		switch def.kind {
		case fResource:
			want := "resource"
			if def.shortType {
				want = "type"
			}
			if ok || lower != want {
				t.Errorf("filtergen treats resource field %q as %q (one value: %v), want %q", name, lower, ok, want)
			}
		case fCategory, fReadOnly:
			if ok || lower != def.Name {
				t.Errorf("filtergen treats field %q as %q (one value: %v), want %q", name, lower, ok, def.Name)
			}
		default:
			if !ok || v != def.get(e) {
				t.Errorf("filtergen reads %q (found: %v) for field %q, the language tests %q", v, ok, name, def.get(e))
			}
		}
		if def.cidr != (lower == "ip") {
			t.Errorf("field %q: the language takes CIDR prefixes: %v, filtergen: %v", name, def.cidr, lower == "ip")
		}
	}
	for _, p := range filtergen.Paths {
		if got := canonicalPath(strings.Split(p.Typed, ".")); got != p.InRecord {
			t.Errorf("the language reads path %q as %q, filtergen reads %q", p.Typed, got, p.InRecord)
		}
	}
}
