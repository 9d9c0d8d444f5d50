package filter

import (
	"testing"

	"github.com/trailview/trailview/history"
)

func TestSightingFields(t *testing.T) {
	for _, tc := range []struct {
		name          string
		first, second history.Field
		canonical     string
		ok            bool
	}{
		{"ip", history.FieldSourceIP, 0, "ip", true},
		{"User+Event", history.FieldUsername, history.FieldEventName, "user+event", true},
		{"key+ip", history.FieldAccessKeyID, history.FieldSourceIP, "key+ip", true},
		{"readonly", 0, 0, "", false},
		{"ip+key", 0, 0, "", false},
		{"nosuch", 0, 0, "", false},
	} {
		first, second, canonical, ok := SightingFields(tc.name)
		if first != tc.first || second != tc.second || canonical != tc.canonical || ok != tc.ok {
			t.Errorf("%q: %v %v %q %v, want %v %v %q %v", tc.name, first, second, canonical, ok, tc.first, tc.second, tc.canonical, tc.ok)
		}
	}
}
