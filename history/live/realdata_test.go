package live

import (
	"os"
	"path/filepath"
	"testing"
)

// realDataDir is the shared folder of real CloudTrail data, seen from this
// package's directory.
const realDataDir = "../../../shared/testdata/real"

func realData(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat(filepath.Join(realDataDir, "PROVENANCE.md")); err != nil {
		t.Skip("../shared/testdata/real not found: the real-data test needs the team's shared folder")
	}
	return realDataDir
}
