package store

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// issuingRecord is what the independent scan keeps of an issuing event.
type issuingRecord struct {
	EventID, EventName, CallerKey, CallerARN, Key string
}

// scanIssuing finds the issuing events of the real data by decoding the
// files with encoding/json, not through the store: JSON documents (an
// array, {"Records": [...]}) and JSON lines, also inside zip archives.
func scanIssuing(t *testing.T, dir string) map[string]issuingRecord {
	t.Helper()
	out := map[string]issuingRecord{}
	add := func(raw json.RawMessage) {
		var r struct {
			EventID      string `json:"eventID"`
			EventName    string `json:"eventName"`
			ErrorCode    string `json:"errorCode"`
			UserIdentity struct {
				AccessKeyID string `json:"accessKeyId"`
				ARN         string `json:"arn"`
			} `json:"userIdentity"`
			Response struct {
				Credentials struct {
					AccessKeyID string `json:"accessKeyId"`
				} `json:"credentials"`
				AccessKey struct {
					AccessKeyID string `json:"accessKeyId"`
				} `json:"accessKey"`
			} `json:"responseElements"`
		}
		if json.Unmarshal(raw, &r) != nil {
			return
		}
		key := r.Response.Credentials.AccessKeyID
		if r.EventName == "CreateAccessKey" {
			key = r.Response.AccessKey.AccessKeyID
		}
		switch r.EventName {
		case "AssumeRole", "AssumeRoleWithSAML", "AssumeRoleWithWebIdentity", "GetSessionToken", "GetFederationToken", "CreateAccessKey":
		default:
			return
		}
		if key == "" {
			return
		}
		if prev, ok := out[key]; ok && prev.EventID != r.EventID {
			t.Fatalf("key %s issued by two events %s and %s", key, prev.EventID, r.EventID)
		}
		out[key] = issuingRecord{r.EventID, r.EventName, r.UserIdentity.AccessKeyID, r.UserIdentity.ARN, key}
	}
	decode := func(data []byte) {
		var arr []json.RawMessage
		if json.Unmarshal(data, &arr) == nil {
			for _, r := range arr {
				add(r)
			}
			return
		}
		var doc struct{ Records []json.RawMessage }
		if json.Unmarshal(data, &doc) == nil && doc.Records != nil {
			for _, r := range doc.Records {
				add(r)
			}
			return
		}
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(nil, 8<<20)
		for sc.Scan() {
			add(json.RawMessage(sc.Bytes()))
		}
	}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		switch {
		case strings.HasSuffix(p, ".zip"):
			zr, err := zip.OpenReader(p)
			if err != nil {
				return err
			}
			defer zr.Close()
			for _, f := range zr.File {
				rc, err := f.Open()
				if err != nil {
					return err
				}
				data, err := io.ReadAll(rc)
				rc.Close()
				if err != nil {
					return err
				}
				decode(data)
			}
		case strings.HasSuffix(p, ".json"), strings.HasSuffix(p, ".jsonl"):
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			decode(data)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestChainMatchesIndependentScanOfRealData(t *testing.T) {
	dir := requireRealData(t)
	want := scanIssuing(t, dir)
	t.Logf("%d issuing events in the real data", len(want))
	if len(want) < 10 {
		t.Fatalf("the independent scan found %d issuing events; the real data holds at least 10", len(want))
	}
	s := openTempStore(t)
	mustLoad(t, s, dir)
	checkChains(t, s, want)
}

// TestIssuedBackfillOnOlderStore drops the writer's rows and the schema
// back to 6: opening the store again must rebuild them from the records.
func TestIssuedBackfillOnOlderStore(t *testing.T) {
	dir := requireRealData(t)
	want := scanIssuing(t, dir)
	s := openTempStore(t)
	mustLoad(t, s, dir)
	ctx := context.Background()
	for _, q := range []string{"DROP TABLE issued", "PRAGMA user_version = 6"} {
		if _, err := s.db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	path := s.Path()
	s.Close()
	s2, err := Open(ctx, path, OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	checkChains(t, s2, want)
}

func checkChains(t *testing.T, s *Store, want map[string]issuingRecord) {
	t.Helper()
	ctx := context.Background()
	var n int
	if err := s.db.QueryRowContext(ctx, "SELECT count(DISTINCT key) FROM issued").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != len(want) {
		t.Errorf("store knows %d issued keys, the independent scan %d", n, len(want))
	}
	children := map[string][]string{}
	for key, w := range want {
		children[w.CallerKey] = append(children[w.CallerKey], key)
		chain, err := s.IssuedBy(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		// The expected chain, followed through the scan's own map.
		var expect []string
		for k, seen := key, map[string]bool{}; k != "" && !seen[k]; {
			seen[k] = true
			r, ok := want[k]
			if !ok {
				break
			}
			expect = append(expect, r.EventID)
			k = r.CallerKey
		}
		var got []string
		for _, l := range chain {
			got = append(got, l.EventID)
		}
		if !slices.Equal(got, expect) {
			t.Errorf("chain of %s: events %v, want %v", key, got, expect)
			continue
		}
		first := chain[0]
		if first.EventName != w.EventName || first.CallerAccessKeyID != w.CallerKey || first.CallerARN != w.CallerARN || first.AccessKeyID != key {
			t.Errorf("chain of %s: first link %+v, want %+v", key, first, w)
		}
	}
	for caller, keys := range children {
		if caller == "" {
			continue
		}
		issued, err := s.IssuedFrom(ctx, caller)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, l := range issued {
			got = append(got, l.AccessKeyID)
		}
		// Downwards from caller: its keys and, breadth first, theirs.
		var expect []string
		for level := keys; len(level) > 0; {
			var next []string
			for _, k := range level {
				expect = append(expect, k)
				next = append(next, children[k]...)
			}
			level = next
		}
		slices.Sort(got)
		slices.Sort(expect)
		if !slices.Equal(got, expect) {
			t.Errorf("keys issued by %s: %v, want %v", caller, got, expect)
		}
	}
}
