package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/trailview/trailview/history"
)

func apiEvent(t testing.TB, id string, at time.Time, extra string) []byte {
	t.Helper()
	rec := fmt.Sprintf(`{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/alice","accountId":"111122223333","userName":"alice"},"eventTime":%q,"eventSource":"s3.amazonaws.com","eventName":"CreateBucket","awsRegion":"eu-west-1","sourceIPAddress":"192.0.2.1","userAgent":"test","requestParameters":{"bucketName":"b-%s"},"eventID":%q,"readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"%s}`,
		at.UTC().Format(time.RFC3339), id, id, extra)
	inner, _ := json.Marshal(rec)
	return []byte(fmt.Sprintf(`{"EventId":%q,"EventName":"CreateBucket","ReadOnly":"false","EventTime":%d,"EventSource":"s3.amazonaws.com","Username":"alice","Resources":[{"ResourceType":"AWS::S3::Bucket","ResourceName":"b-%s"}],"CloudTrailEvent":%s}`,
		id, at.Unix(), id, inner))
}

func TestIngestLookupEventsDeduplicatesAndKeepsAPIFields(t *testing.T) {
	s := openTempStore(t)
	ctx := context.Background()
	base := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	page := [][]byte{apiEvent(t, "e1", base, ""), apiEvent(t, "e2", base.Add(-time.Minute), ""), apiEvent(t, "e1", base, "")}
	res, err := s.IngestLookupEvents(ctx, page, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Added != 2 || res.Duplicates != 1 || len(res.Rejected) != 0 {
		t.Fatalf("first page: %+v", res)
	}
	if !res.Oldest.Equal(base.Add(-time.Minute)) || !res.Newest.Equal(base) {
		t.Errorf("bounds %v .. %v", res.Oldest, res.Newest)
	}
	res, err = s.IngestLookupEvents(ctx, append(page, apiEvent(t, "e3", base.Add(time.Second), ""), []byte(`{"CloudTrailEvent":"{not json"}`)), nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Added != 1 || res.Duplicates != 3 || len(res.Rejected) != 1 {
		t.Fatalf("second page: %+v", res)
	}
	evs := allEvents(t, s, history.Query{Region: "eu-west-1"})
	if len(evs) != 3 {
		t.Fatalf("%d events stored, want 3", len(evs))
	}
	for _, e := range evs {
		if !e.ResourcesFromAPI || e.Username != "alice" || len(e.Resources) != 1 || !strings.HasPrefix(string(e.Raw), `{"eventVersion"`) {
			t.Errorf("event %s: %+v", e.EventID, e)
		}
	}
	// The full-text index covers the new rows.
	var n int
	if err := s.db.QueryRow(`SELECT count(*) FROM words WHERE words MATCH 'alice'`).Scan(&n); err != nil || n == 0 {
		t.Errorf("words: %d, %v", n, err)
	}
}

func TestIngestCommitsCoverageWithThePage(t *testing.T) {
	s := openTempStore(t)
	ctx := context.Background()
	base := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	cov := func(from, to time.Time) *history.Coverage {
		return &history.Coverage{Account: "111122223333", Region: "eu-west-1", Category: history.Management, Start: from, End: to}
	}
	if _, err := s.IngestLookupEvents(ctx, [][]byte{apiEvent(t, "a", base, "")}, cov(base, base.Add(time.Hour))); err != nil {
		t.Fatal(err)
	}
	// A separate span, then one that bridges both.
	if err := s.addCoverageSpan(ctx, *cov(base.Add(-3*time.Hour), base.Add(-2*time.Hour))); err != nil {
		t.Fatal(err)
	}
	got, err := s.Coverage(ctx)
	if err != nil || len(got) != 2 || !got[0].Start.Equal(base) || !got[1].End.Equal(base.Add(-2*time.Hour)) {
		t.Fatalf("two spans: %+v %v", got, err)
	}
	if err := s.addCoverageSpan(ctx, *cov(base.Add(-2*time.Hour), base)); err != nil {
		t.Fatal(err)
	}
	got, _ = s.Coverage(ctx)
	if len(got) != 1 || !got[0].Start.Equal(base.Add(-3*time.Hour)) || !got[0].End.Equal(base.Add(time.Hour)) {
		t.Fatalf("merged: %+v", got)
	}
	// Other Regions and categories stay apart.
	ins := cov(base, base.Add(time.Minute))
	ins.Category = history.Insight
	if err := s.addCoverageSpan(ctx, *ins); err != nil {
		t.Fatal(err)
	}
	if got, _ = s.Coverage(ctx); len(got) != 2 {
		t.Fatalf("insight span merged into management: %+v", got)
	}
	bad := cov(base, base.Add(-time.Second))
	if _, err := s.IngestLookupEvents(ctx, [][]byte{apiEvent(t, "b", base, "")}, bad); err == nil {
		t.Error("an empty span was accepted")
	}
	if n := len(allEvents(t, s, history.Query{Region: "eu-west-1"})); n != 1 {
		t.Errorf("a refused call stored events: %d", n)
	}
}
