package export

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trailview/trailview/history/store"
	"github.com/trailview/trailview/internal/realdata"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func requireRealData(t testing.TB) string {
	t.Helper()
	return realdata.Dir(t)
}

func openStore(t testing.TB) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "history.db"), store.OpenOptions{})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func load(t testing.TB, s *store.Store, paths ...string) {
	t.Helper()
	res, err := s.Load(context.Background(), paths, store.LoadOptions{})
	if err != nil {
		t.Fatalf("load %v: %v", paths, err)
	}
	for _, e := range res.Errors {
		t.Fatalf("load: %v", e)
	}
}

// synthRecord makes a valid management record; i orders them in time
// (a larger i is newer) and extra adds top-level fields.
func synthRecord(i int, extra string) string {
	t := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Second)
	return fmt.Sprintf(`{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/alice","accountId":"111122223333","accessKeyId":"AKIAEXAMPLE","userName":"alice"},"eventTime":%q,"eventSource":"ec2.amazonaws.com","eventName":"DescribeInstances","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.7","userAgent":"aws-cli/2","requestParameters":null,"responseElements":null,"requestID":"req-%d","eventID":"00000000-0000-4000-8000-%012d","readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"%s}`,
		t.Format(time.RFC3339), i, i, extra)
}

// synthStore returns a store holding n synthetic events.
func synthStore(t testing.TB, n int) *store.Store {
	t.Helper()
	recs := make([]string, n)
	for i := range recs {
		recs[i] = synthRecord(i, "")
	}
	p := filepath.Join(t.TempDir(), "synth.json")
	if err := os.WriteFile(p, []byte(`{"Records":[`+strings.Join(recs, ",")+`]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	s := openStore(t)
	load(t, s, p)
	return s
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	p := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("read golden file (run go test ./export -update to create it): %v", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs from the golden file:\n got: %q\nwant: %q", name, got, want)
	}
}

// dirNames lists a directory's entries.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		out = append(out, e.Name())
	}
	return out
}
