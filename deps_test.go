package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDependencyDirection keeps the layering main -> ui -> history, filter,
// export: the model, the filter language and the writers must stay usable
// without a terminal, so none of them may import the UI or a Charm package.
func TestDependencyDirection(t *testing.T) {
	for _, pkg := range []string{"./history/...", "./filter/...", "./export/..."} {
		out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", pkg).CombinedOutput()
		if err != nil {
			t.Fatalf("go list %s: %v\n%s", pkg, err, out)
		}
		for _, dep := range strings.Fields(string(out)) {
			if strings.HasPrefix(dep, "github.com/trailview/trailview/ui") ||
				strings.HasPrefix(dep, "github.com/trailview/trailview/internal/cli") ||
				strings.HasPrefix(dep, "charm.land/") ||
				strings.HasPrefix(dep, "github.com/charmbracelet/") {
				t.Errorf("%s depends on %s; the UI must depend on it, not the other way round", pkg, dep)
			}
		}
	}
}
