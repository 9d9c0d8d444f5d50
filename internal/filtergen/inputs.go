package filtergen

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/trailview/trailview/assets"
	"github.com/trailview/trailview/internal/realdata"
)

// PropertyInputs writes the property tests' events and returns the paths
// to load, one Load per path in this order so that row IDs are the same
// in every package: 2000 generated records (odd values: mixed case,
// quotes, %, _) ending at now, 2000 events of the assets generator
// (realistic ones), and the real CloudTrail files when they are present
// (some are deliberately malformed; the rest load).
func PropertyInputs(t *testing.T, now time.Time) []string {
	t.Helper()
	paths := []string{
		WriteRecords(t, Records(rand.New(rand.NewPCG(1, 2)), 2000, now)),
		writeAssets(t, 2000),
	}
	if dir := realDir(t); dir != "" {
		paths = append(paths, dir)
	} else {
		t.Log("../shared/testdata/real not found: the property test runs on generated events only")
	}
	return paths
}

// realDir is the real data folder, or "" where a fresh clone has none:
// realdata.Dir skips the test it is given, so it gets a subtest of its
// own and the property test runs on without the real files.
func realDir(t *testing.T) string {
	t.Helper()
	var dir string
	t.Run("real data", func(t *testing.T) { dir = realdata.Dir(t) })
	return dir
}

// WriteRecords writes records as one CloudTrail log file in a temporary
// directory of t and returns its path.
func WriteRecords(t testing.TB, records []map[string]any) string {
	t.Helper()
	b, err := json.Marshal(map[string]any{"Records": records})
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "records.json")
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// writeAssets writes n events of the assets generator as JSON lines.
func writeAssets(t testing.TB, n int) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "assets.jsonl")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	opts := assets.BenchOptions(n)
	opts.Padded = false
	if err := assets.WriteJSONLines(f, opts); err != nil {
		f.Close()
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return p
}
