package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestOnlyTheStoreSpeaksSQL keeps the store's schema inside history/store
// (issue 15): outside it no package imports database/sql or the SQLite
// driver, filter does not know the store, and history (the domain) and
// history/record (parsing) import neither the store nor each other's
// dependents.
func TestOnlyTheStoreSpeaksSQL(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}}:{{join .Imports \" \"}}", "./...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	const mod = "github.com/trailview/trailview/"
	forbidden := map[string][]string{
		mod + "history":        {mod + "history/record", mod + "history/store"},
		mod + "history/record": {mod + "history/store"},
		mod + "filter":         {mod + "history/store"},
	}
	seen := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, imports, _ := strings.Cut(line, ":")
		for _, imp := range strings.Fields(imports) {
			if (imp == "database/sql" || strings.HasPrefix(imp, "modernc.org/sqlite")) && pkg != mod+"history/store" {
				t.Errorf("%s imports %s: only history/store speaks SQL", pkg, imp)
			}
			for _, bad := range forbidden[pkg] {
				if imp == bad {
					t.Errorf("%s imports %s", pkg, imp)
				}
			}
		}
		seen++
	}
	if seen < 10 {
		t.Fatalf("go list saw %d packages", seen)
	}
}
