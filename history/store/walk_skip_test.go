package store

import (
	"archive/zip"
	"bytes"
	"context"
	"math/rand/v2"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestWalkReportsBrokenDataFilesAndSkipsOnlyOthers walks a directory where
// files named as CloudTrail data cannot be read: each is an error naming
// the file and an offset (it was skipped silently as "not JSON"), the good
// file still loads, and only what is clearly something else (digest files,
// hidden files, notes, a licence) is skipped, each reported with a reason.
func TestWalkReportsBrokenDataFilesAndSkipsOnlyOthers(t *testing.T) {
	dir := t.TempDir()
	good := []byte(`{"Records":[` + testRecord("11111111-1111-1111-1111-111111111111", "DescribeInstances", "") + `]}`)
	writeFile(t, dir, "good.json", good)

	zeroedMagic := gz(t, []byte(`{"Records":[`+testRecord("22222222-2222-2222-2222-222222222222", "RunInstances", "")+`]}`))
	zeroedMagic[0], zeroedMagic[1] = 0, 0
	garbage := make([]byte, 4096)
	rng := rand.New(rand.NewPCG(14, 2))
	for i := range garbage {
		garbage[i] = byte(rng.UintN(256))
	}
	garbage[0] = 0xa7 // neither JSON, whitespace nor any compressed format's magic
	broken := map[string][]byte{
		"AWSLogs/111122223333_CloudTrail_us-east-1_20250101T0000Z_abc.json.gz": zeroedMagic,
		"stray.json":   append([]byte("x"), good...),
		"nuls.json":    append(make([]byte, 16), good...),
		"garbage.json": garbage,
		"lines.jsonl":  append([]byte("\x01"), good...),
		"misnamed.zst": good[1:],
	}
	for name, data := range broken {
		writeFile(t, dir, name, data)
	}
	skipped := map[string]string{
		"notes.txt": "look at the eu-west-1 files first\n",
		"LICENSE":   "Apache License\n",
		".DS_Store": "\x00\x00\x00\x01Bud1",
		"AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2025/01/01/111122223333_CloudTrail-Digest_us-east-1_t_us-east-1_20250101T000000Z.json.gz": "not even gzip",
		"copied/111122223333_CloudTrail-Digest_eu-west-1_trail_eu-west-1_20250101T000000Z.json.gz":                                                  "\x00",
	}
	for name, data := range skipped {
		writeFile(t, dir, name, []byte(data))
	}
	// A zip made on a Mac: its __MACOSX copies are skipped, and said so.
	var zb bytes.Buffer
	zw := zip.NewWriter(&zb)
	for name, data := range map[string]string{
		"a.json":            `[` + testRecord("33333333-3333-3333-3333-333333333333", "RunInstances", "") + `]`,
		"__MACOSX/._a.json": "\x00\x05\x16\x07 resource fork",
	} {
		w, _ := zw.Create(name)
		w.Write([]byte(data))
	}
	zw.Close()
	writeFile(t, dir, "mac.zip", zb.Bytes())
	skipped["mac.zip!__MACOSX/._a.json"] = ""

	s := openTempStore(t)
	told := map[string]string{}
	res, err := s.Load(context.Background(), []string{dir}, LoadOptions{Skipped: func(name, why string) {
		told[name] = why
	}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Added != 2 {
		t.Errorf("added %d events, want the good file's and the zip's 2", res.Added)
	}
	var failed []string
	for _, e := range res.Errors {
		rel, _ := filepath.Rel(dir, e.File)
		failed = append(failed, rel)
		if e.Offset < 0 || !strings.Contains(e.Error(), "offset") {
			t.Errorf("error for %s gives no offset: %v", rel, e)
		}
	}
	sort.Strings(failed)
	var want []string
	for name := range broken {
		want = append(want, filepath.FromSlash(name))
	}
	sort.Strings(want)
	if strings.Join(failed, " ") != strings.Join(want, " ") {
		t.Errorf("files reported as errors:\n got %v\nwant %v", failed, want)
	}
	for _, e := range res.Errors {
		if strings.HasSuffix(e.File, ".gz") && !strings.Contains(e.Error(), "gzip's magic bytes") {
			t.Errorf("error for a .gz file without gzip's magic does not say so: %v", e)
		}
	}
	if res.Failed != len(broken) || res.NotJSON != 2 || res.Digests != 2 {
		t.Errorf("failed %d (want %d), not JSON %d (want 2), digests %d (want 2)", res.Failed, len(broken), res.NotJSON, res.Digests)
	}
	for name := range skipped {
		why, ok := told[filepath.Join(dir, filepath.FromSlash(name))]
		if !ok || why == "" {
			t.Errorf("%s was not reported as skipped with a reason (told: %v)", name, told)
		}
	}
	if len(told) != len(skipped) {
		t.Errorf("told of %d skipped files, want %d: %v", len(told), len(skipped), told)
	}
}

// TestBrokenDataFileNamedOnTheCommandLineIsAnErrorAsBefore checks that a
// file named on the command line fails whatever its name, as it did.
func TestBrokenDataFileNamedOnTheCommandLineIsAnErrorAsBefore(t *testing.T) {
	dir := t.TempDir()
	notes := writeFile(t, dir, "notes.txt", []byte("not JSON\n"))
	s := openTempStore(t)
	res := mustLoad(t, s, notes)
	if len(res.Errors) != 1 || res.Errors[0].File != notes || res.NotJSON != 0 {
		t.Errorf("errors %v, not JSON %d; want one error naming %s", res.Errors, res.NotJSON, notes)
	}
}
