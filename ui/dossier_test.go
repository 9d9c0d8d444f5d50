package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/trailview/trailview/history"
)

const (
	chainCaller = "AKIAEXAMPLE00001" // a key of the fixture (testRecord i%17 == 1)
	chainKey    = "ASIACHAINEXAMPLE01"
)

// chainFixture is the fixture plus a role session: the fixture's key
// chainCaller calls AssumeRole, which issues chainKey, and the session
// then makes a few calls from a new IP.
func chainFixture() []record {
	recs := fixture()
	issue := testRecord(1, "us-east-1", "111122223333")
	issue["eventID"], issue["eventSource"], issue["eventName"] = "chain-issue-0001", "sts.amazonaws.com", "AssumeRole"
	issue["eventTime"] = testNow.Add(-3*time.Hour - 30*time.Second).Format(time.RFC3339)
	issue["responseElements"] = record{"credentials": record{"accessKeyId": chainKey, "sessionToken": "x"}}
	recs = append(recs, issue)
	for i := 0; i < 4; i++ {
		r := testRecord(2000+i, "us-east-1", "111122223333")
		r["eventTime"] = testNow.Add(-3*time.Hour + time.Duration(i)*time.Minute).Format(time.RFC3339)
		r["sourceIPAddress"] = "203.0.113.9"
		r["userIdentity"] = record{"type": "AssumedRole", "accessKeyId": chainKey, "accountId": "111122223333",
			"arn":            "arn:aws:sts::111122223333:assumed-role/deployer/session-1",
			"sessionContext": record{"sessionIssuer": record{"userName": "deployer"}}}
		recs = append(recs, r)
	}
	return recs
}

// dossierOf opens the dossier of a subject as the detail view does.
func dossierOf(h *harness, kind history.SubjectKind, value string) *dossierView {
	h.t.Helper()
	h.send(dossierRequested{kind: kind, value: value})
	d := focusedAs[*dossierView](h)
	if d.loading || d.err != "" {
		h.t.Fatalf("dossier of %s: loading %v, error %q", value, d.loading, d.err)
	}
	return d
}

// TestDossierFromCell opens the dossier of the User name cell with W and
// checks it against the buffered rows' user.
func TestDossierFromCell(t *testing.T) {
	h := newHarness(t, openStore(t, fixture()))
	h.mustShow("1 of 200 events")
	h.press("right", "right") // Event name, Event time, User name
	user := h.m.selected().Username
	h.press("W")
	d := focusedAs[*dossierView](h)
	if sub := d.subject(); sub.kind != history.SubjectUser || sub.value != user {
		t.Fatalf("dossier of %+v, want user %q", sub, user)
	}
	// The fixture's user i%4 is in every fourth event of 340 management
	// events, across both Regions and accounts.
	want := 0
	for _, r := range fixture() {
		if ui, ok := r["userIdentity"].(record); ok && ui["userName"] == user {
			want++
		}
	}
	if d.d.Events != int64(want) || len(d.d.Regions) != 2 {
		t.Fatalf("dossier: %d events in %d Regions, want %d in 2", d.d.Events, len(d.d.Regions), want)
	}
	h.mustShow("Dossier: user "+user, "REGIONS", "SOURCE IPS", "CALLS (SOURCE:EVENT)", "ERROR CODES")
	h.press("esc")
	if h.m.top() != nil {
		t.Fatalf("esc left %T open", h.m.top())
	}
	h.press("left", "W") // Event time: not a subject
	if h.m.top() != nil || !strings.Contains(h.m.status, "no dossier") {
		t.Fatalf("W on a time cell: overlay %T, status %q", h.m.top(), h.m.status)
	}
}

// TestDossierPivot moves to the source IPs and the calls and pivots from
// them: the filter gets the IP and the call's event name, and the
// dossier closes.
func TestDossierPivot(t *testing.T) {
	h := newHarness(t, openStore(t, fixture()))
	h.mustShow("1 of 200 events")
	d := dossierOf(h, history.SubjectUser, "alice")
	h.press("tab", "tab") // Regions -> Accounts -> Source IPs
	it := d.item()
	if it == nil || it.section != secIPs {
		t.Fatalf("two tabs reached %+v, want the source IPs", it)
	}
	ip := it.value
	h.press("=")
	if want := "ip:" + ip; h.m.q.text != want || h.m.top() != nil {
		t.Fatalf("= on an IP: filter %q (want %q), overlay %T", h.m.q.text, want, h.m.top())
	}
	rowsAll(t, h, "ip pivot", func(e *history.Event) bool { return e.SourceIP == ip })

	d = dossierOf(h, history.SubjectUser, "alice")
	h.press("tab", "tab", "tab", "tab") // ... Source IPs -> User agents -> Calls
	it = d.item()
	if it == nil || it.section != secCalls {
		t.Fatalf("four tabs reached %+v, want the calls", it)
	}
	_, name, _ := strings.Cut(it.value, ":")
	h.press("!")
	if want := "ip:" + ip + " -event:" + name; h.m.q.text != want {
		t.Fatalf("! on a call: filter %q, want %q", h.m.q.text, want)
	}
	if !strings.Contains(h.m.status, "event name only") {
		t.Fatalf("status %q does not say the call's source is left out", h.m.status)
	}
	h.press("[")
	if h.m.q.text != "ip:"+ip {
		t.Fatalf("back after the dossier's pivot: filter %q", h.m.q.text)
	}
}

