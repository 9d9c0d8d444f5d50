package cli

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/store"
	"github.com/trailview/trailview/internal/realdata"
)

// The tests in this file compare top and timeline with counts computed
// from the real files themselves, decoded here with encoding/json into
// plain maps: nothing of trailview's parser, record model or store is on
// the reference side, so a mistake there cannot hide in both.

// rawRecord is the part of a record the reference counts.
type rawRecord map[string]any

// rawRecords decodes every CloudTrail record of the real data folder, in
// the containers it holds: {"Records":[...]}, a JSON array, one record,
// JSON lines, lookup-events output ({"Events":[{"CloudTrailEvent":"..."}]}
// or one such event per line), inside .zip and .gz. A document that does
// not decode (the folder holds a deliberately malformed zip member) adds
// nothing.
func rawRecords(t *testing.T, dir string) []rawRecord {
	t.Helper()
	var out []rawRecord
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		name := strings.ToLower(d.Name())
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		switch {
		case strings.HasSuffix(name, ".zip"):
			zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				return err
			}
			for _, f := range zr.File {
				rc, err := f.Open()
				if err != nil {
					return err
				}
				b, err := io.ReadAll(rc)
				rc.Close()
				if err != nil {
					return err
				}
				out = append(out, rawDocument(b)...)
			}
		case strings.HasSuffix(name, ".gz"):
			zr, err := gzip.NewReader(bytes.NewReader(data))
			if err != nil {
				return err
			}
			b, err := io.ReadAll(zr)
			if err != nil {
				return err
			}
			out = append(out, rawDocument(b)...)
		case strings.HasSuffix(name, ".json"), strings.HasSuffix(name, ".jsonl"):
			out = append(out, rawDocument(data)...)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("reading the real data: %v", err)
	}
	return out
}

// rawDocument decodes one file's bytes: one JSON value, or else JSON lines.
func rawDocument(b []byte) []rawRecord {
	var v any
	if json.Unmarshal(b, &v) == nil {
		return rawValue(v)
	}
	var out []rawRecord
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		if json.Unmarshal(line, &v) == nil {
			out = append(out, rawValue(v)...)
		}
	}
	return out
}

func rawValue(v any) []rawRecord {
	switch x := v.(type) {
	case []any:
		var out []rawRecord
		for _, e := range x {
			out = append(out, rawValue(e)...)
		}
		return out
	case map[string]any:
		if recs, ok := x["Records"].([]any); ok {
			return rawValue(recs)
		}
		if evs, ok := x["Events"].([]any); ok {
			return rawValue(evs)
		}
		if s, ok := x["CloudTrailEvent"].(string); ok {
			var inner any
			if json.Unmarshal([]byte(s), &inner) != nil {
				return nil
			}
			return rawValue(inner)
		}
		// Records from CloudTrail's first years have no eventID; a record
		// always has eventVersion.
		_, id := x["eventID"]
		_, version := x["eventVersion"]
		if id || version {
			return []rawRecord{x}
		}
	}
	return nil
}

func (r rawRecord) str(path ...string) string {
	var v any = map[string]any(r)
	for _, p := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return ""
		}
		v = m[p]
	}
	s, _ := v.(string)
	return s
}

// management says whether the record is a management event, the events
// top and timeline count by default: not a data or network-activity
// event, not an Insights event.
func (r rawRecord) management() bool {
	if r.str("eventType") == "AwsCloudTrailInsight" || r.str("eventCategory") == "Insight" {
		return false
	}
	if c := r.str("eventCategory"); c != "" && c != "Management" {
		return false
	}
	if b, ok := r["managementEvent"].(bool); ok && !b {
		return false
	}
	return true
}

// time is eventTime, or the @timestamp a Logstash export moved it to.
func (r rawRecord) time() (time.Time, bool) {
	for _, k := range []string{"eventTime", "@timestamp"} {
		if s := r.str(k); s != "" {
			if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
				return t.UTC(), true
			}
		}
	}
	return time.Time{}, false
}

