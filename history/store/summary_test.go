package store

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/trailview/trailview/history"
)

// TestScopesFollowLoads checks the per-Region summary against the events
// themselves after loads with duplicates and a rolled-back failing file.
func TestScopesFollowLoads(t *testing.T) {
	ctx := context.Background()
	s := openTempStore(t)
	dir := t.TempDir()
	rec := func(id, region, account, when string) string {
		return fmt.Sprintf(`{"eventVersion":"1.08","eventTime":%q,"eventSource":"ec2.amazonaws.com","eventName":"RunInstances","awsRegion":%q,"eventID":%q,"readOnly":false,"recipientAccountId":%q}`, when, region, id, account)
	}
	var a []string
	for i := range 30 {
		a = append(a, rec(fmt.Sprintf("a%d", i), "eu-west-1", "111", fmt.Sprintf("2026-01-%02dT00:00:00Z", i+1)))
	}
	a = append(a, rec("b0", "us-east-1", "222", "2025-12-31T23:00:00Z"), rec("b1", "us-east-1", "111", "2026-02-01T00:00:00Z"))
	p1 := writeFile(t, dir, "one.json", []byte("["+strings.Join(a, ",")+"]"))
	p2 := writeFile(t, dir, "two.json", []byte("["+strings.Join(a[:5], ",")+"]")) // all duplicates
	mustLoad(t, s, p1, p2)

	scopes, err := s.Scopes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int64{}
	for _, sc := range scopes {
		got[sc.Region+"/"+sc.Account] = sc.Management
	}
	want := map[string]int64{"eu-west-1/111": 30, "us-east-1/222": 1, "us-east-1/111": 1}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("scopes %v, want %v", got, want)
	}
	if scopes[0].Region != "eu-west-1" || !scopes[0].Newest.Equal(time.Date(2026, 1, 30, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("first scope %+v", scopes[0])
	}
	if r, _ := s.BusiestRegion(ctx); r != "eu-west-1" {
		t.Errorf("busiest Region %q", r)
	}
	w, err := s.DefaultWindow(ctx, "us-east-1", time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC))
	if err != nil || !w.Archive || !w.End.Equal(time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("archive window %+v %v", w, err)
	}
}

// TestIterateEveryRegionOnceWithARegionlessRecord: a record without
// awsRegion must not make a read over every Region return events twice.
func TestIterateEveryRegionOnceWithARegionlessRecord(t *testing.T) {
	ctx := context.Background()
	s := openTempStore(t)
	p := writeFile(t, t.TempDir(), "r.json", []byte(`[`+
		`{"eventVersion":"1.08","eventTime":"2026-01-01T00:00:00Z","eventName":"A","awsRegion":"eu-west-1","eventID":"r1"},`+
		`{"eventVersion":"1.08","eventTime":"2026-01-02T00:00:00Z","eventName":"B","eventID":"r2"},`+
		`{"eventVersion":"1.08","eventTime":"2026-01-03T00:00:00Z","eventName":"C","awsRegion":"us-east-1","eventID":"r3"}]`))
	mustLoad(t, s, p)
	for _, q := range []history.Query{{}, {Pred: history.FieldTerm{Field: history.FieldEventName, Cmp: history.CmpPresent}}} {
		var got []string
		if err := s.Iterate(ctx, q, false, func(e *history.Event) error { got = append(got, e.EventID); return nil }); err != nil {
			t.Fatal(err)
		}
		if strings.Join(got, ",") != "r3,r2,r1" {
			t.Errorf("predicate %v: events %v, want r3,r2,r1 once each, newest first", q.Pred, got)
		}
	}
}
