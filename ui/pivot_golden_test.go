package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
)

// TestGoldenPivot keeps the screens of the cell cursor, the detail
// view's field cursor and the breadcrumb at 100x30 without colour, where
// the brackets alone must show the cursor. Each phase's keys wait for the
// screen the previous one asked for (a pivot while a query loads is
// refused). Regenerate with go test ./ui -run TestGoldenPivot -update.
func TestGoldenPivot(t *testing.T) {
	st := openStore(t, fixture())
	type phase struct {
		keys  []string
		ready []string
	}
	j20 := strings.Split(strings.Repeat("j", 25), "")
	cases := []struct {
		name   string
		phases []phase
	}{
		{"cell_cursor", []phase{{[]string{"right", "right", "right", "j"}, []string{"deploy-bot[s3.amazonaws.com]"}}}},
		{"detail_field_cursor", []phase{{[]string{"enter"}, []string{`"eventVersion"`}},
			{j20, []string{`"bucketName": ["bucket-bob"]`}}}},
		{"breadcrumb", []phase{{[]string{"right", "right", "="}, []string{"1 of 50 events"}},
			{[]string{"right", "!"}, []string{"no filter › /user:bob › +-source:iam.amazonaws.com (X)", "1 of 25 events"}}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tm := startProgram(t, testModel(st))
			waitScreen(t, tm, "1 of 200 events")
			for _, p := range c.phases {
				sendKeys(tm, p.keys...)
				waitScreen(t, tm, p.ready...)
			}
			golden.RequireEqual(t, finalScreen(t, tm))
		})
	}
}
