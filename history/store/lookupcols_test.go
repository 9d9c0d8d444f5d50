package store

import (
	"context"
	"sort"
	"strings"
	"testing"
)

// TestLookupColumnsMatchTheSchema: lookupColumns must name exactly the
// dictionary columns the migrations give events, with the index each
// migration created, since the writer, readers and compiler trust it.
func TestLookupColumnsMatchTheSchema(t *testing.T) {
	s := openTempStore(t)
	ctx := context.Background()
	rows, err := s.db.QueryContext(ctx, "SELECT name FROM pragma_table_info('events')")
	if err != nil {
		t.Fatal(err)
	}
	var inSchema, inTable []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(name, "_id") && name != "event_id" && name != "file_id" && name != "request_id" {
			inSchema = append(inSchema, name)
		}
	}
	rows.Close()
	for _, c := range lookupColumns {
		inTable = append(inTable, c.col)
	}
	sort.Strings(inSchema)
	sort.Strings(inTable)
	if strings.Join(inSchema, ",") != strings.Join(inTable, ",") {
		t.Errorf("events has dictionary columns %v, lookupColumns %v", inSchema, inTable)
	}
	for _, ix := range lookupIndexes() {
		var ddl string
		if err := s.db.QueryRowContext(ctx, "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?", ix.name).Scan(&ddl); err != nil {
			t.Fatalf("index %s: %v", ix.name, err)
		}
		if want := strings.Replace(ix.ddl, " IF NOT EXISTS", "", 1); ddl != want {
			t.Errorf("index %s is\n%s\nin the schema, lookupColumns says\n%s", ix.name, ddl, want)
		}
	}
}
