package ui

import (
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"
)

// TestGoldenPanes keeps the docked panes' screens: the facets panel
// beside the table on a wide terminal and below it at 100 columns, the
// timeline strip, and the All Regions scope. Regenerate with
// go test ./ui -run TestGoldenPanes -update, and read the diff.
func TestGoldenPanes(t *testing.T) {
	st := openStore(t, fixture())
	cases := []struct {
		name   string
		width  int
		keys   []string
		ready  []string
		then   []string // keys sent once ready shows, then ready2 awaited
		ready2 []string
	}{
		{"facets_beside", 150, []string{"F", "right", "right"}, []string{"Facets ‹ User name", "200 events · 4 distinct"},
			[]string{"j"}, []string{"▸ bob"}},
		{"facets_below", 100, []string{"F", "right", "right", "right", "right", "right"}, []string{"Facets ‹ Source IP", "183 distinct"}, nil, nil},
		{"timeline", 100, []string{"T"}, []string{"1d buckets"}, []string{"left"}, []string{"enter narrows"}},
		{"all_regions", 100, []string{"r", "g", "enter"}, []string{"All Regions", "1 of 227 events", "AWS region"}, nil, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tm := startProgram(t, testModel(st))
			waitScreen(t, tm, "1 of 200 events")
			tm.Send(tea.WindowSizeMsg{Width: c.width, Height: 30})
			sendKeys(tm, c.keys...)
			waitScreen(t, tm, c.ready...)
			if c.then != nil {
				sendKeys(tm, c.then...)
				waitScreen(t, tm, c.ready2...)
			}
			golden.RequireEqual(t, finalScreen(t, tm))
		})
	}
}
