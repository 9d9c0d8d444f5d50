package store

import (
	"context"
	"strings"
	"testing"

	"github.com/trailview/trailview/history"
)

// TestPathValueTestedInItsWordsGroups: an exact JSON-path value too
// common to start the query from its groups (predsql_textdrive.go) is
// still tested only in the groups that hold its words, so a walk through
// the Region decompresses no other block (a value whose words are in
// most groups but rare at its path took 1.6 s); paths whose values full
// text does not cover (the record's own IDs, true) keep the record check
// alone, and every form selects the right events.
func TestPathValueTestedInItsWordsGroups(t *testing.T) {
	t.Parallel()
	s := prefixStore(t)
	ctx := context.Background()
	for _, tc := range []struct {
		term    history.PathTerm
		want    int
		grouped bool
	}{
		{history.PathTerm{Path: "requestParameters.note", Cmp: history.CmpEqual, Value: "NOTHING here"}, 1, true},
		{history.PathTerm{Path: "requestParameters.note", Cmp: history.CmpEqual, Value: "nothing"}, 0, true},
		{history.PathTerm{Path: "eventID", Cmp: history.CmpEqual, Value: "33333333-3333-4333-8333-333333333333"}, 1, false},
		{history.PathTerm{Path: "readOnly", Cmp: history.CmpEqual, Value: "false"}, 3, false},
		{history.PathTerm{Path: "requestParameters.note", Cmp: history.CmpGlob, Value: "nothing*"}, 1, false},
	} {
		fr, err := (&compiler{}).pred(tc.term)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(fr.sql, "words MATCH"); got != tc.grouped {
			t.Errorf("%v: tested in its words' groups %v, want %v: %s", tc.term, got, tc.grouped, fr.sql)
		}
		n, err := s.Count(ctx, history.Query{Category: history.Management, Pred: tc.term})
		if err != nil || n != int64(tc.want) {
			t.Errorf("%v: %d events (%v), want %d", tc.term, n, err, tc.want)
		}
	}
}
