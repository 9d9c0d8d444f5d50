package ui

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/trailview/trailview/history/store"
)

// TestDefaultWindowIsHistorys: the UI's default window is the one
// history.DefaultWindow gives, the rule the export command uses too; the
// UI has no copy of it. The rule reads the newest event from the scope
// index, so a scope index that says the Regions' newest events are 200
// days old (as an archive's would) must open the UI on the archive's
// window, whatever the events table holds.
func TestDefaultWindowIsHistorys(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "history.db")
	st, err := store.Open(ctx, path, store.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if res, err := st.Load(ctx, []string{writeRecords(t, fixture())}, store.LoadOptions{}); err != nil || len(res.Errors) > 0 {
		t.Fatalf("load: %v %v", err, res.Errors)
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	old := testNow.Add(-200 * 24 * time.Hour)
	if _, err := db.ExecContext(ctx, "UPDATE scopes SET newest_us = ?", old.UnixMicro()); err != nil {
		t.Fatalf("age the scope index: %v", err)
	}
	db.Close()

	h := newHarness(t, st)
	for _, region := range []string{"us-east-1", "eu-west-1"} {
		if region != h.m.q.region {
			h.press("r")
			for h.picker().items[h.picker().cursor].value != region {
				h.press("down")
			}
			h.press("enter")
		}
		want, err := st.DefaultWindow(ctx, region, testNow)
		if err != nil || !want.Archive {
			t.Fatalf("history's window for %s: %+v %v", region, want, err)
		}
		if got := h.m.q.win; got != want || h.m.q.rel != 0 {
			t.Fatalf("%s: the UI's window is %+v (relative %v), history's %+v", region, got, h.m.q.rel, want)
		}
		h.mustShow("Archive: the newest event is older than 90 days")
	}
}
