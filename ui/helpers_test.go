package ui

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/trailview/trailview/history/store"
)

// testNow is the fixed clock of every UI test, so screens are stable.
var testNow = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

type record = map[string]any

var (
	testNames = []struct{ source, name string }{
		{"ec2.amazonaws.com", "RunInstances"}, {"iam.amazonaws.com", "CreateUser"},
		{"s3.amazonaws.com", "CreateBucket"}, {"sts.amazonaws.com", "AssumeRole"},
		{"kms.amazonaws.com", "Decrypt"}, {"cloudtrail.amazonaws.com", "StopLogging"},
		{"lambda.amazonaws.com", "CreateFunction20150331"}, {"signin.amazonaws.com", "ConsoleLogin"},
	}
	testUsers = []string{"alice", "bob", "deploy-bot", "carol"}
)

// testRecord is the i-th record of the fixture: regular, deterministic,
// every seventh minute back from testNow.
func testRecord(i int, region, account string) record {
	n := testNames[i%len(testNames)]
	user := testUsers[i%len(testUsers)]
	r := record{
		"eventVersion": "1.09",
		"userIdentity": record{
			"type": "IAMUser", "principalId": "AIDAEXAMPLE" + user, "arn": "arn:aws:iam::" + account + ":user/" + user,
			"accountId": account, "accessKeyId": fmt.Sprintf("AKIAEXAMPLE%05d", i%17), "userName": user,
		},
		"eventTime":          testNow.Add(-time.Duration(i*7) * time.Minute).Format(time.RFC3339),
		"eventSource":        n.source,
		"eventName":          n.name,
		"awsRegion":          region,
		"sourceIPAddress":    fmt.Sprintf("198.51.100.%d", i%250),
		"userAgent":          "aws-cli/2.15.0 Python/3.11",
		"requestParameters":  record{"userName": "new-" + user, "bucketName": "bucket-" + user},
		"responseElements":   nil,
		"requestID":          fmt.Sprintf("req-%06d", i),
		"eventID":            fmt.Sprintf("00000000-0000-4000-8000-%012d", i),
		"readOnly":           i%3 == 0,
		"eventType":          "AwsApiCall",
		"managementEvent":    true,
		"recipientAccountId": account,
		"eventCategory":      "Management",
	}
	if i%11 == 5 {
		r["errorCode"] = "AccessDenied"
		r["errorMessage"] = "User is not authorized"
	}
	return r
}

// fixture is the standard test history: 300 events in us-east-1 for two
// accounts, 40 in eu-west-1, and 2 Insights events.
func fixture() []record {
	var recs []record
	for i := 0; i < 300; i++ {
		acct := "111122223333"
		if i%4 == 3 {
			acct = "444455556666"
		}
		recs = append(recs, testRecord(i, "us-east-1", acct))
	}
	for i := 0; i < 40; i++ {
		recs = append(recs, testRecord(1000+i, "eu-west-1", "111122223333"))
	}
	for i := 0; i < 2; i++ {
		recs = append(recs, record{
			"eventVersion": "1.08", "eventTime": testNow.Add(-time.Duration(i+1) * time.Hour).Format(time.RFC3339),
			"awsRegion": "us-east-1", "eventID": fmt.Sprintf("insight-%d", i), "eventType": "AwsCloudTrailInsight",
			"recipientAccountId": "111122223333", "sharedEventID": fmt.Sprintf("shared-%d", i), "eventCategory": "Insight",
			"insightDetails": insightDetails(i),
		})
	}
	return recs
}

// insightDetails is the fixture's i-th Insight: a call-rate Insight
// starting, then an error-rate Insight ending (spec 5.5).
func insightDetails(i int) record {
	stats := record{"baseline": record{"average": 0.0125}, "insight": record{"average": 18.4},
		"insightDuration": 1, "baselineDuration": 10080}
	d := record{"state": "Start", "eventSource": "iam.amazonaws.com", "eventName": "DeleteAccessKey",
		"insightType": "ApiCallRateInsight", "sourceEventCategory": "Management",
		"insightContext": record{"statistics": stats, "attributions": []record{{"attribute": "userIdentityArn",
			"insight":  []record{{"value": "arn:aws:iam::111122223333:user/bob", "average": 18.4}},
			"baseline": []record{{"value": "arn:aws:iam::111122223333:user/bob", "average": 0.0125}}}}}}
	if i == 1 {
		d["state"], d["insightType"], d["errorCode"] = "End", "ApiErrorRateInsight", "AccessDenied"
		stats["insight"], stats["insightDuration"] = record{"average": 5.25}, 42
	}
	return d
}

// hostileRecord carries terminal attacks in every kind of field.
func hostileRecord() record {
	r := testRecord(0, "us-east-1", "111122223333")
	r["eventTime"] = testNow.Add(-30 * time.Second).Format(time.RFC3339) // newest write: first row
	r["eventID"] = "hostile-0001"
	r["readOnly"] = false
	r["eventName"] = "Run\x1b[31mInstances\x1b[0m"
	r["userIdentity"].(record)["userName"] = "evil\x1b]52;c;SGVsbG8=\x07user\r\bX\u202Egnp.exe"
	r["userAgent"] = "\x1b[2J\x1b[Hcurl 日本語\u200B\u2066zw\x9b31m"
	r["requestParameters"] = record{"bucketName": "b\x1b]0;title\x07ucket\u202E"}
	return r
}

