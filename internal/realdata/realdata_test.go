package realdata

import (
	"os"
	"path/filepath"
	"testing"
)

func TestDirHoldsTheProvenance(t *testing.T) {
	dir := Dir(t)
	if _, err := os.Stat(filepath.Join(dir, "PROVENANCE.md")); err != nil {
		t.Fatal(err)
	}
	if filepath.Base(dir) != "real" {
		t.Errorf("Dir = %s", dir)
	}
}

func TestModuleRootHasGoMod(t *testing.T) {
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatal(err)
	}
}