// TestDossierChain walks a temporary key's chain: the issuing link opens
// its event in the detail view, W on it opens the caller key's dossier,
// whose issued list holds the key, and esc walks back.
func TestDossierChain(t *testing.T) {
	h := newHarness(t, openStore(t, chainFixture()))
	h.mustShow(" of ")
	d := dossierOf(h, history.SubjectKey, chainKey)
	if d.d.Events != 4 || len(d.d.IssuedBy) == 0 || d.d.IssuedBy[0].CallerAccessKeyID != chainCaller {
		t.Fatalf("dossier of %s: %d events, chain %+v", chainKey, d.d.Events, d.d.IssuedBy)
	}
	h.mustShow("ISSUED BY (NEAREST FIRST)", chainCaller, "new", "ISSUED", "this key issued no key")
	h.press("G") // the last row: the chain's only link (the key issued nothing)
	if it := d.item(); it == nil || it.section != secIssuedBy {
		t.Fatalf("G reached %+v, want the issuing link", it)
	}
	h.press("enter")
	dv := focusedAs[*detailView](h)
	if dv.ev.EventID != "chain-issue-0001" || dv.loading || !strings.Contains(string(dv.ev.Raw), chainKey) {
		t.Fatalf("enter on the link opened %q (loading %v), record %q", dv.ev.EventID, dv.loading, dv.ev.Raw)
	}
	h.mustShow("[AssumeRole]", "Event ID: chain-issue-0001")
	h.press("n") // not one of the table's events: n must not show the table's next
	if dv := focusedAs[*detailView](h); dv.ev.EventID != "chain-issue-0001" || !strings.Contains(h.m.status, "came from the dossier") {
		t.Fatalf("n on a linked event shows %q, status %q", dv.ev.EventID, h.m.status)
	}
	h.press("esc")
	d = focusedAs[*dossierView](h)
	h.press("W")
	if sub := d.subject(); sub.value != chainCaller || d.loading {
		t.Fatalf("W on the link shows %+v (loading %v), want %s", sub, d.loading, chainCaller)
	}
	found := false
	for _, l := range d.d.Issued {
		found = found || l.AccessKeyID == chainKey
	}
	if !found {
		t.Fatalf("the caller's issued list %+v lacks %s", d.d.Issued, chainKey)
	}
	h.mustShow("Dossier: key "+chainCaller, "1 deep, esc goes back")
	h.press("esc")
	if sub := d.subject(); sub.value != chainKey || d.d.Events != 4 {
		t.Fatalf("esc after the walk shows %+v with %d events, want %s", sub, d.d.Events, chainKey)
	}
	h.press("esc")
	if h.m.top() != nil {
		t.Fatalf("esc at the first subject left %T open", h.m.top())
	}
}

// TestDossierFromDetailField opens the dossier of the detail view's AWS
// access key field and of the issued key in an AssumeRole record.
func TestDossierFromDetailField(t *testing.T) {
	h := newHarness(t, openStore(t, chainFixture()))
	h.mustShow(" of ")
	h.press("/", "id:chain-issue-0001", "enter", "enter")
	dv := focusedAs[*detailView](h)
	moveTo := func(match func(p *pivotChosen) bool) string {
		t.Helper()
		for i, f := range dv.fields {
			if p := dv.segs[f.line][f.seg].pivot; p != nil && match(p) {
				dv.cur = i
				return p.value
			}
		}
		t.Fatalf("no such field in the detail view")
		return ""
	}
	key := moveTo(func(p *pivotChosen) bool { return p.field == "key" && !p.path })
	h.press("W")
	if d := focusedAs[*dossierView](h); d.subject().value != key || d.subject().kind != history.SubjectKey {
		t.Fatalf("W on the key field opened %+v, want key %s", d.subject(), key)
	}
	h.press("esc")
	dv = focusedAs[*detailView](h)
	moveTo(func(p *pivotChosen) bool { return p.path && p.value == chainKey })
	h.press("W")
	if d := focusedAs[*dossierView](h); d.subject().value != chainKey || d.d.Events != 4 {
		t.Fatalf("W on the issued key opened %+v with %d events", d.subject(), d.d.Events)
	}
}

// TestDossierEscapesText draws the dossier of a hostile user name: no
// control character reaches the screen.
func TestDossierEscapesText(t *testing.T) {
	recs := append(fixture(), hostileRecord())
	h := newHarness(t, openStore(t, recs))
	user := hostileRecord()["userIdentity"].(record)["userName"].(string)
	dossierOf(h, history.SubjectUser, user)
	s := h.m.View().Content
	for _, bad := range []string{"\x1b]52", "\x1b[2J", "\r", "\u202e", "\u009b"} {
		if strings.Contains(s, bad) {
			t.Fatalf("the dossier drew %q raw", bad)
		}
	}
	h.mustShow("Dossier: user evil␛]52", fmt.Sprint(1)+" events")
}
