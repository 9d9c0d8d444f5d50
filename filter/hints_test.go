package filter

import (
	"strings"
	"testing"
)

// TestHints: lower-case operators and field=value with a known field get
// a "did you mean"; anything else, including what only looks alike, none.
func TestHints(t *testing.T) {
	cases := []struct{ in, want string }{
		{"user:alice or user:bob", "OR"},
		{"error:* and not user:bob", "AND,NOT"},
		{"user=alice", "user:alice"},
		{"Event=DeleteBucket or Or", "Event:DeleteBucket,OR,OR"},
		{"user:alice OR user:bob", ""},
		{`"or" user:x`, ""}, // a quoted word is meant as a word
		{"user:a=b", ""},    // a value holding =
		{"colour=blue", ""}, // not a field
		{"user=", ""},       // nothing to move after the colon
		{"requestParameters.x=1", ""},
	}
	for _, c := range cases {
		got := strings.Join(Hints(c.in), ",")
		if got != c.want {
			t.Errorf("Hints(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
