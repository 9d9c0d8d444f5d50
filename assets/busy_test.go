package assets

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

// busyStats are the statistics the busy shape promises (BusyOptions).
type busyStats struct {
	files, records, data int
	unsortedFiles        int
	bytes                int
	sessionKeys          map[string]bool // distinct ASIA keys in userIdentity
	keyedRecords         int             // records signed with an ASIA key
	tokens, tokenRecords int             // sessionTokens and the records holding one
	longestToken         int
	macs, versions       map[string]bool
	distinctLongTokens   map[string]bool // words of 16+ characters
	longTokenOccurrences int
}

var (
	asiaKey   = regexp.MustCompile(`"accessKeyId":"(ASIA[A-Z2-7]{16})"`)
	macAddr   = regexp.MustCompile(`"macAddress":"([0-9a-f:]{17})"`)
	versionID = regexp.MustCompile(`"(?:versionId|x-amz-version-id)":"([A-Za-z0-9]{32})"`)
	tokenRe   = regexp.MustCompile(`"sessionToken":"([^"]*)"`)
	longWord  = regexp.MustCompile(`[A-Za-z0-9]{16,}`)
)

func readBusyTree(t *testing.T, dir string) busyStats {
	t.Helper()
	st := busyStats{sessionKeys: map[string]bool{}, macs: map[string]bool{}, versions: map[string]bool{}, distinctLongTokens: map[string]bool{}}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.Contains(p, "CloudTrail-Insight") {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		zr, err := gzip.NewReader(f)
		if err != nil {
			return err
		}
		var body struct{ Records []json.RawMessage }
		if err := json.NewDecoder(zr).Decode(&body); err != nil {
			return err
		}
		st.files++
		var times []string
		for _, raw := range body.Records {
			st.addRecord(raw)
			var head struct{ EventTime string }
			_ = json.Unmarshal(raw, &head)
			times = append(times, head.EventTime)
		}
		if !sort.StringsAreSorted(times) {
			st.unsortedFiles++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func (st *busyStats) addRecord(raw []byte) {
	st.records++
	st.bytes += len(raw)
	if bytes.Contains(raw, []byte(`"eventCategory":"Data"`)) || bytes.Contains(raw, []byte(`"eventCategory":"NetworkActivity"`)) {
		st.data++
	}
	if m := asiaKey.FindSubmatch(raw); m != nil && bytes.Index(raw, m[0]) < bytes.Index(raw, []byte(`"eventTime"`)) {
		st.keyedRecords++
		st.sessionKeys[string(m[1])] = true
	}
	for _, m := range macAddr.FindAllSubmatch(raw, -1) {
		st.macs[string(m[1])] = true
	}
	for _, m := range versionID.FindAllSubmatch(raw, -1) {
		st.versions[string(m[1])] = true
	}
	if ms := tokenRe.FindAllSubmatch(raw, -1); len(ms) > 0 {
		st.tokenRecords++
		for _, m := range ms {
			st.tokens++
			st.longestToken = max(st.longestToken, len(m[1]))
		}
	}
	for _, w := range longWord.FindAll(raw, -1) {
		st.longTokenOccurrences++
		st.distinctLongTokens[string(w)] = true
	}
}

// TestBusyShape checks the busy shape's statistics on one day at the
// density BusyOptions(300_000) has over 14 days.
func TestBusyShape(t *testing.T) {
	opts := BusyOptions(300_000 / 14)
	opts.Span = 24 * time.Hour
	dir := t.TempDir()
	ts, err := WriteTree(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	st := readBusyTree(t, dir)
	perFile := float64(st.records) / float64(st.files)
	dataShare := float64(st.data) / float64(st.records)
	avg := st.bytes / st.records
	keyShare := float64(len(st.sessionKeys)) / float64(st.keyedRecords)
	longPerRecord := float64(len(st.distinctLongTokens)) / float64(st.records)
	t.Logf("%d files, %.1f records/file, %d B/record, data share %.3f, %d session keys over %d keyed records, %d tokens (longest %d), %d MACs, %d version IDs, %d distinct of %d long tokens, %d unsorted files",
		st.files, perFile, avg, dataShare, len(st.sessionKeys), st.keyedRecords, st.tokens, st.longestToken, len(st.macs), len(st.versions), len(st.distinctLongTokens), st.longTokenOccurrences, st.unsortedFiles)
	switch {
	case ts.Events != opts.Events || ts.DataEvents != st.data:
		t.Errorf("stats say %d events and %d data events; the tree holds %d records of which %d data", ts.Events, ts.DataEvents, st.records, st.data)
	case perFile < 10 || perFile > 14:
		t.Errorf("%.1f records a file, want about 12", perFile)
	case avg < 1300 || avg > 1700:
		t.Errorf("%d bytes a record, want about 1.5 KB", avg)
	case dataShare < 0.02 || dataShare > 0.06:
		t.Errorf("data and network-activity share %.3f, want a few percent", dataShare)
	case keyShare < 0.1:
		t.Errorf("%d session keys for %d records signed with one: sessions are not short", len(st.sessionKeys), st.keyedRecords)
	case st.tokens == 0 || st.longestToken != 560:
		t.Errorf("%d session tokens, longest %d characters; want 560-character tokens", st.tokens, st.longestToken)
	case len(st.macs) < st.records/8 || len(st.versions) < st.records/8:
		t.Errorf("%d MAC addresses and %d version IDs in %d records: too few distinct", len(st.macs), len(st.versions), st.records)
	case longPerRecord < 1.5:
		t.Errorf("%.1f distinct long tokens a record: diversity too low", longPerRecord)
	case st.unsortedFiles < st.files/2:
		t.Errorf("only %d of %d files are unordered", st.unsortedFiles, st.files)
	}
}

// TestBusyDeterministic: the same options give the same files, byte for
// byte and name for name.
func TestBusyDeterministic(t *testing.T) {
	opts := BusyOptions(2_000)
	opts.Span = 6 * time.Hour
	trees := [2]map[string][]byte{}
	for i := range trees {
		dir := t.TempDir()
		if _, err := WriteTree(dir, opts); err != nil {
			t.Fatal(err)
		}
		trees[i] = map[string][]byte{}
		err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			f, err := os.Open(p)
			if err != nil {
				return err
			}
			defer f.Close()
			zr, err := gzip.NewReader(f)
			if err != nil {
				return err
			}
			b, err := io.ReadAll(zr)
			rel, _ := filepath.Rel(dir, p)
			trees[i][rel] = b
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(trees[0]) == 0 || len(trees[0]) != len(trees[1]) {
		t.Fatalf("%d and %d files", len(trees[0]), len(trees[1]))
	}
	for name, b := range trees[0] {
		if !bytes.Equal(b, trees[1][name]) {
			t.Fatalf("%s differs between two runs with the same options", name)
		}
	}
}
