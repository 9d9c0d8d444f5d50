package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/trailview/trailview/history/store"
)

// genRecord is a generated CloudTrail record and the fields the tests
// count independently.
type genRecord struct {
	id, name, source, key, ip, agent, region, account, errCode, user string
	at                                                               time.Time
	issues                                                           string // the key its answer holds
}

func (g genRecord) json() map[string]any {
	r := map[string]any{"eventVersion": "1.08", "eventID": g.id, "eventTime": g.at.Format(time.RFC3339), "eventName": g.name,
		"eventSource": g.source, "awsRegion": g.region, "recipientAccountId": g.account, "eventType": "AwsApiCall",
		"sourceIPAddress": g.ip, "userAgent": g.agent,
		"userIdentity": map[string]any{"type": "IAMUser", "userName": g.user, "accessKeyId": g.key,
			"arn": "arn:aws:iam::" + g.account + ":user/" + g.user}}
	if g.errCode != "" {
		r["errorCode"] = g.errCode
	}
	switch {
	case g.issues != "" && g.name == "CreateAccessKey":
		r["responseElements"] = map[string]any{"accessKey": map[string]any{"accessKeyId": g.issues, "status": "Active"}}
	case g.issues != "":
		r["responseElements"] = map[string]any{"credentials": map[string]any{"accessKeyId": g.issues, "sessionToken": "x"}}
	}
	return r
}

const (
	genKey     = "AKIAGENERATEDKEY0001"
	genSession = "ASIAGENERATEDSESS001"
	genChained = "ASIAGENERATEDSESS002"
	hostileUA  = "evil\x1b[2J\u202eagent"
)

// generatedStore writes n random records of a few keys, IPs and agents
// over 30 days ending 2026-11-25, plus a role chain: genKey assumes a role
// (genSession), which assumes another in another Region and account
// (genChained). It returns the store and the records.
func generatedStore(t *testing.T, n int) (string, []genRecord) {
	t.Helper()
	r := rand.New(rand.NewPCG(7, 11))
	end := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	pick := func(vs ...string) string { return vs[r.IntN(len(vs))] }
	var recs []genRecord
	for i := range n {
		g := genRecord{id: fmt.Sprintf("gen-%05d", i), at: end.Add(-time.Duration(r.IntN(30*24*3600)) * time.Second),
			key: pick(genKey, "AKIAGENERATEDKEY0002", genSession), ip: pick("10.0.0.1", "10.0.0.2", "198.51.100.9"),
			agent: pick("aws-cli/2", "terraform", hostileUA), region: pick("us-east-1", "eu-west-1"), account: pick("111111111111", "222222222222"),
			user: pick("alice", "bob")}
		g.source, g.name = "ec2.amazonaws.com", pick("DescribeInstances", "RunInstances", "CreateTags")
		if r.IntN(5) == 0 {
			g.errCode = pick("AccessDenied", "Throttling")
		}
		if g.at.After(end.Add(-3*24*time.Hour)) && r.IntN(4) == 0 {
			g.ip = "203.0.113.7" // only in the last three days
		}
		recs = append(recs, g)
	}
	base := end.Add(-10 * 24 * time.Hour)
	recs = append(recs,
		genRecord{id: "chain-1", name: "AssumeRole", source: "sts.amazonaws.com", key: genKey, ip: "10.0.0.1", agent: "aws-cli/2",
			region: "us-east-1", account: "111111111111", user: "alice", at: base, issues: genSession},
		genRecord{id: "chain-2", name: "AssumeRole", source: "sts.amazonaws.com", key: genSession, ip: "10.0.0.1", agent: "aws-cli/2",
			region: "eu-west-1", account: "222222222222", user: "alice", at: base.Add(time.Minute), issues: genChained},
		genRecord{id: "chain-3", name: "CreateAccessKey", source: "iam.amazonaws.com", key: genKey, ip: "10.0.0.1", agent: "aws-cli/2",
			region: "us-east-1", account: "111111111111", user: "alice", at: base.Add(2 * time.Minute), issues: "AKIAGENERATEDKEY0009"},
	)
	var docs []map[string]any
	for _, g := range recs {
		docs = append(docs, g.json())
	}
	data, err := json.Marshal(map[string]any{"Records": docs})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "records.json")
	if err := os.WriteFile(in, data, 0o600); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "h.db")
	s, err := store.Open(context.Background(), db, store.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if res, err := s.Load(context.Background(), []string{in}, store.LoadOptions{}); err != nil || res.Added != int64(len(recs)) {
		t.Fatalf("load: %+v %v", res, err)
	}
	return db, recs
}

