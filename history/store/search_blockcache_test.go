package store

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/trailview/trailview/history"
)

// blockStore holds 64 events, one full block, each with word in a value.
func blockStore(t *testing.T, word string) *Store {
	t.Helper()
	var recs []string
	for i := range 64 {
		recs = append(recs, fmt.Sprintf(`{"eventVersion":"1.08","eventTime":"2025-03-01T10:%02d:00Z","eventSource":"s3.amazonaws.com","eventName":"PutObject","awsRegion":"us-east-1","eventID":"11111111-1111-4111-8111-1111111111%02d","readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management","requestParameters":{"note":"%s %d"}}`, i%60, i, word, i))
	}
	path := writeFile(t, t.TempDir(), "r.json", []byte(`{"Records":[`+strings.Join(recs, ",")+`]}`))
	s := openTempStore(t)
	if res := mustLoad(t, s, path); res.Added != 64 {
		t.Fatalf("added %d, want 64: %+v", res.Added, res)
	}
	return s
}

// TestRecordFunctionsGetEachBlockOnce: a query that tests every row's
// record hands the SQL functions each block's stored bytes once, not once
// per row (a walk through a Region spent a third of its time copying
// them), and two stores' blocks of the same ID are never mixed up.
// Not parallel: it counts handovers process-wide.
func TestRecordFunctionsGetEachBlockOnce(t *testing.T) {
	ctx := context.Background()
	a, b := blockStore(t, "alpha"), blockStore(t, "bravo")
	for _, tc := range []struct {
		s    *Store
		pred history.Predicate
		want int64
	}{
		{a, history.PathTerm{Path: "requestParameters.other", Cmp: history.CmpPresent}, 0},
		{a, history.TextTerm{Text: "alpha"}, 64},
		{b, history.TextTerm{Text: "alpha"}, 0},
		{b, history.PathTerm{Path: "requestParameters.note", Cmp: history.CmpGlob, Value: "bravo*"}, 64},
		{a, history.PathTerm{Path: "requestParameters.note", Cmp: history.CmpGlob, Value: "bravo*"}, 0},
	} {
		before := blockHandovers.Load()
		n, err := tc.s.Count(ctx, history.Query{Category: history.Management, Pred: tc.pred})
		if err != nil || n != tc.want {
			t.Errorf("%v: %d events (%v), want %d", tc.pred, n, err, tc.want)
		}
		if got := blockHandovers.Load() - before; got > 1 {
			t.Errorf("%v: the block was handed over %d times for 64 rows, want at most once", tc.pred, got)
		}
	}
}
