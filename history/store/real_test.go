package store

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/trailview/trailview/history"
)

// provenanceRow is one line of a per-file table in PROVENANCE.md.
type provenanceRow struct {
	file                    string
	records, data, insights int
}

// readProvenance parses the per-file tables, so the test follows the data's
// own description rather than numbers copied into the test.
func readProvenance(t *testing.T, dir string) []provenanceRow {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "PROVENANCE.md"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []provenanceRow
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		cells := strings.Split(sc.Text(), "|")
		if len(cells) < 12 {
			continue
		}
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		records, err := strconv.Atoi(cells[2])
		if err != nil || !strings.Contains(cells[1], "/") {
			continue
		}
		data, err1 := strconv.Atoi(cells[8])
		insights, err2 := strconv.Atoi(cells[9])
		if err1 != nil || err2 != nil {
			t.Fatalf("PROVENANCE.md row for %s: cannot read data/insight counts", cells[1])
		}
		rows = append(rows, provenanceRow{file: cells[1], records: records, data: data, insights: insights})
	}
	if len(rows) < 50 {
		t.Fatalf("PROVENANCE.md: only %d file rows found; has its layout changed?", len(rows))
	}
	return rows
}

// TestRealFilesEachLoadAsDescribed loads every file PROVENANCE.md lists into
// its own store and checks that every record it counts is there.
func TestRealFilesEachLoadAsDescribed(t *testing.T) {
	dir := requireRealData(t)
	for _, row := range readProvenance(t, dir) {
		t.Run(filepath.Base(row.file), func(t *testing.T) {
			s := openTempStore(t)
			res := mustLoad(t, s, filepath.Join(dir, row.file))
			if strings.Contains(row.file, "zmallen") {
				// PROVENANCE: 15 records of which one member's 3 do not parse
				// (a missing comma); TestRealTree... checks the report.
				if len(res.Errors) != 1 || res.Added+res.Duplicates != 12 {
					t.Errorf("want 12 events and one error, got %d+%d and %v", res.Added, res.Duplicates, res.Errors)
				}
				return
			}
			if len(res.Errors) > 0 {
				t.Fatalf("errors: %v", res.Errors)
			}
			if res.Records != int64(row.records) {
				t.Errorf("records read = %d, PROVENANCE says %d", res.Records, row.records)
			}
			if res.SkippedData != int64(row.data) {
				t.Errorf("data events skipped = %d, want %d", res.SkippedData, row.data)
			}
			if res.Insights != int64(row.insights) {
				t.Errorf("insights = %d, want %d", res.Insights, row.insights)
			}
			want := int64(row.records - row.data)
			if got := res.Added + res.Duplicates; got != want {
				t.Errorf("added %d + duplicates %d = %d, want %d", res.Added, res.Duplicates, got, want)
			}
			n, err := s.Count(context.Background(), history.Query{})
			if err != nil {
				t.Fatal(err)
			}
			ni, err := s.Count(context.Background(), history.Query{Category: history.Insight})
			if err != nil {
				t.Fatal(err)
			}
			if n+ni != res.Added {
				t.Errorf("store holds %d management + %d insight events, load said %d added", n, ni, res.Added)
			}
		})
	}
}

// TestRealTreeLoadsWithTheMalformedMemberReported loads the whole folder at
// once: the one malformed zip member is reported with its name and offset,
// everything else loads, and a second load adds nothing.
func TestRealTreeLoadsWithTheMalformedMemberReported(t *testing.T) {
	dir := requireRealData(t)
	s := openTempStore(t)
	res := mustLoad(t, s, dir)
	if res.Records < 454 {
		t.Errorf("records read = %d, PROVENANCE counts 454 parseable records", res.Records)
	}
	if res.SkippedData != 9 || res.Insights != 3 {
		t.Errorf("data skipped = %d (want 9), insights = %d (want 3)", res.SkippedData, res.Insights)
	}
	if len(res.Errors) != 1 {
		t.Fatalf("errors = %v, want exactly the malformed zmallen member", res.Errors)
	}
	msg := res.Errors[0].Error()
	if !strings.Contains(msg, "aws.execution.ec2-user-data.json") || res.Errors[0].Offset <= 0 {
		t.Errorf("error %q does not name the malformed member and its offset", msg)
	}
	total, err := s.Count(context.Background(), history.Query{})
	if err != nil {
		t.Fatal(err)
	}
	if total+res.Insights != res.Added || res.Added < 440 {
		t.Errorf("store holds %d management events, load added %d (%d insights)", total, res.Added, res.Insights)
	}

	again := mustLoad(t, s, dir)
	if again.Added != 0 {
		t.Errorf("second load added %d events; the store must be idempotent", again.Added)
	}
	if again.Unchanged < 50 {
		t.Errorf("second load skipped only %d unchanged files", again.Unchanged)
	}
}

