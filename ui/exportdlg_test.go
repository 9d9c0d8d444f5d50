package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExportDialogChoicesDoNotWrap: → on the last choice of a field stays
// there (a user exported 574 events instead of the 2 marked ones), and
// the dialog says how many events it will write (issue 14, item 25).
func TestExportDialogChoicesDoNotWrap(t *testing.T) {
	h := newHarness(t, openStore(t, fixture()))
	h.press("space", "space", "e")
	h.press("tab") // Events
	h.press("right")
	if !h.exportDlg().marked {
		t.Fatal("→ on \"2 marked\" wrapped around to \"all matches\"")
	}
	h.mustShow("(•) 2 marked", "will write 2 events")
	h.press("space") // the toggle key steps the same way
	h.mustShow("(•) 2 marked", "will write 2 events")
	h.press("left")
	h.mustShow("(•) all matches", "will write 200 events")
	h.press("left")
	h.mustShow("(•) all matches", "will write 200 events")

	h.press("shift+tab") // Format
	h.press("left")
	if h.exportDlg().format != 0 {
		t.Fatalf("← on CSV moved to format %d", h.exportDlg().format)
	}
	h.press("right", "right", "right", "right")
	h.mustShow("(•) JSON lines", "event_history.jsonl")

	h.press("tab", "tab") // CSV columns
	h.press("right", "right")
	h.mustShow("(•) as on screen")
	h.press("left", "left")
	h.mustShow("(•) console's 16")
}

// TestExportDialogCountWhileCounting: before the count arrives the
// dialog gives a lower bound, not a guess.
func TestExportDialogCountWhileCounting(t *testing.T) {
	h := newHarness(t, openStore(t, fixture()))
	h.m.tbl.totalKnown = false // the count of a large store is still running
	h.press("e")
	h.mustShow("will write ≥ 100 events (still counting)")
	h.m.tbl.total, h.m.tbl.totalKnown = 200, true
	h.mustShow("will write 200 events")
}

// TestExportPathHomeAndAbsolute: "~/" is the home directory, and the
// done message names the absolute path (issue 14, item 28).
func TestExportPathHomeAndAbsolute(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	h := newHarness(t, openStore(t, fixture()))
	h.press("space", "space", "e", "tab", "tab", "tab")
	h.exportDlg().name.SetValue("~/marked.json")
	h.press("enter")
	want := filepath.Join(home, "marked.json")
	h.mustShow("exported 2 events to " + want)
	if _, err := os.Stat(want); err != nil {
		t.Fatalf("no file in the home directory: %v", err)
	}

	work := t.TempDir()
	t.Chdir(work)
	h.press("e", "tab", "tab", "tab")
	h.exportDlg().name.SetValue("relative.csv")
	h.press("enter")
	h.mustShow("exported 2 events to " + filepath.Join(work, "relative.csv"))
	if strings.Contains(h.screen(), "to relative.csv") {
		t.Fatal("the done message shows the relative name")
	}
}

func TestExportDialogWritesCSV(t *testing.T) {
	h := newHarness(t, openStore(t, fixture()))
	out := filepath.Join(t.TempDir(), "out.csv")
	h.press("e")
	h.mustShow("Export events", "CSV")
	h.press("tab", "tab", "tab")
	h.exportDlg().name.SetValue(out)
	h.press("enter")
	h.mustShow("exported 200 events")
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) != 201 || !strings.HasPrefix(lines[0], "User name,AWS access key,Event time") {
		t.Fatalf("csv has %d lines, header %q", len(lines), lines[0])
	}
	// A second export to the same file asks before overwriting.
	h.press("e", "tab", "tab", "tab")
	h.exportDlg().name.SetValue(out)
	h.press("enter")
	h.mustShow("press enter again to overwrite")
	h.press("enter")
	h.mustShow("exported 200 events")
}
