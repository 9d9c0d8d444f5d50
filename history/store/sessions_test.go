package store

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/trailview/trailview/history"
)

// sessionRecords is a small history of several keys: key i is used from
// a few IPs by one user, every seventh event fails, and one AssumeRole by
// key 0 issues key 5 (an ASIA key), so that key 5's session has a caller.
func sessionRecords(base time.Time) []map[string]any {
	var recs []map[string]any
	for i := 0; i < 240; i++ {
		k := i % 7
		key := fmt.Sprintf("AKIASESSIONKEY%04d", k)
		if k == 5 {
			key = "ASIASESSIONKEY0005"
		}
		user := fmt.Sprintf("user-%d", k%4)
		r := map[string]any{
			"eventVersion": "1.09", "eventID": fmt.Sprintf("00000000-0000-4000-9000-%012d", i),
			"eventTime":   base.Add(-time.Duration(i*13) * time.Minute).Format(time.RFC3339),
			"eventSource": "ec2.amazonaws.com", "eventName": []string{"RunInstances", "DescribeVpcs", "StopInstances"}[i%3],
			"awsRegion": []string{"us-east-1", "eu-west-1"}[i%2], "recipientAccountId": "111122223333",
			"sourceIPAddress": fmt.Sprintf("192.0.2.%d", (i/7)%(k+1)), "eventType": "AwsApiCall", "eventCategory": "Management",
			"userIdentity": map[string]any{"type": "IAMUser", "userName": user, "accessKeyId": key,
				"arn": "arn:aws:iam::111122223333:user/" + user, "accountId": "111122223333"},
		}
		if i%11 == 4 {
			delete(r["userIdentity"].(map[string]any), "accessKeyId") // a console call: no key
		}
		if i%7 == 3 {
			r["errorCode"] = "AccessDenied"
		}
		recs = append(recs, r)
	}
	recs = append(recs, map[string]any{
		"eventVersion": "1.09", "eventID": "00000000-0000-4000-9000-issuer000001",
		"eventTime":   base.Add(-100 * time.Hour).Format(time.RFC3339),
		"eventSource": "sts.amazonaws.com", "eventName": "AssumeRole", "awsRegion": "us-east-1",
		"recipientAccountId": "111122223333", "sourceIPAddress": "192.0.2.200", "eventType": "AwsApiCall", "eventCategory": "Management",
		"userIdentity": map[string]any{"type": "IAMUser", "userName": "issuer", "accessKeyId": "AKIASESSIONISSUER1",
			"arn": "arn:aws:iam::111122223333:user/issuer", "accountId": "111122223333"},
		"responseElements": map[string]any{"credentials": map[string]any{"accessKeyId": "ASIASESSIONKEY0005"}},
	})
	return recs
}

// wantSessions counts the sessions of the events q selects by reading
// every event (Iterate), independently of the grouping SQL.
func wantSessions(t *testing.T, s *Store, q history.Query) map[string]Session {
	t.Helper()
	out := map[string]Session{}
	ips := map[string]map[string]int64{}
	ids := map[string]map[[2]string]int64{}
	for _, e := range allEvents(t, s, q) {
		if e.AccessKeyID == "" {
			continue
		}
		ss, ok := out[e.AccessKeyID]
		if !ok {
			ss = Session{AccessKeyID: e.AccessKeyID, FirstSeen: e.Time.UTC(), LastSeen: e.Time.UTC()}
			ips[e.AccessKeyID], ids[e.AccessKeyID] = map[string]int64{}, map[[2]string]int64{}
		}
		ss.Events++
		if e.ErrorCode != "" {
			ss.Errors++
		}
		if e.Time.Before(ss.FirstSeen) {
			ss.FirstSeen = e.Time.UTC()
		}
		if e.Time.After(ss.LastSeen) {
			ss.LastSeen = e.Time.UTC()
		}
		if e.SourceIP != "" {
			ips[e.AccessKeyID][e.SourceIP]++
		}
		ids[e.AccessKeyID][[2]string{e.Username, e.IdentityARN}]++
		out[e.AccessKeyID] = ss
	}
	for k, ss := range out {
		ss.SourceIPs = int64(len(ips[k]))
		for ip, n := range ips[k] {
			if n > ss.TopIPCount || (n == ss.TopIPCount && ip < ss.TopIP) {
				ss.TopIP, ss.TopIPCount = ip, n
			}
		}
		var best int64
		for id, n := range ids[k] {
			if n > best || (n == best && (id[0] < ss.Username || (id[0] == ss.Username && id[1] < ss.IdentityARN))) {
				ss.Username, ss.IdentityARN, best = id[0], id[1], n
			}
		}
		out[k] = ss
	}
	return out
}

