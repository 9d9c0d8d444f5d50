// Package realdata finds, for tests, the team's shared folder of real
// CloudTrail data: ../shared/testdata/real beside the repository. CI always
// has it; a fresh clone of the repository alone does not.
package realdata

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the folder. Where it does not exist the test is skipped,
// saying why; a folder that exists but cannot be read, or lacks its
// PROVENANCE.md, fails the test instead of hiding behind a skip.
func Dir(tb testing.TB) string {
	tb.Helper()
	root, err := moduleRoot()
	if err != nil {
		tb.Fatalf("real data: %v", err)
	}
	dir := filepath.Join(root, "..", "shared", "testdata", "real")
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		tb.Skipf("../shared/testdata/real not found beside the repository: real CloudTrail data ships with the team's shared folder, not the repository (%v)", err)
	} else if err != nil {
		tb.Fatalf("real data: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "PROVENANCE.md")); err != nil {
		tb.Fatalf("real data folder %s is incomplete: %v", dir, err)
	}
	return dir
}

// moduleRoot is the nearest directory above the test's working directory
// (its package's) that holds go.mod.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}
