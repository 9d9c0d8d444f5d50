package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/trailview/trailview/history"
)

// prefixStore holds three events: one whose value has 10,050 words
// starting with "qa0" (so "q*" and "qa*" cover more than
// maxShortPrefixWords words and "qa0*" more than maxIndexedPrefixWords),
// one with 30 words starting with "qbx", and one with neither.
func prefixStore(t *testing.T) *Store {
	t.Helper()
	var many, few strings.Builder
	for i := range 10050 {
		fmt.Fprintf(&many, "Qa%05d ", i)
	}
	for i := range 30 {
		fmt.Fprintf(&few, "qbx%02d ", i)
	}
	rec := func(id, value string) string {
		return fmt.Sprintf(`{"eventVersion":"1.08","eventTime":"2025-03-01T10:00:00Z","eventSource":"s3.amazonaws.com","eventName":"PutObject","awsRegion":"us-east-1","eventID":"%s","readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management","requestParameters":{"note":"%s"}}`, id, value)
	}
	path := writeFile(t, t.TempDir(), "r.json", []byte(`{"Records":[`+
		rec("11111111-1111-4111-8111-111111111111", many.String())+","+
		rec("22222222-2222-4222-8222-222222222222", few.String())+","+
		rec("33333333-3333-4333-8333-333333333333", "nothing here")+`]}`))
	s := openTempStore(t)
	if res := mustLoad(t, s, path); res.Added != 3 {
		t.Fatalf("added %d, want 3", res.Added)
	}
	return s
}

// TestShortBroadPrefixRefused: a prefix shorter than three characters that
// covers more than maxShortPrefixWords indexed words is refused, by the
// page, the count and the count in parts alike, with a message naming the
// prefix (issue 16: "a* b* c* d* e*" took 15 s to count); a short prefix
// covering few words is searched.
func TestShortBroadPrefixRefused(t *testing.T) {
	t.Parallel()
	s := prefixStore(t)
	ctx := context.Background()
	end := time.Date(2025, 3, 2, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		pred   history.Predicate
		prefix string
	}{
		{history.TextTerm{Text: "q", Prefix: true}, "q*"},
		{history.TextTerm{Text: "QA", Prefix: true}, "qa*"},
		{history.And{history.TextTerm{Text: "nothing"}, history.TextTerm{Text: "qa", Prefix: true}}, "qa*"},
	} {
		q := history.Query{Category: history.Management, Start: end.Add(-48 * time.Hour), End: end, Pred: tc.pred}
		want := tc.prefix + " matches more than 10,000 indexed words; type at least 3 characters"
		_, pageErr := s.Page(ctx, q, PageOptions{})
		_, countErr := s.Count(ctx, q)
		_, partsErr := s.CountProgress(ctx, q, time.Hour, func(int64) {})
		for what, err := range map[string]error{"page": pageErr, "count": countErr, "count in parts": partsErr} {
			var broad *PrefixTooBroadError
			if !errors.As(err, &broad) || !strings.Contains(err.Error(), want) {
				t.Errorf("%v: %s error %v, want one saying %q", tc.pred, what, err, want)
			}
		}
	}
	// "nothing"; "note" is a key, which full text leaves out
	q := history.Query{Category: history.Management, Pred: history.TextTerm{Text: "n", Prefix: true}}
	if evs, err := s.Page(ctx, q, PageOptions{}); err != nil || len(evs) != 1 {
		t.Errorf("n*: %d events (%v), want 1", len(evs), err)
	}
}

// TestBroadPrefixDecidedOnRecord: a prefix of three characters or more
// is never refused; one covering more than maxIndexedPrefixWords words is
// decided on the record without the full-text index (whose prefix
// search merges every covered word's groups first), one covering few
// still goes through the index, and both select exactly their events.
func TestBroadPrefixDecidedOnRecord(t *testing.T) {
	t.Parallel()
	s := prefixStore(t)
	ctx := context.Background()
	for _, tc := range []struct {
		text      string
		wantEvent string
		indexed   bool
	}{
		{"qa0", "11111111-1111-4111-8111-111111111111", false},
		{"QA1", "11111111-1111-4111-8111-111111111111", true}, // qa10000 to qa10049
		{"qbx", "22222222-2222-4222-8222-222222222222", true},
	} {
		q := history.Query{Category: history.Management, Pred: history.TextTerm{Text: tc.text, Prefix: true}}
		evs, err := s.Page(ctx, q, PageOptions{})
		if err != nil || len(evs) != 1 || evs[0].EventID != tc.wantEvent {
			t.Errorf("%s*: %v (%v), want only %s", tc.text, evs, err, tc.wantEvent)
		}
		plan, err := s.PagePlanForTest(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(plan, "words VIRTUAL TABLE"); got != tc.indexed {
			t.Errorf("%s*: uses the full-text index %v, want %v; plan:\n%s", tc.text, got, tc.indexed, plan)
		}
	}
}
