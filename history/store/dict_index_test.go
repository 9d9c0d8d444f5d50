package store

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/trailview/trailview/history"
)

// TestDictionaryHasOneIndexForEveryLookup checks that the dictionary keeps
// a single index besides its IDs and that every lookup by value searches
// it by kind and value: exact ones (the loader's, a LookupEvents
// attribute's) and the filters' case-insensitive ones.
func TestDictionaryHasOneIndexForEveryLookup(t *testing.T) {
	ctx := context.Background()
	s := openTempStore(t)
	var indexes []string
	rows, err := s.db.QueryContext(ctx, "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'dict' ORDER BY name")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		indexes = append(indexes, name)
	}
	rows.Close()
	if want := []string{"dict_nocase"}; !slices.Equal(indexes, want) {
		t.Errorf("dictionary indexes %v, want %v", indexes, want)
	}
	kind := int64(kindEventName)
	equal, equalArgs := dictValues(kindEventName, history.CmpEqual, "x")
	absent, absentArgs := dictValues(kindEventName, history.CmpAbsent, "")
	prefix, prefixArgs := dictValues(kindEventName, history.CmpGlob, "Desc*")
	for _, c := range []struct {
		sql  string
		args []any
		want string
	}{
		{dictExactSQL, []any{kind, "x"}, "(kind=? AND value=?)"},
		{dictLookupSQL(3), []any{kind, "x", "y", "z"}, "(kind=? AND value=?)"},
		{equal, equalArgs, "(kind=? AND value=?)"},
		{absent, absentArgs, "(kind=? AND value=?)"},
		{prefix, prefixArgs, "(kind=? AND value>? AND value<?)"},
	} {
		plan := queryPlan(t, s, c.sql, c.args...)
		if want := "SEARCH dict USING COVERING INDEX dict_nocase " + c.want; plan != want {
			t.Errorf("plan of %s:\n%s\nwant %s", c.sql, plan, want)
		}
	}
}

// TestExactLookupsTellCaseVariantsApart loads an event name, then, in a
// second load by a fresh process (nothing cached), the same name and one
// differing only in case: the loader must find the first in the store and
// add the second as a string of its own.
func TestExactLookupsTellCaseVariantsApart(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "history.db")
	dir := t.TempDir()
	load := func(name string, records ...string) {
		s, err := Open(ctx, path, OpenOptions{})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		mustLoad(t, s, writeFile(t, dir, name, []byte(`{"Records":[`+strings.Join(records, ",")+`]}`)))
	}
	load("1.json", testRecord("11111111-0000-0000-0000-000000000001", "DescribeThings", ""))
	load("2.json", testRecord("11111111-0000-0000-0000-000000000002", "describethings", ""),
		testRecord("11111111-0000-0000-0000-000000000003", "DescribeThings", ""))
	s, err := Open(ctx, path, OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n := queryInt(t, s, "SELECT count(*) FROM dict WHERE kind = ? AND value LIKE 'describethings'", int64(kindEventName)); n != 2 {
		t.Errorf("%d dictionary rows for the two spellings, want 2", n)
	}
	for name, want := range map[string]int{"DescribeThings": 2, "describethings": 1, "DESCRIBETHINGS": 0} {
		got := len(allEvents(t, s, history.Query{Lookup: &history.LookupAttribute{Key: history.AttrEventName, Value: name}}))
		if got != want {
			t.Errorf("lookup of event name %s: %d events, want %d", name, got, want)
		}
	}
}

// queryPlan is SQLite's plan of q, its steps joined by "; ".
func queryPlan(t *testing.T, s *Store, q string, args ...any) string {
	t.Helper()
	rows, err := s.db.Query("EXPLAIN QUERY PLAN "+q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var steps []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		steps = append(steps, detail)
	}
	return strings.Join(steps, "; ")
}
