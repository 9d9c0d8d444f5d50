package assets

import (
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"testing"
	"time"
)

var treePath = regexp.MustCompile(`^AWSLogs/(\d{12})/(CloudTrail|CloudTrail-Insight)/([a-z0-9-]+)/(\d{4})/(\d{2})/(\d{2})/(\d{12})_(CloudTrail|CloudTrail-Insight)_([a-z0-9-]+)_(\d{8}T\d{4}Z)_[A-Za-z0-9]{16}\.json\.gz$`)

// TestTreeFiles checks what a loader cannot see: file names agree with
// their folders and content, files cover about five minutes, and records
// inside a file are not sorted.
func TestTreeFiles(t *testing.T) {
	opts := SampleOptions(testNow)
	opts.Events, opts.Span = 3000, 2*24*time.Hour
	dir := t.TempDir()
	if _, err := WriteTree(dir, opts); err != nil {
		t.Fatal(err)
	}
	unsorted := 0
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		m := treePath.FindStringSubmatch(filepath.ToSlash(rel))
		if m == nil {
			t.Fatalf("bad path %s", rel)
		}
		if m[1] != m[7] || m[2] != m[8] || m[3] != m[9] || m[4]+m[5]+m[6] != m[10][:8] {
			t.Fatalf("file name disagrees with its folders: %s", rel)
		}
		delivered, _ := time.Parse("20060102T1504Z", m[10])
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		zr, err := gzip.NewReader(f)
		if err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		var body struct {
			Records []struct {
				EventTime string `json:"eventTime"`
				Region    string `json:"awsRegion"`
				Account   string `json:"recipientAccountId"`
			}
		}
		if err := json.NewDecoder(zr).Decode(&body); err != nil || len(body.Records) == 0 {
			t.Fatalf("%s: %v (%d records)", rel, err, len(body.Records))
		}
		times := make([]string, len(body.Records))
		for i, r := range body.Records {
			times[i] = r.EventTime
			if r.Region != m[3] || r.Account != m[1] {
				t.Fatalf("%s holds a record of %s/%s", rel, r.Account, r.Region)
			}
			et, _ := time.Parse(time.RFC3339, r.EventTime)
			if lag := delivered.Sub(et); lag < 0 || lag > 10*time.Minute {
				t.Fatalf("%s delivered at %v holds an event of %v", rel, delivered, et)
			}
		}
		if !sort.StringsAreSorted(times) {
			unsorted++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if unsorted == 0 {
		t.Fatal("records are sorted inside every file; CloudTrail gives no order")
	}
}
