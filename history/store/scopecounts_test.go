package store

import (
	"context"
	"fmt"
	"testing"
)

// TestScopeCountsAgreeWithScopes checks the index-only answers against
// Scopes, which reads the table.
func TestScopeCountsAgreeWithScopes(t *testing.T) {
	s := openTempStore(t)
	var recs []string
	add := func(i int, region, account, cat, day string) {
		recs = append(recs, fmt.Sprintf(`{"eventVersion":"1.08","eventTime":"2024-11-%sT10:00:%02dZ","eventID":"e-%d","eventName":"X","eventSource":"s3.amazonaws.com","awsRegion":%q,"recipientAccountId":%q,"eventType":"AwsApiCall","eventCategory":%q,"readOnly":true}`,
			day, i%60, i, region, account, cat))
	}
	for i := 0; i < 30; i++ {
		add(i, "us-east-1", "111111111111", "Management", "10")
	}
	for i := 30; i < 40; i++ {
		add(i, "eu-west-1", "222222222222", "Management", "20")
	}
	add(40, "eu-west-1", "111111111111", "Insight", "25")
	p := writeFile(t, t.TempDir(), "r.json", []byte(`{"Records":[`+joinRecords(recs)+`]}`))
	mustLoad(t, s, p)
	ctx := context.Background()

	regions, err := s.RegionCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(regions) != 2 || regions[0].Name != "us-east-1" || regions[0].Management != 30 ||
		regions[1].Name != "eu-west-1" || regions[1].Management != 10 || regions[1].Insights != 1 {
		t.Fatalf("RegionCounts = %+v", regions)
	}
	accts, err := s.AccountCounts(ctx, "eu-west-1")
	if err != nil {
		t.Fatal(err)
	}
	if len(accts) != 2 || accts[0].Name != "222222222222" || accts[0].Management != 10 || accts[1].Insights != 1 {
		t.Fatalf("AccountCounts = %+v", accts)
	}
	busiest, _ := s.BusiestRegion(ctx)
	if busiest != regions[0].Name {
		t.Fatalf("busiest %s, RegionCounts first %s", busiest, regions[0].Name)
	}
	for _, region := range []string{"", "us-east-1", "eu-west-1", "nowhere-1"} {
		newest, ok, err := s.newestEvent(ctx, region)
		if err != nil {
			t.Fatal(err)
		}
		scopes, _ := s.Scopes(ctx)
		var want int64
		for _, sc := range scopes {
			if (region == "" || sc.Region == region) && sc.Newest.UnixMicro() > want {
				want = sc.Newest.UnixMicro()
			}
		}
		if ok != (want != 0) || (ok && newest.UnixMicro() != want) {
			t.Fatalf("NewestEvent(%q) = %v %v, Scopes say %d", region, newest, ok, want)
		}
	}
}

func joinRecords(ss []string) string {
	out := ""
	for i, s := range ss {
		if i > 0 {
			out += ","
		}
		out += s
	}
	return out
}
