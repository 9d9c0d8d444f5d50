package store

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/trailview/trailview/history"
)

// batchStore holds 1500 events over three Regions (so batches fill and
// the Region merge runs), many sharing a second so that ties are broken by
// row ID, with unique and repeated strings and resources.
func batchStore(t *testing.T) *Store {
	t.Helper()
	s := openTempStore(t)
	regions := []string{"eu-west-1", "us-east-1", "ap-south-1"}
	var recs []string
	base := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 1500; i++ {
		at := base.Add(time.Duration(i/4) * time.Second).Format(time.RFC3339)
		recs = append(recs, fmt.Sprintf(`{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/u%d","accountId":"111122223333","accessKeyId":"AKIA%06d","userName":"u%d"},"eventTime":%q,"eventSource":"s3.amazonaws.com","eventName":"CreateBucket","awsRegion":%q,"sourceIPAddress":"198.51.100.%d","userAgent":"agent-%d","requestParameters":{"bucketName":"bucket-%d"},"responseElements":null,"requestID":"r%d","eventID":"id-%05d","readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"}`,
			i%7, i, i%7, at, regions[i%3], i%200, i%5, i, i, i))
	}
	p := writeFile(t, t.TempDir(), "batch.json", []byte(`{"Records":[`+strings.Join(recs, ",")+`]}`))
	mustLoad(t, s, p)
	return s
}

func batchedEvents(t *testing.T, s *Store, q history.Query, withRaw bool) []history.Event {
	t.Helper()
	var out []history.Event
	err := s.Iterate(context.Background(), q, withRaw, func(e *history.Event) error {
		c := *e
		c.Raw = append([]byte(nil), e.Raw...)
		c.Resources = append([]history.Resource(nil), e.Resources...)
		out = append(out, c)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// pagedEvents reads q through Page, a path of its own, 100 events at a
// time: the reference Iterate must agree with.
func pagedEvents(t *testing.T, s *Store, q history.Query, withRaw bool) []history.Event {
	t.Helper()
	var out []history.Event
	opts := PageOptions{Limit: 100, WithRaw: withRaw}
	for {
		page, err := s.Page(context.Background(), q, opts)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, page...)
		if len(page) < opts.Limit {
			return out
		}
		last := page[len(page)-1].Cursor()
		opts.After = &last
	}
}

// TestIterateMatchesPage checks that the bulk path gives exactly the
// events, fields and order that paging through Page gives, for every kind
// of query.
func TestIterateMatchesPage(t *testing.T) {
	s := batchStore(t)
	queries := map[string]history.Query{
		"all Regions":     {},
		"one Region":      {Region: "us-east-1"},
		"time window":     {Start: time.Date(2024, 5, 1, 0, 1, 0, 0, time.UTC), End: time.Date(2024, 5, 1, 0, 3, 0, 0, time.UTC)},
		"lookup":          {Lookup: &history.LookupAttribute{Key: history.AttrUsername, Value: "u3"}},
		"resource lookup": {Lookup: &history.LookupAttribute{Key: history.AttrResourceName, Value: "bucket-77"}},
		"no match":        {Region: "xx-none-1"},
		"insights":        {Category: history.Insight},
	}
	for name, q := range queries {
		for _, raw := range []bool{false, true} {
			want, got := pagedEvents(t, s, q, raw), batchedEvents(t, s, q, raw)
			if name != "no match" && name != "insights" && len(want) == 0 {
				t.Fatalf("%s: the test query selects nothing", name)
			}
			for i := range want {
				// Page leaves an empty list nil; both mean "none".
				if len(want[i].Resources) == 0 {
					want[i].Resources = nil
				}
				if len(got[i].Resources) == 0 {
					got[i].Resources = nil
				}
			}
			if !reflect.DeepEqual(want, got) {
				t.Errorf("%s (raw %v): Iterate gives %d events, Page %d, or they differ", name, raw, len(got), len(want))
			}
		}
	}
}

// TestIterateStops returns fn's error at once and stops on
// cancellation, leaving the store usable (no connection left inside a
// transaction or pinned).
func TestIterateStops(t *testing.T) {
	s := batchStore(t)
	stop := errors.New("stop")
	n := 0
	err := s.Iterate(context.Background(), history.Query{}, true, func(*history.Event) error {
		n++
		if n == 700 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 700 {
		t.Errorf("got %v after %d events, want stop after 700", err, n)
	}
	ctx, cancel := context.WithCancel(context.Background())
	n = 0
	err = s.Iterate(ctx, history.Query{}, false, func(*history.Event) error {
		if n++; n == 10 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: got %v after %d events", err, n)
	}
	// Every connection must be back and usable: run more iterations than
	// the pool has connections, and a write.
	for i := 0; i < 6; i++ {
		if got := len(batchedEvents(t, s, history.Query{Region: "eu-west-1"}, false)); got != 500 {
			t.Fatalf("after stops: %d events", got)
		}
	}
	p := writeFile(t, t.TempDir(), "one.json", []byte(`{"Records":[{"eventVersion":"1.08","eventTime":"2024-06-01T00:00:00Z","eventSource":"s3.amazonaws.com","eventName":"ListBuckets","awsRegion":"eu-west-1","eventID":"late","readOnly":true,"eventType":"AwsApiCall","recipientAccountId":"111122223333"}]}`))
	mustLoad(t, s, p)
	if got := len(batchedEvents(t, s, history.Query{Region: "eu-west-1"}, false)); got != 501 {
		t.Errorf("after a load: %d events", got)
	}
}
