package store

import (
	"testing"

	"github.com/trailview/trailview/history/record"
)

// TestPathCheckAgreesWithMatchPath: the byte search that turns records
// away before a JSON path is walked (sqlfuncs_match.go) never turns away
// one that has the path: not when a key is spelled with an escape, not
// inside arrays, not for keys it cannot search for; and it does turn
// away records that lack a key.
func TestPathCheckAgreesWithMatchPath(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		rec, path, kind, pattern string
		want, turnedAway         bool
	}{
		{`{"a":{"arn":"x"}}`, "a.arn", "exists", "", true, false},
		{`{"a":{"ar\u006e":"x"}}`, "a.arn", "exists", "", true, false},
		{`{"a":[{"b":1},{"arn":"x"}]}`, "a.arn", "exists", "", true, false},
		{`{"a\/b":{"c":"x"}}`, "a/b.c", "eq", "X", true, false},
		{`{"a":{"ip":"10.0.0.1"}}`, "a.ip", "cidr", "10.0.0.0/8", true, false},
		{`{"a":{"b":"Deploy-1"}}`, "a.b", "glob", "deploy*", true, false},
		{`{"b":{"arn":"x"},"a":1}`, "a.arn", "exists", "", false, false},
		{`{"a":{"arnx":"x"}}`, "a.arn", "exists", "", false, true},
		{`{"a":{"Arn":"x"}}`, "a.arn", "exists", "", false, true},
		{`{"a":{"x":"arn"}}`, "a.arn", "eq", "", false, false}, // "arn" as a value
		{`{"a":{"ip":"10.0.0.1"}}`, "a.other", "cidr", "10.0.0.0/8", false, true},
	} {
		want, err := record.MatchPath([]byte(tc.rec), tc.path, tc.kind, tc.pattern)
		if err != nil {
			t.Fatal(err)
		}
		got, err := pathMatches([]byte(tc.rec), tc.path, tc.kind, tc.pattern)
		if err != nil || got != want || want != tc.want {
			t.Errorf("%s %s %q in %s: %v (%v), MatchPath %v, want %v", tc.path, tc.kind, tc.pattern, tc.rec, got, err, want, tc.want)
		}
		if away := !mayHavePath([]byte(tc.rec), tc.path); away != tc.turnedAway {
			t.Errorf("%s in %s: turned away %v, want %v", tc.path, tc.rec, away, tc.turnedAway)
		}
	}
}

// TestPathCheckSkipsRecordsWithoutTheKeys: a record without a key of the
// path is turned away without walking it (MatchPath splits the path and
// allocates for every record it is asked about).
func TestPathCheckSkipsRecordsWithoutTheKeys(t *testing.T) {
	rec := []byte(`{"eventName":"GetObject","requestParameters":{"bucketName":"logs-archive","key":"2025/03/01/a.json"}}`)
	path := "responseElements.keyMetadata.arn"
	if _, err := pathMatches(rec, path, "exists", ""); err != nil {
		t.Fatal(err)
	}
	if n := testing.AllocsPerRun(100, func() { _, _ = pathMatches(rec, path, "exists", "") }); n != 0 {
		t.Errorf("a record without the path cost %.0f allocations to turn away, want 0", n)
	}
}