var genAllTime = []string{"--start-time", "2026-01-01T00:00:00Z", "--end-time", "2026-12-31T00:00:00Z"}

func whoDoc(t *testing.T, args ...string) whoJSON {
	t.Helper()
	code, out, errb := runAnalysis(t, Who, append(args, "--output", "json")...)
	if code != ExitOK {
		t.Fatalf("who %v: exit %d: %s", args, code, errb)
	}
	var doc whoJSON
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("who %v: %v\n%s", args, err, out)
	}
	return doc
}

func TestWhoMatchesIndependentCount(t *testing.T) {
	db, recs := generatedStore(t, 3000)
	doc := whoDoc(t, append([]string{genKey, "--db", db}, genAllTime...)...)
	if doc.Kind != "key" || doc.Value != genKey {
		t.Fatalf("kind %q value %q", doc.Kind, doc.Value)
	}
	var events int64
	ips := map[string]*sightingJSON{}
	calls := map[string][2]int64{}
	var last time.Time
	for _, g := range recs {
		if g.key != genKey {
			continue
		}
		events++
		if g.at.After(last) {
			last = g.at
		}
		s := ips[g.ip]
		if s == nil {
			s = &sightingJSON{Value: g.ip, FirstSeen: utcSecond(g.at), LastSeen: utcSecond(g.at)}
			ips[g.ip] = s
		}
		s.Count++
		s.FirstSeen, s.LastSeen = min(s.FirstSeen, utcSecond(g.at)), max(s.LastSeen, utcSecond(g.at))
		c := calls[g.source+":"+g.name]
		c[0]++
		if g.errCode != "" {
			c[1]++
		}
		calls[g.source+":"+g.name] = c
	}
	var wantIPs []sightingJSON
	for _, s := range ips {
		first, _ := time.Parse(time.RFC3339, s.FirstSeen)
		s.New = !first.Before(last.Add(-7 * 24 * time.Hour))
		wantIPs = append(wantIPs, *s)
	}
	sort.Slice(wantIPs, func(i, j int) bool {
		if wantIPs[i].Count != wantIPs[j].Count {
			return wantIPs[i].Count > wantIPs[j].Count
		}
		return wantIPs[i].Value < wantIPs[j].Value
	})
	if doc.Events != events {
		t.Errorf("events %d, want %d", doc.Events, events)
	}
	if fmt.Sprint(doc.SourceIPs) != fmt.Sprint(wantIPs) {
		t.Errorf("source IPs\n got %v\nwant %v", doc.SourceIPs, wantIPs)
	}
	if len(doc.Calls) != len(calls) {
		t.Errorf("%d calls, want %d", len(doc.Calls), len(calls))
	}
	for _, c := range doc.Calls {
		if w := calls[c.Value]; c.Count != w[0] || c.Errors != w[1] {
			t.Errorf("call %s: count %d errors %d, want %d %d", c.Value, c.Count, c.Errors, w[0], w[1])
		}
	}
	// The key issued a session, and through it a chained one, and a key.
	var issued []string
	for _, l := range doc.Issued {
		issued = append(issued, l.AccessKeyId)
	}
	if got := strings.Join(issued, " "); got != genSession+" AKIAGENERATEDKEY0009 "+genChained {
		t.Errorf("issued %s", got)
	}
	// The chained session walks back through the other Region and account.
	up := whoDoc(t, append([]string{genChained, "--db", db}, genAllTime...)...)
	var chain []string
	for _, l := range up.IssuedBy {
		chain = append(chain, l.EventId+"@"+l.Region+"<"+l.CallerAccessKeyId)
	}
	if got := strings.Join(chain, " "); got != "chain-2@eu-west-1<"+genSession+" chain-1@us-east-1<"+genKey {
		t.Errorf("issued by: %s", got)
	}
}

