package ui

import (
	"flag"
	"os"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
)

var updateDocs = flag.Bool("update-docs", false, "rewrite docs/keys.md from the keymap")

// keysMarkdown renders the keymap as the key reference in docs/keys.md,
// so the document is generated from the same bindings as the help screen.
func keysMarkdown() string {
	k := DefaultKeyMap()
	var b strings.Builder
	b.WriteString("# trailview key bindings\n\n")
	b.WriteString("Generated from `ui/keys.go` by `go test ./ui -run TestKeysDoc -update-docs`; the in-program help (`?`) shows the same bindings.\n")
	section := func(title string, groups ...[]key.Binding) {
		b.WriteString("\n## " + title + "\n\n| Key | Action |\n|---|---|\n")
		for _, g := range groups {
			for _, bd := range g {
				h := bd.Help()
				b.WriteString("| `" + h.Key + "` | " + h.Desc + " |\n")
			}
		}
	}
	section("Event table", k.tableFull()...)
	section("Event detail", k.detailFull()...)
	section("Filter bar (`/`)", k.filterShort())
	section("Columns dialog (`c`)", k.columnsShort())
	section("Pickers: Region, account, lookup, time range", k.listShort())
	section("Export dialog (`e`)", k.exportShort())
	section("Compare view (`v`)", k.compareShort())
	b.WriteString("\nThe mouse wheel scrolls the table and the detail view; a click selects a row, a second click opens it.\n")
	return b.String()
}

func TestKeysDoc(t *testing.T) {
	const path = "../docs/keys.md"
	want := keysMarkdown()
	if *updateDocs {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./ui -run TestKeysDoc -update-docs)", err)
	}
	if string(got) != want {
		t.Fatalf("docs/keys.md is out of date with ui/keys.go: run go test ./ui -run TestKeysDoc -update-docs")
	}
}
