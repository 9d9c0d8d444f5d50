package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/trailview/trailview/history"
)

// TestPairProbeReadsOnlySharedSpans pins the shape that keeps 'new
// user+event' under a second at 1M events: "seen before" starts from the
// two values' summary rows and reads events only within a Region,
// category and time span they share, through either value's index. The
// probe it replaced searched the user's index by user alone and read all
// of a busy user's older events (10 s at 1M).
func TestPairProbeReadsOnlySharedSpans(t *testing.T) {
	ctx := context.Background()
	s := openTempStore(t)
	start := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	src, err := sightingSourceOf(SightingField{First: history.FieldUsername, Second: history.FieldEventName}, start)
	if err != nil {
		t.Fatal(err)
	}
	var args []any
	if !src.noStartArg {
		args = append(args, start.UnixMicro())
	}
	rows, err := s.db.QueryContext(ctx, "EXPLAIN QUERY PLAN SELECT 1 FROM (SELECT 1 AS k1, 2 AS k2) w WHERE "+src.notBefore, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	all := strings.Join(plan, "; ")
	for _, want := range []string{
		"SEARCH a USING PRIMARY KEY (kind=? AND cat=? AND value_id=?",
		"SEARCH p USING INDEX events_user (user_id=? AND region_id=? AND cat=? AND time_us>? AND time_us<?)",
		"SEARCH p USING INDEX events_name (name_id=? AND region_id=? AND cat=? AND time_us>? AND time_us<?)",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("pair probe plan lacks %q:\n%s", want, strings.Join(plan, "\n"))
		}
	}
}