func TestSessionsMatchIndependentCount(t *testing.T) {
	s := openTempStore(t)
	base := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	data, err := json.Marshal(map[string]any{"Records": sessionRecords(base)})
	if err != nil {
		t.Fatal(err)
	}
	mustLoad(t, s, writeFile(t, t.TempDir(), "sessions.json", data))
	queries := map[string]history.Query{
		"all":      {},
		"region":   {Region: "eu-west-1"},
		"filtered": {Pred: history.FieldTerm{Field: history.FieldEventName, Cmp: history.CmpEqual, Value: "RunInstances"}},
		"window":   {Start: base.Add(-20 * time.Hour), End: base.Add(-5 * time.Hour)},
	}
	for name, q := range queries {
		t.Run(name, func(t *testing.T) {
			got, err := s.Sessions(context.Background(), q, MaxSessions)
			if err != nil {
				t.Fatal(err)
			}
			want := wantSessions(t, s, q)
			if len(got) != len(want) || len(got) == 0 {
				t.Fatalf("%d sessions, want %d (and some)", len(got), len(want))
			}
			if !slices.IsSortedFunc(got, func(a, b Session) int {
				return cmp.Or(b.LastSeen.Compare(a.LastSeen), cmp.Compare(a.AccessKeyID, b.AccessKeyID))
			}) {
				t.Fatalf("sessions not sorted by last seen: %+v", got)
			}
			for _, g := range got {
				w := want[g.AccessKeyID]
				issued := g.IssuedBy
				g.IssuedBy = nil
				if g != w {
					t.Errorf("session %s:\n got %+v\nwant %+v", g.AccessKeyID, g, w)
				}
				if (g.AccessKeyID == "ASIASESSIONKEY0005") != (issued != nil) {
					t.Errorf("session %s issued by %+v", g.AccessKeyID, issued)
				}
				if issued != nil && (issued.CallerAccessKeyID != "AKIASESSIONISSUER1" || issued.CallerARN != "arn:aws:iam::111122223333:user/issuer" || issued.EventName != "AssumeRole") {
					t.Errorf("session %s: issuer %+v", g.AccessKeyID, issued)
				}
			}
		})
	}
}

func TestSessionsLimit(t *testing.T) {
	s := openTempStore(t)
	base := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	data, _ := json.Marshal(map[string]any{"Records": sessionRecords(base)})
	mustLoad(t, s, writeFile(t, t.TempDir(), "sessions.json", data))
	all, err := s.Sessions(context.Background(), history.Query{}, MaxSessions)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Sessions(context.Background(), history.Query{}, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || len(all) < 4 {
		t.Fatalf("limit 3 gave %d of %d sessions", len(got), len(all))
	}
	for i := range got {
		if got[i].AccessKeyID != all[i].AccessKeyID {
			t.Fatalf("limit 3 kept %s at %d, want the most recent %s", got[i].AccessKeyID, i, all[i].AccessKeyID)
		}
	}
	for _, bad := range []int{0, -1, MaxSessions + 1} {
		if _, err := s.Sessions(context.Background(), history.Query{}, bad); err == nil {
			t.Errorf("limit %d accepted", bad)
		}
	}
}
