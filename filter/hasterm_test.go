package filter

import "testing"

func TestHasTermFindsTopLevelAndTermsOnly(t *testing.T) {
	cases := []struct {
		filter, term string
		want         bool
	}{
		{"user:alice", "user:alice", true},
		{"event:Get* user:alice", "user:alice", true},
		{"event:Get* -ip:203.0.113.7", "-ip:203.0.113.7", true},
		{"event:Get* -ip:203.0.113.7", "ip:203.0.113.7", false},
		{`requestParameters.bucketName:"my bucket" user:bob`, `requestParameters.bucketName:"my bucket"`, true},
		{"user:alice OR user:bob", "user:alice", false},
		{"(user:alice OR user:bob) ip:1.2.3.4", "ip:1.2.3.4", true},
		{"événement ip:1.2.3.4", "ip:1.2.3.4", true},
		{"user:alicex", "user:alice", false},
		{"", "user:alice", false},
		{"user:(", "user:alice", false},
	}
	for _, c := range cases {
		if got := HasTerm(c.filter, c.term); got != c.want {
			t.Errorf("HasTerm(%q, %q) = %v, want %v", c.filter, c.term, got, c.want)
		}
	}
}