// rawManagement is the reference's event set: management records, one per
// event ID (the same event in two files counts once, as in the store); a
// record without an ID counts once per occurrence.
//
// The AWS guide's examples reuse one event ID for two different events.
// Which of them a store keeps depends on the order it reads files in, so
// for such an ID only, the reference takes the version the store holds
// (matched by event name); every other count stays independent.
func rawManagement(t *testing.T, st *store.Store) []rawRecord {
	byID := map[string][]rawRecord{}
	var out []rawRecord
	for _, r := range rawRecords(t, realdata.Dir(t)) {
		if !r.management() {
			continue
		}
		id := r.str("eventID")
		if id == "" {
			out = append(out, r)
			continue
		}
		if len(byID[id]) == 0 {
			out = append(out, r) // a placeholder, replaced below if the ID is ambiguous
		}
		byID[id] = append(byID[id], r)
	}
	kept := storedNames(t, st)
	for i, r := range out {
		id := r.str("eventID")
		versions := byID[id]
		if id == "" || len(versions) < 2 {
			continue
		}
		for _, v := range versions {
			if v.str("eventName") == kept[id] {
				out[i] = v
			}
		}
	}
	return out
}

// storedNames maps the store's management event IDs to their names.
func storedNames(t *testing.T, st *store.Store) map[string]string {
	names := map[string]string{}
	err := st.Iterate(context.Background(), history.Query{Category: history.Management}, false, func(e *history.Event) error {
		names[e.EventID] = e.EventName
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return names
}

// TestTopAgreesWithRawJSON checks top's counts for the fields that are a
// record's own strings against a count over the decoded files.
func TestTopAgreesWithRawJSON(t *testing.T) {
	db, st := realStore(t)
	recs := rawManagement(t, st)
	if len(recs) < 100 {
		t.Fatalf("the reference found only %d management records", len(recs))
	}
	fields := map[string][]string{
		"event":  {"eventName"},
		"source": {"eventSource"},
		"ip":     {"sourceIPAddress"},
		"agent":  {"userAgent"},
		"error":  {"errorCode"},
		"region": {"awsRegion"},
		"key":    {"userIdentity", "accessKeyId"},
	}
	for name, path := range fields {
		want := map[string]int64{}
		var missing int64
		for _, r := range recs {
			if v := r.str(path...); v != "" {
				want[v]++
			} else {
				missing++
			}
		}
		args := append([]string{name, "--db", db, "--limit", "1000000", "--output", "json"}, allTime...)
		code, out, errb := runAnalysis(t, Top, args...)
		if code != ExitOK {
			t.Fatalf("top %s: exit %d: %s", name, code, errb)
		}
		var got topJSON
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("top %s: %v", name, err)
		}
		if got.Total != int64(len(recs)) || got.Missing != missing || got.Distinct != int64(len(want)) {
			t.Errorf("top %s: total/missing/distinct %d/%d/%d, the files say %d/%d/%d",
				name, got.Total, got.Missing, got.Distinct, len(recs), missing, len(want))
		}
		for _, v := range got.Values {
			if want[v.Value] != v.Count {
				t.Errorf("top %s: %q counted %d, the files have %d", name, v.Value, v.Count, want[v.Value])
			}
		}
	}
}

// TestTimelineAgreesWithRawJSON checks the daily timeline, errors
// included, against the decoded files.
func TestTimelineAgreesWithRawJSON(t *testing.T) {
	db, st := realStore(t)
	recs := rawManagement(t, st)
	type day struct{ events, errors int64 }
	want := map[string]day{}
	var lo, hi time.Time
	var timed int64
	for _, r := range recs {
		at, ok := r.time()
		if !ok {
			continue // a fragment without a time: outside any window here
		}
		timed++
		k := at.Truncate(24 * time.Hour).Format(time.RFC3339)
		d := want[k]
		d.events++
		if r.str("errorCode") != "" {
			d.errors++
		}
		want[k] = d
		if lo.IsZero() || at.Before(lo) {
			lo = at
		}
		if at.After(hi) {
			hi = at
		}
	}
	start := lo.Truncate(24 * time.Hour)
	end := hi.Truncate(24 * time.Hour).Add(24 * time.Hour)
	code, out, errb := runAnalysis(t, Timeline, "--db", db, "--region", "all", "--account", "all", "--bucket", "1d",
		"--start-time", start.Format(time.RFC3339), "--end-time", end.Format(time.RFC3339), "--output", "json")
	if code != ExitOK {
		t.Fatalf("timeline: exit %d: %s", code, errb)
	}
	var got timelineJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	var total int64
	for _, b := range got.Buckets {
		w := want[b.Start]
		if b.Events != w.events || b.Errors != w.errors {
			t.Errorf("day %s: %d events, %d errors; the files have %d, %d", b.Start, b.Events, b.Errors, w.events, w.errors)
		}
		total += b.Events
	}
	if total != timed || timed < 100 {
		t.Errorf("the timeline counts %d events, the files hold %d management events with a time", total, timed)
	}
}