// TestRealRecordsKeptExactly checks that each stored record is the input
// record byte for byte once whitespace is removed: same fields, same order.
func TestRealRecordsKeptExactly(t *testing.T) {
	dir := requireRealData(t)
	file := filepath.Join(dir, "datadog_stratus-red-team/docs/detonation-logs/aws.credential-access.ec2-get-password-data.json")
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var records []json.RawMessage
	if err := json.Unmarshal(data, &records); err != nil {
		t.Fatal(err)
	}
	want := map[string][]byte{}
	for _, r := range records {
		var buf bytes.Buffer
		if err := json.Compact(&buf, r); err != nil {
			t.Fatal(err)
		}
		var id struct{ EventID string }
		json.Unmarshal(r, &id)
		want[id.EventID] = buf.Bytes()
	}
	s := openTempStore(t)
	mustLoad(t, s, file)
	events := allEvents(t, s, history.Query{})
	if len(events) != len(want) {
		t.Fatalf("stored %d events, file has %d", len(events), len(want))
	}
	for _, e := range events {
		if !bytes.Equal(e.Raw, want[e.EventID]) {
			t.Fatalf("event %s changed:\n got %.200s\nwant %.200s", e.EventID, e.Raw, want[e.EventID])
		}
	}
}

// TestRealQuirks checks the odd features PROVENANCE.md lists.
func TestRealQuirks(t *testing.T) {
	dir := requireRealData(t)
	ctx := context.Background()

	t.Run("logstash @timestamp stands in for eventTime", func(t *testing.T) {
		s := openTempStore(t)
		mustLoad(t, s, filepath.Join(dir, "otrf_security-datasets/datasets/atomic/aws/collection/ec2_proxy_s3_exfiltration.zip"))
		events := allEvents(t, s, history.Query{})
		if len(events) != 94 {
			t.Fatalf("got %d management events, want 103 - 9 data events", len(events))
		}
		for _, e := range events {
			if e.Time.Year() != 2020 || e.Time.Month() != 9 || e.Time.Day() != 14 {
				t.Fatalf("event %s time %v, want 2020-09-14 from @timestamp", e.EventID, e.Time)
			}
		}
	})

	t.Run("lookup-events lines keep the API's Username and Resources", func(t *testing.T) {
		s := openTempStore(t)
		mustLoad(t, s, filepath.Join(dir, "log2timeline_plaso/test_data/jsonl/aws_cloudtrail.jsonl"))
		events := allEvents(t, s, history.Query{})
		if len(events) != 6 {
			t.Fatalf("got %d events, want 6", len(events))
		}
		var sawService, sawResources bool
		for _, e := range events {
			if e.Region != "ap-southeast-2" || e.Account != "012345678901" {
				t.Errorf("event %s scope %s/%s", e.EventName, e.Region, e.Account)
			}
			if e.EventName == "SharedSnapshotVolumeCreated" {
				sawService = true
				if e.Username != "" || e.AccessKeyID != "" {
					t.Errorf("service event has username %q key %q", e.Username, e.AccessKeyID)
				}
			}
			if len(e.Resources) > 0 && e.ResourcesFromAPI {
				sawResources = true
			}
			if !json.Valid(e.Raw) || bytes.Contains(e.Raw, []byte(`"CloudTrailEvent"`)) {
				t.Errorf("raw of %s is not the inner record: %.100s", e.EventName, e.Raw)
			}
		}
		if !sawService || !sawResources {
			t.Errorf("service event seen %v, API resources seen %v", sawService, sawResources)
		}
	})

	t.Run("insights only in the insight category", func(t *testing.T) {
		s := openTempStore(t)
		mustLoad(t, s, filepath.Join(dir, "awsdocs_aws-cloudtrail-user-guide"))
		ins, err := s.Count(ctx, history.Query{Category: history.Insight})
		if err != nil {
			t.Fatal(err)
		}
		if ins != 3 {
			t.Errorf("insight events = %d, want 3", ins)
		}
		for _, e := range allEvents(t, s, history.Query{}) {
			if bytes.Contains(e.Raw, []byte("AwsCloudTrailInsight")) {
				t.Errorf("insight %s shows up among management events", e.EventID)
			}
		}
	})

	t.Run("fake Region names are kept", func(t *testing.T) {
		s := openTempStore(t)
		mustLoad(t, s, filepath.Join(dir, "datadog_stratus-red-team/docs/detonation-logs/aws.defense-evasion.cloudtrail-stop.json"))
		n, err := s.Count(ctx, history.Query{Region: "apiso-centralnorth-2r"})
		if err != nil || n != 1 {
			t.Errorf("count in the anonymised Region = %d, %v; want 1", n, err)
		}
	})
}
