package store

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/trailview/trailview/history"
)

// resourceTablesBefore12 turns the two resource tables of schema 12 back
// into the rowid table and the two partial indexes of schemas 1 to 11,
// with the same rows, so that a test can make an older store.
const resourceTablesBefore12 = `CREATE TABLE resources(event INTEGER NOT NULL, name_id INTEGER, type_id INTEGER,
	region_id INTEGER NOT NULL, cat INTEGER NOT NULL, time_us INTEGER NOT NULL);
INSERT INTO resources SELECT event, name_id, NULL, region_id, cat, time_us FROM resource_names;
INSERT INTO resources SELECT event, NULL, type_id, region_id, cat, time_us FROM resource_types;
DROP TABLE resource_names;
DROP TABLE resource_types;
CREATE INDEX resources_name ON resources(name_id, region_id, cat, time_us, event) WHERE name_id IS NOT NULL;
CREATE INDEX resources_type ON resources(type_id, region_id, cat, time_us, event) WHERE type_id IS NOT NULL`

// ResourceTablesBefore12ForTest is resourceTablesBefore12 for the
// package's external tests.
const ResourceTablesBefore12ForTest = resourceTablesBefore12

// resourceRecordsFile is a recordsFile of n events, each with two
// resources of distinct names (of 500) and types (of 7), so that the
// resource rows fill many pages.
func resourceRecordsFile(n int) []byte {
	_, recs := recordsFile("cccccccc", n, pruneCutoff)
	var b strings.Builder
	b.WriteString(`{"Records":[`)
	for i, r := range recs {
		if i > 0 {
			b.WriteByte(',')
		}
		res := fmt.Sprintf(`"eventCategory":"Management","resources":[{"ARN":"arn:aws:s3:::bucket-%d","type":"AWS::S3::Type%d"},`+
			`{"ARN":"arn:aws:iam::111122223333:role/role-%d","type":"AWS::IAM::Type%d"}]`, i%500, i%7, (i*7)%500, (i+3)%7)
		b.WriteString(strings.Replace(r, `"eventCategory":"Management"`, res, 1))
	}
	b.WriteString(`]}`)
	return []byte(b.String())
}

