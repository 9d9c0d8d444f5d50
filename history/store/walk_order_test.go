package store

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWalkNewestFirst: in CloudTrail's S3 layout the walk hands out the
// newest day's files first, newest file first, so that `trailview PATH`
// shows the last events while the older days load.
func TestWalkNewestFirst(t *testing.T) {
	root := t.TempDir()
	base := filepath.Join(root, "AWSLogs", "111122223333", "CloudTrail", "us-east-1")
	var want []string
	for _, day := range []string{"2025/02/28", "2025/03/01", "2025/03/02"} {
		for _, hhmm := range []string{"0005", "2355"} {
			dir := filepath.Join(base, filepath.FromSlash(day))
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			name := "111122223333_CloudTrail_us-east-1_" + strings.ReplaceAll(day, "/", "") + "T" + hhmm + "Z_abcdefghijklmnop.json.gz"
			p := filepath.Join(dir, name)
			if err := os.WriteFile(p, []byte(`{"Records":[]}`), 0o644); err != nil {
				t.Fatal(err)
			}
			want = append([]string{p}, want...)
		}
	}
	var got []string
	discover([]string{root}, nil, func(in *input) bool {
		got = append(got, in.path)
		return true
	}, func(e *InputError) { t.Fatal(e) }, nil)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("walk order:\n%s\nwant newest first:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
