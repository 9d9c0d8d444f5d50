package cli

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// pagingStore holds n management events in eu-west-1, several sharing
// each second so that pages split groups of equal EventTime, plus a few
// in us-east-1. Every event is named Op and read-only alternates.
func pagingStore(t testing.TB, n int) string {
	t.Helper()
	base := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	var recs []string
	for i := 0; i < n; i++ {
		at := base.Add(time.Duration(i/3) * time.Second) // three events per second
		recs = append(recs, fmt.Sprintf(`{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","userName":"u%d","accessKeyId":"AKIA%016d"},"eventTime":%q,"eventSource":"ec2.amazonaws.com","eventName":"Op","awsRegion":"eu-west-1","eventID":"%08x-0000-4000-8000-%012x","readOnly":%t,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"}`,
			i%5, i%7, at.Format(time.RFC3339), (i*7919)%n, i, i%2 == 0))
	}
	for i := 0; i < 3; i++ {
		recs = append(recs, fmt.Sprintf(`{"eventVersion":"1.08","eventTime":"2025-03-01T00:00:0%dZ","eventSource":"iam.amazonaws.com","eventName":"Op","awsRegion":"us-east-1","eventID":"ffffffff-0000-4000-8000-%012x","eventType":"AwsApiCall","recipientAccountId":"111122223333","eventCategory":"Management"}`, i, i))
	}
	file := filepath.Join(t.TempDir(), "records.json")
	if err := os.WriteFile(file, []byte(`{"Records":[`+strings.Join(recs, ",")+`]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	return loadStore(t, file)
}

var pagingBase = []string{"--region", "eu-west-1", "--now", "2025-03-10T00:00:00Z"}

func withBase(args ...string) []string { return append(append([]string{}, pagingBase...), args...) }

// manualPages follows service tokens with --max-results/--next-token.
func manualPages(t *testing.T, db string, size int, extra ...string) ([]string, int) {
	t.Helper()
	var ids []string
	token, calls := "", 0
	for {
		args := withBase(append([]string{"--max-results", fmt.Sprint(size)}, extra...)...)
		if token != "" {
			args = append(args, "--next-token", token)
		}
		o := lookupOK(t, db, args...)
		calls++
		if len(o.Events) > size {
			t.Fatalf("page of %d events with MaxResults %d", len(o.Events), size)
		}
		if o.NextToken != "" && len(o.Events) != size {
			t.Fatalf("short page (%d) with a NextToken", len(o.Events))
		}
		ids = append(ids, o.ids()...)
		if o.NextToken == "" {
			return ids, calls
		}
		token = o.NextToken
		if calls > 1000 {
			t.Fatal("pagination does not end")
		}
	}
}

// resumedPages follows CLI resume tokens with --max-items/--starting-token.
func resumedPages(t *testing.T, db string, maxItems, pageSize int) []string {
	t.Helper()
	var ids []string
	token := ""
	for calls := 0; ; calls++ {
		args := withBase("--max-items", fmt.Sprint(maxItems))
		if pageSize > 0 {
			args = append(args, "--page-size", fmt.Sprint(pageSize))
		}
		if token != "" {
			args = append(args, "--starting-token", token)
		}
		o := lookupOK(t, db, args...)
		if len(o.Events) > maxItems {
			t.Fatalf("%d events with --max-items %d", len(o.Events), maxItems)
		}
		ids = append(ids, o.ids()...)
		if o.NextToken == "" {
			return ids
		}
		token = o.NextToken
		if calls > 1000 {
			t.Fatal("pagination does not end")
		}
	}
}

func TestLookupEventsPagingRoundTrips(t *testing.T) {
	const n = 137
	db := pagingStore(t, n)
	all := lookupOK(t, db, pagingBase...)
	if len(all.Events) != n {
		t.Fatalf("auto-pagination returned %d events, want %d", len(all.Events), n)
	}
	seen := map[string]bool{}
	for i, e := range all.Events {
		if seen[e.EventId] {
			t.Fatalf("event %s repeated", e.EventId)
		}
		seen[e.EventId] = true
		if i > 0 && e.EventTime > all.Events[i-1].EventTime {
			t.Fatalf("not newest first at %d: %s after %s", i, e.EventTime, all.Events[i-1].EventTime)
		}
	}
	// The order is deterministic: the same query answers the same way.
	if again := lookupOK(t, db, pagingBase...); !reflect.DeepEqual(again.ids(), all.ids()) {
		t.Fatal("two identical queries ordered events differently")
	}
	want := all.ids()
	for _, size := range []int{1, 2, 7, 50} {
		got, calls := manualPages(t, db, size)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("manual paging by %d differs from auto-pagination", size)
		}
		if wantCalls := (n + size - 1) / size; calls != wantCalls {
			t.Errorf("paging by %d took %d calls, want %d (no empty last page)", size, calls, wantCalls)
		}
	}
	for _, c := range []struct{ maxItems, pageSize int }{{1, 0}, {10, 0}, {50, 0}, {7, 3}, {3, 7}, {5, 5}, {60, 50}} {
		if got := resumedPages(t, db, c.maxItems, c.pageSize); !reflect.DeepEqual(got, want) {
			t.Errorf("--max-items %d --page-size %d resumed walk differs from auto-pagination (%d vs %d events)", c.maxItems, c.pageSize, len(got), len(want))
		}
	}
	for _, size := range []int{1, 3, 50} {
		if got := lookupOK(t, db, withBase("--page-size", fmt.Sprint(size))...); !reflect.DeepEqual(got.ids(), want) {
			t.Errorf("--page-size %d changes the merged answer", size)
		}
	}
	// With an attribute, paging goes through the attribute's index.
	ro := lookupOK(t, db, withBase(attr("ReadOnly", "true")...)...)
	if len(ro.Events) != (n+1)/2 {
		t.Errorf("ReadOnly=true: %d events, want %d", len(ro.Events), (n+1)/2)
	}
	got, _ := manualPages(t, db, 4, attr("ReadOnly", "true")...)
	if !reflect.DeepEqual(got, ro.ids()) {
		t.Error("manual paging with an attribute differs from auto-pagination")
	}
	user := lookupOK(t, db, withBase(attr("Username", "u3")...)...)
	if got, _ := manualPages(t, db, 5, attr("Username", "u3")...); !reflect.DeepEqual(got, user.ids()) || len(got) == 0 {
		t.Errorf("manual paging by Username: %d events vs %d", len(got), len(user.Events))
	}
}

func TestLookupEventsResumeTokenFormat(t *testing.T) {
	db := pagingStore(t, 20)
	o := lookupOK(t, db, withBase("--max-items", "2")...)
	if got := decodeResume(t, o.NextToken); got != `{"NextToken": null, "boto_truncate_amount": 2}` {
		t.Errorf("first resume token decodes to %s", got)
	}
	// On a page boundary the token carries the service token alone.
	o = lookupOK(t, db, withBase("--max-items", "4", "--page-size", "2")...)
	dec := decodeResume(t, o.NextToken)
	var m map[string]any
	if err := json.Unmarshal([]byte(dec), &m); err != nil || len(m) != 1 || m["NextToken"] == nil {
		t.Errorf("page-boundary resume token decodes to %s", dec)
	}
	// Inside a later page: that page's service token and the items kept.
	o = lookupOK(t, db, withBase("--max-items", "5", "--page-size", "2")...)
	dec = decodeResume(t, o.NextToken)
	if err := json.Unmarshal([]byte(dec), &m); err != nil || m["boto_truncate_amount"] != 1.0 || m["NextToken"] == nil {
		t.Errorf("mid-page resume token decodes to %s", dec)
	}
	// --max-items 0 prints nothing and a token to start over.
	o = lookupOK(t, db, withBase("--max-items", "0")...)
	if len(o.Events) != 0 || decodeResume(t, o.NextToken) != `{"NextToken": null, "boto_truncate_amount": 0}` {
		t.Errorf("--max-items 0: %d events, token %q", len(o.Events), o.NextToken)
	}
	// --no-paginate prints the service token, which --next-token accepts.
	o = lookupOK(t, db, withBase("--no-paginate", "--lookup-attributes", "AttributeKey=EventName,AttributeValue=Op")...)
	if len(o.Events) != 20 || o.NextToken != "" {
		t.Errorf("--no-paginate with default MaxResults: %d events, token %q", len(o.Events), o.NextToken)
	}
	o = lookupOK(t, db, withBase("--max-results", "3")...)
	if len(o.Events) != 3 || o.NextToken == "" {
		t.Fatalf("--max-results 3: %d events, token %q", len(o.Events), o.NextToken)
	}
	if _, err := base64URL(o.NextToken); err != nil {
		t.Errorf("service token %q is not base64url: %v", o.NextToken, err)
	}
	// A bare service token works as --starting-token too (botocore's
	// fallback for old-style tokens).
	next := lookupOK(t, db, withBase("--max-results", "3", "--next-token", o.NextToken)...)
	viaStarting := lookupOK(t, db, withBase("--page-size", "3", "--max-items", "3", "--starting-token", o.NextToken)...)
	if !reflect.DeepEqual(next.ids(), viaStarting.ids()) {
		t.Errorf("--starting-token with a service token: %v, want %v", viaStarting.ids(), next.ids())
	}
}

func TestLookupEventsTokenBinding(t *testing.T) {
	db := pagingStore(t, 30)
	first := lookupOK(t, db, withBase(append([]string{"--max-results", "5", "--start-time", "2025-03-01T00:00:00Z", "--end-time", "2025-03-01T00:01:00Z"}, attr("EventName", "Op")...)...)...)
	tok := first.NextToken
	if tok == "" {
		t.Fatal("no NextToken")
	}
	same := []string{"--max-results", "5", "--start-time", "2025-03-01T00:00:00Z", "--end-time", "2025-03-01T00:01:00Z", "--lookup-attributes", "AttributeKey=EventName,AttributeValue=Op"}
	// Replayed with the same parameters (MaxResults may change), it works.
	for _, args := range [][]string{
		same,
		{"--max-results", "7", "--start-time", "2025-03-01T00:00:00Z", "--end-time", "2025-03-01T00:01:00Z", "--lookup-attributes", "AttributeKey=EventName,AttributeValue=Op"},
		// The same instants written differently are the same request.
		{"--max-results", "5", "--start-time", "1740787200", "--end-time", "2025-03-01T01:01:00+01:00", "--lookup-attributes", `[{"AttributeKey":"EventName","AttributeValue":"Op"}]`},
	} {
		r := lookup(t, db, nil, withBase(append(args, "--next-token", tok)...)...)
		if r.code != 0 {
			t.Errorf("replay with %q: exit %d %s", args, r.code, r.stderr)
		}
	}
	changed := map[string][]string{
		"attribute value": {"--max-results", "5", "--start-time", "2025-03-01T00:00:00Z", "--end-time", "2025-03-01T00:01:00Z", "--lookup-attributes", "AttributeKey=EventName,AttributeValue=Op2"},
		"attribute key":   {"--max-results", "5", "--start-time", "2025-03-01T00:00:00Z", "--end-time", "2025-03-01T00:01:00Z", "--lookup-attributes", "AttributeKey=EventSource,AttributeValue=Op"},
		"no attribute":    {"--max-results", "5", "--start-time", "2025-03-01T00:00:00Z", "--end-time", "2025-03-01T00:01:00Z"},
		"start time":      {"--max-results", "5", "--start-time", "2025-03-01T00:00:01Z", "--end-time", "2025-03-01T00:01:00Z", "--lookup-attributes", "AttributeKey=EventName,AttributeValue=Op"},
		"no start time":   {"--max-results", "5", "--end-time", "2025-03-01T00:01:00Z", "--lookup-attributes", "AttributeKey=EventName,AttributeValue=Op"},
		"end time":        {"--max-results", "5", "--start-time", "2025-03-01T00:00:00Z", "--end-time", "2025-03-01T00:02:00Z", "--lookup-attributes", "AttributeKey=EventName,AttributeValue=Op"},
		"category":        {"--max-results", "5", "--event-category", "insight", "--start-time", "2025-03-01T00:00:00Z", "--end-time", "2025-03-01T00:01:00Z", "--lookup-attributes", "AttributeKey=EventName,AttributeValue=Op"},
	}
	for name, args := range changed {
		r := lookup(t, db, nil, withBase(append(args, "--next-token", tok)...)...)
		if r.code != 254 || !strings.Contains(r.stderr, "(InvalidNextTokenException)") {
			t.Errorf("replay with another %s: exit %d %q", name, r.code, r.stderr)
		}
	}
	// Another Region.
	r := lookup(t, db, nil, append([]string{"--region", "us-east-1", "--now", "2025-03-10T00:00:00Z", "--next-token", tok}, same...)...)
	if r.code != 254 || !strings.Contains(r.stderr, "(InvalidNextTokenException)") {
		t.Errorf("replay in another Region: exit %d %q", r.code, r.stderr)
	}
	// Any single changed character, a truncated or extended token.
	raw := []byte(tok)
	for i := range raw {
		for _, c := range []byte{'A', 'z', '-', '_', '='} {
			if raw[i] == c {
				continue
			}
			bad := append([]byte{}, raw...)
			bad[i] = c
			if r := lookup(t, db, nil, withBase(append(same, "--next-token", string(bad))...)...); r.code != 254 {
				t.Fatalf("token changed at %d to %q accepted: exit %d", i, c, r.code)
			}
			break
		}
	}
	for _, bad := range []string{tok[:len(tok)-4], tok + "AAAA", strings.TrimRight(tok, "="), " " + tok, ""} {
		r := lookup(t, db, nil, withBase(append(same, "--next-token", bad)...)...)
		if bad == "" {
			if r.code != 0 {
				t.Errorf("empty token: exit %d", r.code)
			}
			continue
		}
		if r.code != 254 {
			t.Errorf("token %q accepted: exit %d", bad, r.code)
		}
	}
	// A token of another store, even one with the same events, is refused.
	other := pagingStore(t, 30)
	if r := lookup(t, other, nil, withBase(append(same, "--next-token", tok)...)...); r.code != 254 {
		t.Errorf("token of another store accepted: exit %d", r.code)
	}
}

func base64URL(s string) ([]byte, error) {
	return base64.URLEncoding.Strict().DecodeString(s)
}
