package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// orderRecords are 24 management records of eu-west-1, four seconds of six
// events each, in no particular order of their IDs (mostly UUIDs, a few
// IDs of other text).
func orderRecords() []string {
	base := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	var recs []string
	for i := range 24 {
		id := fmt.Sprintf("%08x-0000-4000-8000-%012x", (i*7919)%24*0x0a0b0c0d, i)
		if i%5 == 4 {
			id = fmt.Sprintf("text-id-%d", (i*13)%24)
		}
		at := base.Add(time.Duration(i%4) * time.Second)
		recs = append(recs, fmt.Sprintf(`{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","userName":"user%d","accessKeyId":"AKIAEXAMPLE%d"},"eventTime":%q,"eventSource":"ec2.amazonaws.com","eventName":"Op%d","awsRegion":"eu-west-1","eventID":%q,"readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"}`,
			i%3, i%2, at.Format(time.RFC3339), i%2, id))
	}
	return recs
}

// lookupPagesRaw walks lookup-events with --max-items and --starting-token
// and returns each call's Events exactly as printed (the resume tokens are
// signed by each store, so they differ between stores).
func lookupPagesRaw(t *testing.T, db string, args ...string) []string {
	t.Helper()
	var pages []string
	token := ""
	for range 100 {
		call := append([]string{"--region", "eu-west-1", "--now", "2026-11-25T12:00:00Z", "--max-items", "5"}, args...)
		if token != "" {
			call = append(call, "--starting-token", token)
		}
		r := lookup(t, db, nil, call...)
		if r.code != 0 {
			t.Fatalf("lookup-events %q: exit %d: %s", call, r.code, r.stderr)
		}
		var o struct {
			Events    json.RawMessage
			NextToken string
		}
		if err := json.Unmarshal([]byte(r.stdout), &o); err != nil {
			t.Fatalf("lookup-events output: %v\n%s", err, r.stdout)
		}
		pages = append(pages, string(o.Events))
		if o.NextToken == "" {
			return pages
		}
		token = o.NextToken
	}
	t.Fatal("lookup-events paging does not end")
	return nil
}

// TestSameEventsSameAnswersWhateverTheLoadOrder: one store loaded from a
// trail's log file, another from lookup-events output of the same events
// in another order, answer byte for byte alike: lookup-events (whole, in
// every output format, and page by page with --max-items and
// --starting-token) and every export format. Events of one second come
// by EventId descending, as the spec recommends and the AWS CLI does.
func TestSameEventsSameAnswersWhateverTheLoadOrder(t *testing.T) {
	dir := t.TempDir()
	logFile := filepath.Join(dir, "trail.json")
	if err := os.WriteFile(logFile, []byte(`{"Records":[`+strings.Join(orderRecords(), ",")+`]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	fromTrail := loadStore(t, logFile)

	// The same events as lookup-events output, listed by EventId ascending.
	all := lookupOK(t, fromTrail, "--region", "eu-west-1", "--now", "2026-11-25T12:00:00Z")
	if len(all.Events) != 24 {
		t.Fatalf("lookup-events: %d events, want 24", len(all.Events))
	}
	for i := 1; i < len(all.Events); i++ {
		p, e := all.Events[i-1], all.Events[i]
		if e.EventTime > p.EventTime || (e.EventTime == p.EventTime && e.EventId >= p.EventId) {
			t.Errorf("event %d (%s %s) listed after %s %s: want time, then EventId, descending", i, e.EventTime, e.EventId, p.EventTime, p.EventId)
		}
	}
	events := slices.Clone(all.Events)
	slices.SortFunc(events, func(a, b cliEvent) int { return strings.Compare(a.EventId, b.EventId) })
	out, err := json.Marshal(map[string]any{"Events": events})
	if err != nil {
		t.Fatal(err)
	}
	apiFile := filepath.Join(dir, "lookup-events.json")
	if err := os.WriteFile(apiFile, out, 0o600); err != nil {
		t.Fatal(err)
	}
	fromAPI := loadStore(t, apiFile)

	for _, format := range []string{"json", "text", "table"} {
		args := []string{"--region", "eu-west-1", "--now", "2026-11-25T12:00:00Z", "--output", format}
		a, b := lookup(t, fromTrail, nil, args...), lookup(t, fromAPI, nil, args...)
		if a.code != 0 || b.code != 0 || a.stdout != b.stdout {
			t.Errorf("lookup-events --output %s differs (exit %d, %d):\n%s\n---\n%s", format, a.code, b.code, a.stdout, b.stdout)
		}
	}
	for _, extra := range [][]string{nil, {"--page-size", "2"}, attr("Username", "user1")} {
		a, b := lookupPagesRaw(t, fromTrail, extra...), lookupPagesRaw(t, fromAPI, extra...)
		if !slices.Equal(a, b) {
			t.Errorf("lookup-events --max-items 5 %q: pages differ:\n%q\n---\n%q", extra, a, b)
		}
	}
	for _, format := range []string{"json", "jsonl", "csv"} {
		codeA, a, errA := runExport(t, nil, "--db", fromTrail, "--format", format)
		codeB, b, errB := runExport(t, nil, "--db", fromAPI, "--format", format)
		if codeA != ExitOK || codeB != ExitOK {
			t.Fatalf("export --format %s: exit %d, %d: %s %s", format, codeA, codeB, errA, errB)
		}
		if a != b || strings.Count(a, "Op") < 24 {
			t.Errorf("export --format %s differs:\n%s\n---\n%s", format, a, b)
		}
	}
}