// TestResourceRowsAreStoredOnce checks the bytes the resource lookups
// take after a bulk load. Schemas 1 to 11 kept each row in a rowid table
// and again in one of two covering indexes (147 bytes per event here);
// the rows need only their keys, in full pages.
func TestResourceRowsAreStoredOnce(t *testing.T) {
	s := openTempStore(t)
	const events = 20000
	path := writeFile(t, t.TempDir(), "r.json", resourceRecordsFile(events))
	if _, err := s.Load(context.Background(), []string{path}, LoadOptions{Bulk: BulkOn}); err != nil {
		t.Fatal(err)
	}
	var objects []string
	rows, err := s.db.Query(`SELECT name FROM sqlite_schema WHERE name LIKE 'resource%' AND type IN ('table', 'index') ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		objects = append(objects, name)
	}
	rows.Close()
	if want := []string{"resource_names", "resource_types"}; !slices.Equal(objects, want) {
		t.Errorf("resource objects %v, want %v", objects, want)
	}
	var bytes, used int64
	if err := s.db.QueryRow(`SELECT sum(pgsize), sum(pgsize - unused) FROM dbstat WHERE name LIKE 'resource%'`).Scan(&bytes, &used); err != nil {
		t.Fatal(err)
	}
	// Four rows per event (two names, two types) of five integers, about
	// 23 bytes each with their headers and cell pointers.
	if perEvent := float64(bytes) / events; perEvent > 100 {
		t.Errorf("resource rows take %.1f bytes per event, want at most 100", perEvent)
	}
	if fill := float64(used) / float64(bytes); fill < 0.95 {
		t.Errorf("resource pages are %.0f%% full after a bulk load, want at least 95%%", 100*fill)
	}
	t.Logf("%d bytes, %.1f per event, %.0f%% used", bytes, float64(bytes)/events, 100*float64(used)/float64(bytes))
}

// TestResourceLookupsSearchTheirTable checks that a LookupEvents resource
// lookup starts from its table's key (name or type, Region, category,
// time), as it started from the covering index it replaced, and gives the
// events that hold the resource, newest first.
func TestResourceLookupsSearchTheirTable(t *testing.T) {
	ctx := context.Background()
	s := openTempStore(t)
	mustLoad(t, s, writeFile(t, t.TempDir(), "r.json", resourceRecordsFile(700)))
	for _, c := range []struct {
		attr, value, key string
		want             int
	}{
		{history.AttrResourceName, "arn:aws:s3:::bucket-3", "name_id", 2},
		{history.AttrResourceType, "AWS::IAM::Type0", "type_id", 100},
	} {
		q := history.Query{Region: "us-east-1", Lookup: &history.LookupAttribute{Key: c.attr, Value: c.value}}
		plan, err := s.PagePlanForTest(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if want := "SEARCH r USING PRIMARY KEY (" + c.key + "=? AND region_id=? AND cat=?)"; !strings.HasPrefix(plan, want) {
			t.Errorf("%s lookup plan:\n%s\nwant it to start with %q", c.attr, plan, want)
		}
		events := allEvents(t, s, q)
		if len(events) != c.want {
			t.Errorf("%s %s: %d events, want %d", c.attr, c.value, len(events), c.want)
		}
		for i := 1; i < len(events); i++ {
			if events[i].Time.After(events[i-1].Time) {
				t.Fatalf("%s %s: event %d is newer than the one before", c.attr, c.value, i)
			}
		}
	}
}

// TestMigrationMovesResourceRowsInPlace makes a store with the resources
// table of schemas 1 to 11 and opens it: migration 0012 must move every
// row into the two tables, drop the old table and its indexes, and leave
// lookups and counts by resource as they were, growing the file by less
// than the new tables' size.
func TestMigrationMovesResourceRowsInPlace(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	s, err := Open(ctx, path, OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	mustLoad(t, s, writeFile(t, t.TempDir(), "r.json", resourceRecordsFile(1400)))
	answers := func(s *Store) string {
		var b strings.Builder
		for _, a := range []history.LookupAttribute{{Key: history.AttrResourceName, Value: "arn:aws:s3:::bucket-3"},
			{Key: history.AttrResourceName, Value: "arn:aws:iam::111122223333:role/role-21"},
			{Key: history.AttrResourceType, Value: "AWS::IAM::Type4"}} {
			for _, e := range allEvents(t, s, history.Query{Lookup: &a}) {
				fmt.Fprintf(&b, "%s %s\n", a.Value, e.EventID)
			}
		}
		for _, f := range []history.Field{history.FieldResourceName, history.FieldResourceType} {
			top, err := s.Top(ctx, history.Query{}, f, 20)
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "%+v\n", top)
		}
		return b.String()
	}
	want := answers(s)
	rows := queryInt(t, s, "SELECT count(*) FROM "+allResourceRows)
	// VACUUM leaves no free pages: those the migration writes into
	// must be ones it freed.
	if err := s.ExecForTest(ctx, resourceTablesBefore12+"; PRAGMA user_version = 11; VACUUM"); err != nil {
		t.Fatal(err)
	}
	pages := queryInt(t, s, "SELECT page_count FROM pragma_page_count")
	s.Close()
	s, err = Open(ctx, path, OpenOptions{})
	if err != nil {
		t.Fatalf("open a schema 11 store: %v", err)
	}
	defer s.Close()
	if n := queryInt(t, s, "SELECT count(*) FROM sqlite_schema WHERE name IN ('resources', 'resources_name', 'resources_type')"); n != 0 {
		t.Errorf("%d objects of the old resources table left", n)
	}
	// Copying both tables before dropping anything grows the file by
	// all of their pages; each copy reusing the pages of the indexes
	// dropped before it, by about the first table's.
	tablePages := queryInt(t, s, "SELECT count(*) FROM dbstat WHERE name LIKE 'resource%'")
	if got := queryInt(t, s, "SELECT page_count FROM pragma_page_count"); got-pages > tablePages*2/3 {
		t.Errorf("the migration grew the store from %d to %d pages; the resource tables have %d", pages, got, tablePages)
	}
	if got := queryInt(t, s, "SELECT count(*) FROM "+allResourceRows); got != rows {
		t.Errorf("%d resource rows after the migration, want %d", got, rows)
	}
	if got := answers(s); got != want {
		t.Errorf("answers after the migration differ:\n%s\nwant\n%s", got, want)
	}
}
