package store

import (
	"testing"

	"github.com/trailview/trailview/history/record"
)

// TestTextCheckAgreesWithPhrase: the byte search that turns records away
// before their words are parsed (sqlfuncs_text.go) never turns away one
// the phrase matches: not in another ASCII case, not through a \u escape,
// not through non-ASCII text whose lower case is ASCII (the Kelvin sign
// lowers to k), not a prefix.
func TestTextCheckAgreesWithPhrase(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		rec, text string
		want      bool
	}{
		{`{"a":"ListBuckets"}`, "listbuckets", true},
		{`{"a":"LISTBUCKETS now"}`, "ListBuckets Now", true},
		{`{"a":"\u004cistBuckets"}`, "listbuckets", true},
		{`{"a":"` + "\u212a" + `ey"}`, "key", true},
		{`{"a":"list buckets"}`, "listbuckets", false},
		{`{"a":"ListBucket"}`, "listbuckets", false},
		{`{"a":"describeInstances"}`, "describe*", true},
		{`{"a":"x","b":"Describe"}`, "describe*", true},
		{`{"a":"the\noperation"}`, "the operation", true},
		{`{"a":"the","b":"operation"}`, "the operation", false},
		{`{"a":"thx"}`, "the", false},
		{`{"a":12345}`, "2345", false},
		{`{"a":12345}`, "12345", true},
	} {
		if got, want := textMatches([]byte(tc.rec), tc.text), record.ParsePhrase(tc.text).MatchRecord([]byte(tc.rec)); got != want || got != tc.want {
			t.Errorf("%s in %s: %v, phrase says %v, want %v", tc.text, tc.rec, got, want, tc.want)
		}
	}
}

// TestTextCheckSkipsRecordsWithoutTheWords: a record that does not hold a
// word of the phrase is turned away without parsing its values into words
// (which allocates for every value): a walk through a Region for a common
// word with few matches checks every event this way.
func TestTextCheckSkipsRecordsWithoutTheWords(t *testing.T) {
	rec := []byte(`{"eventName":"GetObject","requestParameters":{"bucketName":"logs-archive","key":"2025/03/01/a.json"},"userAgent":"aws-cli/2.15"}`)
	textMatches(rec, "listbuckets")
	if n := testing.AllocsPerRun(100, func() { textMatches(rec, "listbuckets") }); n != 0 {
		t.Errorf("a record without the word cost %.0f allocations to turn away, want 0", n)
	}
}
