package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
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
	if fill := float64(used) / float64(bytes); fill < 0.9 {
		t.Errorf("resource pages are %.0f%% full after a bulk load, want at least 90%%", 100*fill)
	}
	t.Logf("%d bytes, %.1f per event, %.0f%% used", bytes, float64(bytes)/events, 100*float64(used)/float64(bytes))
}
