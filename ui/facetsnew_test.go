package ui

import (
	"sort"
	"testing"
	"time"
)

// newOnlyFixture is the fixture plus addresses and a user-and-call pair
// that appear only in the last hours.
func newOnlyFixture() []record {
	recs := fixture()
	for i, ip := range []string{"192.0.2.10", "192.0.2.11", "192.0.2.12"} {
		r := testRecord(5000+i, "us-east-1", "111122223333")
		r["eventID"] = "00000000-0000-4000-9000-00000000000" + string(rune('0'+i))
		r["eventTime"] = testNow.Add(-time.Duration(20+i) * time.Minute).Format(time.RFC3339)
		r["sourceIPAddress"] = ip
		r["readOnly"] = false
		if i == 0 {
			r["eventName"] = "DeleteTrail" // a call this user never made before
		}
		recs = append(recs, r)
	}
	return recs
}

// TestFacetsNewOnly: N lists the values of the window never seen before
// it anywhere in the store, checked against a count over the records
// themselves; a pair pivots on both of its values.
func TestFacetsNewOnly(t *testing.T) {
	recs := newOnlyFixture()
	h := newHarness(t, openStore(t, recs))
	h.run(h.m.apply(lastChosen{d: 6 * time.Hour, label: "last 6 hours"}))
	start := h.m.q.query().Start
	// The independent side: first time of every address over all records,
	// and the addresses of the window's writes (Read-only = false).
	first := map[string]time.Time{}
	inWindow := map[string]bool{}
	for _, r := range recs {
		ip, _ := r["sourceIPAddress"].(string)
		at, err := time.Parse(time.RFC3339, r["eventTime"].(string))
		if ip == "" || err != nil {
			continue
		}
		if f, ok := first[ip]; !ok || at.Before(f) {
			first[ip] = at
		}
		if ro, _ := r["readOnly"].(bool); !ro && !at.Before(start) && r["awsRegion"] == "us-east-1" {
			inWindow[ip] = true
		}
	}
	var want []string
	for ip := range inWindow {
		if !first[ip].Before(start) {
			want = append(want, ip)
		}
	}
	sort.Strings(want)
	if len(want) < 3 {
		t.Fatalf("the fixture has %d new addresses in the window, want at least the 3 added", len(want))
	}

	h.press("F", "right", "right", "right", "right", "right", "N") // Source IP, new only
	p := h.m.facets
	if !p.newOnly || p.current().name != "ip" || p.loading || p.err != "" {
		t.Fatalf("panel after N: field %q newOnly %v loading %v err %q", p.current().name, p.newOnly, p.loading, p.err)
	}
	var got []string
	for _, v := range p.res.Values {
		got = append(got, v.Value)
	}
	sort.Strings(got)
	if len(got) != len(want) {
		t.Fatalf("new addresses %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("new addresses %v, want %v", got, want)
		}
	}
	h.mustShow("new only", "192.0.2.12")

	// Past Resource name come the pairs; a pair pivots on both values.
	for p.current().name != "user+event" {
		h.press("right")
	}
	if len(p.res.Values) == 0 {
		t.Fatal("no new user-and-event pairs in the window")
	}
	v := p.res.Values[0].Value
	if p.res.Values[0].Count != 1 || v != testUsers[5000%len(testUsers)]+" + DeleteTrail" {
		t.Fatalf("newest pair %q (%d events), want the added DeleteTrail call", v, p.res.Values[0].Count)
	}
	if res, _, _ := p.key(keyMsgs("!")[0], 10); res.(pivotChosen).refusal == "" {
		t.Fatal("! on a pair was not refused")
	}
	h.press("enter")
	if want := "user:" + testUsers[5000%len(testUsers)] + " event:DeleteTrail"; h.m.q.text != want || h.m.tbl.total != 1 {
		t.Fatalf("pair pivot: filter %q with %d events, want %q with 1", h.m.q.text, h.m.tbl.total, want)
	}
	p.key(keyMsgs("N")[0], 10)
	if p.newOnly || p.field >= len(facetFields) {
		t.Fatalf("N did not leave new-only mode onto a single field (field %d)", p.field)
	}
}