func writeRecords(t testing.TB, recs []record) string {
	t.Helper()
	data, err := json.Marshal(map[string]any{"Records": recs})
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "records.json")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func openStore(t testing.TB, recs []record) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "history.db"), store.OpenOptions{})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	if len(recs) > 0 {
		res, err := st.Load(context.Background(), []string{writeRecords(t, recs)}, store.LoadOptions{})
		if err != nil || len(res.Errors) > 0 {
			t.Fatalf("load fixture: %v %v", err, res.Errors)
		}
	}
	return st
}

// harness drives a Model by messages, running its commands synchronously
// and feeding their answers back, so tests need no timing at all.
type harness struct {
	t         testing.TB
	m         *Model
	clipboard string
}

func newHarness(t testing.TB, st *store.Store, opts ...func(*Options)) *harness {
	t.Helper()
	// WatchEvery < 0: the harness runs commands synchronously, and a tick
	// would wait; tests send watchTickMsg themselves.
	o := Options{Store: st, Now: func() time.Time { return testNow }, Local: time.FixedZone("CET", 3600), WatchEvery: -1}
	for _, f := range opts {
		f(&o)
	}
	h := &harness{t: t, m: New(o)}
	h.run(h.m.Init())
	h.send(tea.WindowSizeMsg{Width: 100, Height: 30})
	return h
}

// send delivers msg and everything its commands answer.
func (h *harness) send(msg tea.Msg) {
	h.t.Helper()
	_, cmd := h.m.Update(msg)
	h.run(cmd)
}

// run executes cmd and delivers the messages it produces.
func (h *harness) run(cmd tea.Cmd) {
	h.t.Helper()
	if cmd == nil {
		return
	}
	msg := cmd()
	switch msg := msg.(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range msg {
			h.run(c)
		}
	case tea.QuitMsg:
	default:
		if strings.HasSuffix(reflect.TypeOf(msg).String(), "setClipboardMsg") {
			h.clipboard = reflect.ValueOf(msg).String()
			return
		}
		if strings.HasPrefix(reflect.TypeOf(msg).String(), "ui.") {
			h.send(msg)
		}
	}
}

// press sends key presses: named keys ("enter", "esc", "ctrl+c", "space")
// or runs of plain characters.
func (h *harness) press(keys ...string) {
	h.t.Helper()
	for _, k := range keys {
		for _, msg := range keyMsgs(k) {
			h.send(msg)
		}
	}
}

func keyMsgs(k string) []tea.KeyPressMsg {
	named := map[string]tea.KeyPressMsg{
		"enter": {Code: tea.KeyEnter}, "esc": {Code: tea.KeyEscape}, "tab": {Code: tea.KeyTab},
		"shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift}, "space": {Code: tea.KeySpace, Text: " "},
		"up": {Code: tea.KeyUp}, "down": {Code: tea.KeyDown}, "pgdown": {Code: tea.KeyPgDown},
		"pgup": {Code: tea.KeyPgUp}, "left": {Code: tea.KeyLeft}, "right": {Code: tea.KeyRight},
		"ctrl+c": {Code: 'c', Mod: tea.ModCtrl}, "backspace": {Code: tea.KeyBackspace},
		"home": {Code: tea.KeyHome}, "end": {Code: tea.KeyEnd},
	}
	if m, ok := named[k]; ok {
		return []tea.KeyPressMsg{m}
	}
	var out []tea.KeyPressMsg
	for _, r := range k {
		out = append(out, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return out
}

// screen is the drawn screen without styles.
func (h *harness) screen() string { return ansi.Strip(h.m.View().Content) }

func (h *harness) mustShow(want ...string) {
	h.t.Helper()
	s := h.screen()
	for _, w := range want {
		if !strings.Contains(s, w) {
			h.t.Fatalf("screen lacks %q:\n%s", w, s)
		}
	}
}

// focusedAs returns the overlay with the focus as a T, failing the test
// when the table or another overlay has it.
func focusedAs[T overlay](h *harness) T {
	h.t.Helper()
	v, ok := h.m.top().(T)
	if !ok {
		h.t.Fatalf("the focus is on %T, want %T", h.m.top(), v)
	}
	return v
}

// focusIs reports whether the overlay with the focus is a T.
func focusIs[T overlay](h *harness) bool {
	_, ok := h.m.top().(T)
	return ok
}

// picker is the open Region, account, lookup or time dialog.
func (h *harness) picker() *picker { h.t.Helper(); return focusedAs[*picker](h) }

// pickerErr is the open picker's message, "" when no picker is open.
func (h *harness) pickerErr() string {
	if p, ok := h.m.top().(*picker); ok {
		return p.err
	}
	return ""
}

// exportDlg is the open export dialog.
func (h *harness) exportDlg() *exportDialog { h.t.Helper(); return focusedAs[*exportDialog](h) }

// filterBar is the open filter bar.
func (h *harness) filterBar() *filterBar { h.t.Helper(); return focusedAs[*filterBar](h) }
