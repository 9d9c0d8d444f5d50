package store

import (
	"context"
	"fmt"
	"testing"

	"github.com/trailview/trailview/history"
)

// TestEveryFieldHasAColumn: a field the compiler cannot place would fail
// only when someone filters on it.
func TestEveryFieldHasAColumn(t *testing.T) {
	for f := history.Field(1); f.String() != fmt.Sprintf("Field(%d)", int(f)); f++ {
		if _, ok := columns[f]; !ok {
			t.Errorf("history.%v has no column", f)
		}
	}
}

// TestCompileRefusesBadPredicates: the compiler takes predicates from
// callers other than the language too; a malformed one must be an error,
// never SQL.
func TestCompileRefusesBadPredicates(t *testing.T) {
	s := openTempStore(t)
	for _, p := range []history.Predicate{
		history.And{},
		history.FieldTerm{Field: history.FieldUsername, Cmp: history.CmpEqual},
		history.FieldTerm{Field: history.FieldUsername, Cmp: history.CmpCIDR, Value: "10.0.0.0/8"},
		history.Or{history.TextTerm{Text: "ok"}, history.TextTerm{Text: "--"}},
	} {
		if fr, err := s.compilePredicate(context.Background(), p); err == nil {
			t.Errorf("%#v compiled to %q", p, fr.sql)
		}
		if _, err := s.Count(context.Background(), history.Query{Pred: p}); err == nil {
			t.Errorf("%#v: a query with it ran", p)
		}
	}
}
