package ui

import (
	"context"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/trailview/trailview/assets"
	"github.com/trailview/trailview/history"
)

// sampleModel is the browser on the whole sample history at testNow
// (the sample store is cached across runs, keyed by now's hour).
func sampleModel(t *testing.T) *Model {
	t.Helper()
	// A directory of its own: the shared sample cache may hold a store
	// of another build's schema.
	dir := t.TempDir()
	st, err := assets.OpenSample(context.Background(), dir, testNow)
	if err != nil {
		t.Fatalf("open the sample: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	if err := assets.WaitSample(context.Background(), st); err != nil {
		t.Fatalf("wait for the whole sample: %v", err)
	}
	return New(Options{Store: st, Sample: true, Now: func() time.Time { return testNow }, Local: time.UTC})
}

// TestGoldenDossierLeakedKey is the dossier of the sample incident's
// leaked key: its new IP, user agent and calls, and the key it issued.
// The key is the sample's constant, so a regenerated sample keeps the
// screen about the same subject.
func TestGoldenDossierLeakedKey(t *testing.T) {
	tm := startProgram(t, sampleModel(t))
	waitScreen(t, tm, "Sample history", " of ", "events")
	tm.Send(dossierRequested{kind: history.SubjectKey, value: assets.IncidentAccessKey})
	waitScreen(t, tm, "Dossier: key "+assets.IncidentAccessKey, "events · first")
	sendKeys(tm, "G") // the last list: the keys it issued, under the new IP, agent and calls
	waitScreen(t, tm, "ISSUED", "CreateAccessKey")
	golden.RequireEqual(t, finalScreen(t, tm))
}

// TestGoldenSessions is the sample's sessions view for the first screen's
// query.
func TestGoldenSessions(t *testing.T) {
	tm := startProgram(t, sampleModel(t))
	waitScreen(t, tm, "Sample history", " of ", "events")
	sendKeys(tm, "S")
	waitScreen(t, tm, "Sessions: events by access key", "ACCESS KEY", assets.IncidentAccessKey)
	golden.RequireEqual(t, finalScreen(t, tm))
}
