package ui

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/trailview/trailview/assets"
)

// benchSampleHarness is the browser on the sample history at 160x50 (the
// facets panel beside the table), its first screen loaded.
func benchSampleHarness(b *testing.B) *harness {
	dir := filepath.Join(os.TempDir(), "trailview-ui-test-sample")
	st, err := assets.OpenSample(context.Background(), dir, testNow)
	if err != nil {
		b.Fatalf("open the sample: %v", err)
	}
	b.Cleanup(func() { st.Close() })
	if err := assets.WaitSample(context.Background(), st); err != nil {
		b.Fatalf("wait for the whole sample: %v", err)
	}
	h := newHarness(b, st, func(o *Options) { o.Sample = true })
	h.send(tea.WindowSizeMsg{Width: 160, Height: 50})
	return h
}

// keyAndView times one key from Update to View; the commands it returns
// (the panes' queries) are not run: they run in the background in the
// program, and the key is done once the screen is drawn.
func keyAndView(m *Model, k string) (time.Duration, tea.Cmd) {
	start := time.Now()
	var cmds []tea.Cmd
	for _, msg := range keyMsgs(k) {
		_, cmd := m.Update(msg)
		cmds = append(cmds, cmd)
	}
	_ = m.View()
	return time.Since(start), tea.Batch(cmds...)
}

// BenchmarkFacetsPanelKeys: opening the facets panel and moving its
// cursor must stay well under a frame (16 ms) per key on the sample.
//
//	go test ./ui -run '^$' -bench FacetsPanelKeys -benchtime 200x
func BenchmarkFacetsPanelKeys(b *testing.B) {
	b.Run("open", func(b *testing.B) {
		h := benchSampleHarness(b)
		ds := make([]time.Duration, 0, b.N)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			d, _ := keyAndView(h.m, "F")
			ds = append(ds, d)
			b.StopTimer()
			h.press("F") // closed again, outside the timing
			b.StartTimer()
		}
		latencies(b, ds)
	})
	b.Run("cursor", func(b *testing.B) {
		h := benchSampleHarness(b)
		h.press("F", "right", "right", "right", "right", "right") // Source IP: many values
		if len(h.m.facets.res.Values) < 2 {
			b.Fatalf("the sample's Source IP facet has %d values", len(h.m.facets.res.Values))
		}
		ds := make([]time.Duration, 0, b.N)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			k := "j"
			if (i/20)%2 == 1 {
				k = "k"
			}
			d, _ := keyAndView(h.m, k)
			ds = append(ds, d)
		}
		latencies(b, ds)
	})
}
