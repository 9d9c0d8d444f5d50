package assets

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/store"
)

// storySample is the sample with fewer ordinary events (the incident and
// the chained sessions do not depend on the count), loaded whole.
func storySample(t *testing.T) *store.Store {
	t.Helper()
	ctx := context.Background()
	opts := SampleOptions(testNow.Truncate(time.Hour))
	opts.Events = 4000
	s, err := openSample(ctx, t.TempDir(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := WaitSample(ctx, s); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestSampleRoleChains walks the chained sessions as README.md does: from
// the second hop's key, IssuedBy climbs to the first hop's session (in
// another Region than the first hop), then to bob.dev's long-term key,
// which no event issued; bob.dev's key lists all of them as issued.
func TestSampleRoleChains(t *testing.T) {
	ctx := context.Background()
	s := storySample(t)
	var longTerm string
	for _, keys := range ChainKeys {
		chain, err := s.IssuedBy(ctx, keys[1])
		if err != nil {
			t.Fatal(err)
		}
		if len(chain) != 2 {
			t.Fatalf("IssuedBy(%s) has %d links, want 2: %+v", keys[1], len(chain), chain)
		}
		hop, first := chain[0], chain[1]
		if hop.EventName != "AssumeRole" || hop.AccessKeyID != keys[1] || hop.CallerAccessKeyID != keys[0] ||
			!strings.HasSuffix(hop.CallerARN, ":assumed-role/"+ChainRoleA+"/"+chainSession) {
			t.Errorf("second hop %+v, want AssumeRole issuing %s called by %s as %s", hop, keys[1], keys[0], ChainRoleA)
		}
		if first.EventName != "AssumeRole" || first.AccessKeyID != keys[0] || !strings.HasPrefix(first.CallerAccessKeyID, "AKIA") ||
			first.CallerARN != "arn:aws:iam::"+SampleAccounts[0]+":user/"+ChainUser {
			t.Errorf("first hop %+v, want AssumeRole issuing %s called by %s's long-term key", first, keys[0], ChainUser)
		}
		if hop.Region == first.Region {
			t.Errorf("both hops issued in %s; the chain should cross Regions", hop.Region)
		}
		longTerm = first.CallerAccessKeyID
		// The second session works in the other account.
		d, err := s.Who(ctx, history.WhoQuery{Kind: history.SubjectKey, Value: keys[1]})
		if err != nil {
			t.Fatal(err)
		}
		if d.Events == 0 || len(d.Accounts) != 1 || d.Accounts[0].Value != SampleAccounts[1] {
			t.Errorf("dossier of %s: %d events in accounts %v, want them in %s", keys[1], d.Events, d.Accounts, SampleAccounts[1])
		}
	}
	if up, err := s.IssuedBy(ctx, longTerm); err != nil || len(up) != 0 {
		t.Errorf("IssuedBy(%s) = %+v (%v), want the chain to end at the long-term key", longTerm, up, err)
	}
	down, err := s.IssuedFrom(ctx, longTerm)
	if err != nil {
		t.Fatal(err)
	}
	issued := map[string]bool{}
	for _, l := range down {
		issued[l.AccessKeyID] = true
	}
	for _, keys := range ChainKeys {
		if !issued[keys[0]] || !issued[keys[1]] {
			t.Errorf("Issued of %s lacks %v: %+v", longTerm, keys, down)
		}
	}
}

// TestSampleIncidentDossier checks that the incident reads as README.md
// tells it: the leaked key's dossier shows the Tor address and the Kali
// client as new, and calls it never made before; it issued the backdoor
// user's key, whose chain points back to it.
func TestSampleIncidentDossier(t *testing.T) {
	ctx := context.Background()
	s := storySample(t)
	d, err := s.Who(ctx, history.WhoQuery{Kind: history.SubjectKey, Value: IncidentAccessKey})
	if err != nil {
		t.Fatal(err)
	}
	isNew := func(list []history.Sighting, v string) bool {
		for _, x := range list {
			if x.Value == v {
				return x.New
			}
		}
		return false
	}
	if !isNew(d.SourceIPs, IncidentIP) || !isNew(d.UserAgents, IncidentUserAgent) {
		t.Errorf("leaked key's IP %s and agent new: %v, %v; want both new", IncidentIP, isNew(d.SourceIPs, IncidentIP), isNew(d.UserAgents, IncidentUserAgent))
	}
	for _, call := range []string{"iam.amazonaws.com:CreateUser", "iam.amazonaws.com:CreateAccessKey", "cloudtrail.amazonaws.com:DeleteTrail"} {
		if !isNew(d.Calls, call) {
			t.Errorf("call %s not marked new in the leaked key's dossier", call)
		}
	}
	if isNew(d.Calls, "sts.amazonaws.com:GetCallerIdentity") {
		t.Error("GetCallerIdentity, ci-deploy's daily call, is marked new")
	}
	if len(d.Issued) != 1 || d.Issued[0].AccessKeyID != IncidentNewKey || d.Issued[0].EventName != "CreateAccessKey" {
		t.Errorf("leaked key issued %+v, want only CreateAccessKey of %s", d.Issued, IncidentNewKey)
	}
	back, err := s.IssuedBy(ctx, IncidentNewKey)
	if err != nil {
		t.Fatal(err)
	}
	if len(back) != 1 || back[0].CallerAccessKeyID != IncidentAccessKey {
		t.Errorf("IssuedBy(%s) = %+v, want one link called by %s", IncidentNewKey, back, IncidentAccessKey)
	}
}
