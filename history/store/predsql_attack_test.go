package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/trailview/trailview/filter"
)

// TestAttackInputs feeds SQL fragments, quotes, LIKE wildcards, FTS syntax,
// NUL and huge input. Each must be rejected with a message or matched
// literally, and the SQL must keep its fixed shape.
func TestAttackInputs(t *testing.T) {
	s := openStore(t)
	now := time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)
	rec := func(id, user, bucket string) map[string]any {
		return map[string]any{
			"eventVersion": "1.08", "eventTime": "2025-03-09T10:00:00Z", "eventSource": "s3.amazonaws.com",
			"eventName": "GetBucketAcl", "awsRegion": "us-east-1", "sourceIPAddress": "10.0.0.1",
			"eventID": id, "eventType": "AwsApiCall", "recipientAccountId": "111122223333",
			"userIdentity":      map[string]any{"type": "IAMUser", "userName": user, "arn": "arn:aws:iam::111122223333:user/x"},
			"requestParameters": map[string]any{"bucketName": bucket},
		}
	}
	loadRecords(t, s, []map[string]any{
		rec("00000000-0000-4000-8000-000000000001", "a_b", "100%"),
		rec("00000000-0000-4000-8000-000000000002", "axb", "100x"),
		rec("00000000-0000-4000-8000-000000000003", "x' OR '1'='1", "q\"uote"),
		rec("00000000-0000-4000-8000-000000000004", "Robert'); DROP TABLE events;--", "back\\slash"),
		rec("00000000-0000-4000-8000-000000000005", "plain", "NEAR(a b)"),
	})
	ctx := context.Background()
	total := func() int {
		var n int
		if err := s.QueryRowForTest(ctx, "SELECT count(*) FROM events").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if total() != 5 {
		t.Fatalf("store holds %d events", total())
	}
	cases := []struct {
		in   string
		want int // events matched; -1 = must be rejected
	}{
		{`user:a_b`, 1},
		{`user:a%b`, 0},
		{`user:%`, 0},
		{`user:_`, 0},
		{`user:a_*`, 1},
		{`user:"x' OR '1'='1"`, 1},
		// user x' OR the phrase "1 1", which user 3's name holds literally.
		{`user:x' OR '1'='1`, 1},
		{`user:"Robert'); DROP TABLE events;--"`, 1},
		{`user:Robert'); DROP TABLE events;--`, -1}, // the ) is unmatched
		{`'; DROP TABLE events; --`, -1},            // ' has no letters
		{`"'; DROP TABLE events; --"`, 1},           // phrase "drop table events": user 4's name
		{`requestParameters.bucketName:100%`, 1},
		{`requestParameters.bucketName:100_`, 0},
		{`requestParameters.bucketName:"q\"uote"`, 1},
		{`requestParameters.bucketName:back\\slash`, 1},
		{`requestParameters.bucketName') OR 1=1 --:x`, -1}, // the ) ends the field
		{`requestParameters.bucketName'OR'1:x`, 0},
		{`"NEAR(a b)"`, 1},
		{`NEAR`, 1},
		{`"a" OR "b`, -1},
		{`"* OR x"`, -1}, // a wildcard inside a phrase
		{`event:*) OR (1=1`, -1},
		{`id:"' OR 1=1 --"`, 0},
		{`request:%`, 0},
		{"user:a\x00b", -1},
		{"a\x00", -1},
		{strings.Repeat("a", 1<<20), -1},
		{strings.Repeat("(", 1<<20), -1},
		{strings.Repeat(`user:"x' `, 2000), -1},
		{strings.Repeat("-", 4000) + "a", -1},
		{`ip:"10.0.0.0/8' OR 1=1"`, -1},
		{`ip:10.0.0.0/8`, 5},
		{`since:1h'`, -1},
		{`readonly:"true' OR 1"`, -1},
		{`category:"management' --"`, -1},
	}
	for _, c := range cases {
		label := c.in
		if len(label) > 60 {
			label = label[:60] + "..."
		}
		f, err := filter.Compile(c.in, now)
		if c.want < 0 {
			if err == nil {
				t.Errorf("%q: compiled to %#v, want rejection", label, f.Pred)
			} else if _, ok := err.(*filter.Error); !ok {
				t.Errorf("%q: error %T %v, want *filter.Error", label, err, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", label, err)
			continue
		}
		sql, _ := compiledSQL(t, s, f)
		if got := len(matchingIDs(t, s, f)); got != c.want {
			t.Errorf("%q matched %d events, want %d (SQL %s)", label, got, c.want, sql.Where)
		}
	}
	if total() != 5 {
		t.Fatalf("store holds %d events after the attacks", total())
	}
}
