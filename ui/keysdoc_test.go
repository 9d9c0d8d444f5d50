package ui

import (
	"flag"
	"os"
	"strings"
	"testing"

	"charm.land/bubbles/v2/help"
)

var updateDocs = flag.Bool("update-docs", false, "rewrite docs/keys.md from the keymap")

// keysMarkdown renders every component's keymap as the key reference in
// docs/keys.md, so the document is generated from the same bindings as
// the footers and the help screen.
func keysMarkdown() string {
	var b strings.Builder
	b.WriteString("# trailview key bindings\n\n")
	b.WriteString("Generated from each component's keymap in `ui/` by `go test ./ui -run TestKeysDoc -update-docs`; the in-program help (`?`) shows the same bindings.\n")
	sections := []struct {
		title string
		keys  help.KeyMap
	}{
		{"Event table", newTableKeyMap()},
		{"Event detail", newDetailKeyMap()},
		{"Filter bar (`/`)", newFilterKeyMap()},
		{"Columns dialog (`c`)", newColumnsKeyMap()},
		{"Pickers: Region, account, lookup, time range", newPickerKeyMap()},
		{"Export dialog (`e`)", newExportKeyMap()},
		{"Compare view (`v`)", newCompareKeyMap()},
		{"Panes: facets panel and timeline strip (from the table)", newPaneKeyMap()},
		{"Facets panel (`F`, when focused)", newFacetsKeyMap()},
		{"Timeline strip (`T`, when focused)", newTimelineKeyMap()},
		{"Identity dossier (`W`)", newDossierKeyMap()},
		{"Sessions view (`S`)", newSessionsKeyMap()},
	}
	for _, sec := range sections {
		b.WriteString("\n## " + sec.title + "\n\n| Key | Action |\n|---|---|\n")
		for _, g := range sec.keys.FullHelp() {
			for _, bd := range g {
				h := bd.Help()
				b.WriteString("| `" + h.Key + "` | " + h.Desc + " |\n")
			}
		}
	}
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
		t.Fatalf("docs/keys.md is out of date with the keymaps: run go test ./ui -run TestKeysDoc -update-docs")
	}
}