func TestNewMatchesIndependentCount(t *testing.T) {
	db, recs := generatedStore(t, 3000)
	start := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	code, out, errb := runAnalysis(t, New, "ip", "--db", db, "--region", "all", "--start-time", utcSecond(start),
		"--end-time", "2026-11-25T00:00:00Z", "--output", "json")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errb)
	}
	var doc newJSON
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	before := map[string]bool{}
	counts := map[string]int64{}
	first := map[string]time.Time{}
	for _, g := range recs {
		if g.at.Before(start) {
			before[g.ip] = true
			continue
		}
		counts[g.ip]++
		if f, ok := first[g.ip]; !ok || g.at.Before(f) {
			first[g.ip] = g.at
		}
	}
	var want []newValueJSON
	for ip, n := range counts {
		if !before[ip] {
			want = append(want, newValueJSON{ip, n, utcSecond(first[ip])})
		}
	}
	sort.Slice(want, func(i, j int) bool {
		if want[i].FirstSeen != want[j].FirstSeen {
			return want[i].FirstSeen > want[j].FirstSeen
		}
		return want[i].Value < want[j].Value
	})
	if len(want) == 0 {
		t.Fatal("the generated records hold no new IP: the test proves nothing")
	}
	if fmt.Sprint(doc.Values) != fmt.Sprint(want) {
		t.Errorf("new ip\n got %v\nwant %v", doc.Values, want)
	}
}

func TestWhoEscapesHostileTextOnTerminals(t *testing.T) {
	db, _ := generatedStore(t, 300)
	code, out, _ := runOn(t, Who, true, true, append([]string{genKey, "--db", db}, genAllTime...)...)
	if code != ExitOK {
		t.Fatalf("exit %d", code)
	}
	if strings.Contains(out, "\x1b") || strings.Contains(out, "\u202e") || !strings.Contains(out, `evil\x1b[2J\u202eagent`) {
		t.Errorf("terminal output not escaped:\n%q", out)
	}
	_, piped, _ := runOn(t, Who, false, false, append([]string{genKey, "--db", db}, genAllTime...)...)
	if !strings.Contains(piped, hostileUA) {
		t.Errorf("a pipe must get the exact bytes:\n%q", piped)
	}
	code, out, _ = runOn(t, New, true, true, append([]string{"agent", "--db", db, "--region", "all"}, genAllTime...)...)
	if code != ExitOK || strings.Contains(out, "\x1b") || !strings.Contains(out, `evil\x1b[2J\u202eagent`) {
		t.Errorf("new on a terminal: exit %d\n%q", code, out)
	}
}

func TestWhoAndNewUsageErrors(t *testing.T) {
	db, _ := generatedStore(t, 10)
	cases := []struct {
		cmd  Command
		args []string
		want string
	}{
		{Who, []string{"--db", db}, "name one VALUE"},
		{Who, []string{"a", "b", "--db", db}, "name one VALUE"},
		{Who, []string{genKey, "--db", db, "--new-days", "0"}, "--new-days"},
		{Who, []string{genKey, "--db", db, "--output", "yaml"}, "--output"},
		{Who, []string{genKey, "--bogus"}, "bogus"},
		{New, []string{"--db", db}, "name one FIELD"},
		{New, []string{"readonly", "--db", db}, "unknown FIELD"},
		{New, []string{"user+ip", "--db", db}, "unknown FIELD"},
		{New, []string{"ip", "--db", db, "--limit", "0"}, "--limit"},
	}
	for _, c := range cases {
		code, _, errb := runAnalysis(t, c.cmd, c.args...)
		if code != ExitUsage || !strings.Contains(errb, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d mentioning %q", c.args, code, errb, ExitUsage, c.want)
		}
	}
}
