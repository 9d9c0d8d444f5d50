package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

func hasIndex(t *testing.T, s *Store, name string) bool {
	t.Helper()
	var n int
	if err := s.db.QueryRow(`SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = ?`, name).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n == 1
}

func uuidRecords(prefix string, from, to int) []string {
	var out []string
	for i := from; i < to; i++ {
		out = append(out, testRecord(fmt.Sprintf("%s-0000-4000-8000-%012d", prefix, i), "Describe", ""))
	}
	return out
}

func recordsJSON(recs ...[]string) []byte {
	var all []string
	for _, r := range recs {
		all = append(all, r...)
	}
	return []byte(`{"Records":[` + strings.Join(all, ",") + `]}`)
}

// TestBulkLoadIntoEmptyStoreDedupesWithoutTheIDIndex: a bulk load into an
// empty store drops the event ID index and relies on its own set of IDs;
// repeats inside a file, across files and across ID forms (UUIDs and
// other text) are all caught, and the unique index is back afterwards
// and agrees.
func TestBulkLoadIntoEmptyStoreDedupesWithoutTheIDIndex(t *testing.T) {
	s := openTempStore(t)
	dir := t.TempDir()
	a := uuidRecords("aaaaaaaa", 0, 300)
	text := []string{testRecord("not-a-uuid-1", "X", ""), testRecord("NOT-A-UUID-1", "X", ""), testRecord("not-a-uuid-1", "X", "")}
	writeFile(t, dir, "1.json", recordsJSON(a, a[:10], text))
	writeFile(t, dir, "2.json", recordsJSON(uuidRecords("aaaaaaaa", 250, 400)))
	res, err := s.Load(context.Background(), []string{dir}, LoadOptions{Bulk: BulkOn, Workers: 1})
	if err != nil || len(res.Errors) > 0 {
		t.Fatalf("load: %v %v", err, res.Errors)
	}
	// 400 distinct UUIDs and 2 distinct text IDs (case matters in IDs).
	if res.Added != 402 || res.Duplicates != 10+1+50 {
		t.Fatalf("added %d, duplicates %d; want 402 and 61", res.Added, res.Duplicates)
	}
	if !hasIndex(t, s, "events_event_id") {
		t.Fatal("events_event_id missing after the bulk load")
	}
	var rows, distinct int
	s.db.QueryRow(`SELECT count(*), count(DISTINCT event_id) FROM events`).Scan(&rows, &distinct)
	if rows != 402 || distinct != 402 {
		t.Fatalf("%d rows, %d distinct IDs; want 402 of each", rows, distinct)
	}
	// A later load, into a store that is no longer empty, asks the index.
	writeFile(t, dir, "3.json", recordsJSON(uuidRecords("aaaaaaaa", 390, 410)))
	res = mustLoad(t, s, dir)
	if res.Added != 10 || res.Duplicates != 10 {
		t.Fatalf("second load: added %d, duplicates %d; want 10 and 10", res.Added, res.Duplicates)
	}
}

// TestBulkDedupePastTheSetLimitBuildsTheIndex: when the set of IDs is
// full, the writer builds the dropped index mid-load and checks the store
// from then on, so later repeats are still caught.
func TestBulkDedupePastTheSetLimitBuildsTheIndex(t *testing.T) {
	old := seenLimit
	seenLimit = 10
	defer func() { seenLimit = old }()
	s := openTempStore(t)
	dir := t.TempDir()
	first := uuidRecords("bbbbbbbb", 0, 40)
	writeFile(t, dir, "1.json", recordsJSON(first))
	writeFile(t, dir, "2.json", recordsJSON(first[:30], uuidRecords("bbbbbbbb", 40, 45)))
	res, err := s.Load(context.Background(), []string{dir}, LoadOptions{Bulk: BulkOn, Workers: 1})
	if err != nil || len(res.Errors) > 0 {
		t.Fatalf("load: %v %v", err, res.Errors)
	}
	if res.Added != 45 || res.Duplicates != 30 {
		t.Fatalf("added %d, duplicates %d; want 45 and 30", res.Added, res.Duplicates)
	}
}

// TestFailedFileDoesNotHideItsEventsFromALaterFile: the IDs of a file that
// fails are taken out of the set again, so the same events in a good file
// later in the load are stored, not counted as repeats.
func TestFailedFileDoesNotHideItsEventsFromALaterFile(t *testing.T) {
	start := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		n    int
	}{{"one chunk", 50}, {"several chunks", chunkRecords + 100}} {
		t.Run(tc.name, func(t *testing.T) {
			s := openTempStore(t)
			dir := t.TempDir()
			data, _ := recordsFile("cccccccc", tc.n, start)
			bad := append(append([]byte(nil), data[:len(data)-2]...), []byte(`,{"eventVersion":"1.08","eventTime":12}]}`)...)
			writeFile(t, dir, "a-bad.json", bad)
			writeFile(t, dir, "b-good.json", data)
			res, err := s.Load(context.Background(), []string{dir}, LoadOptions{Bulk: BulkOn, Workers: 1})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Errors) != 1 || res.Added != int64(tc.n) || res.Duplicates != 0 {
				t.Fatalf("errors %v, added %d, duplicates %d; want one error, %d added, none repeated",
					res.Errors, res.Added, res.Duplicates, tc.n)
			}
		})
	}
}

// TestAnotherWriterMidLoadEndsTrustInTheSet: when another writer (a
// fetch, another process) adds events between this writer's transactions,
// its set no longer covers the store: it builds the index and asks the
// store from then on.
func TestAnotherWriterMidLoadEndsTrustInTheSet(t *testing.T) {
	ctx := context.Background()
	s := openTempStore(t)
	w, err := newWriter(ctx, s, newKnownFiles(), &loadStats{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.abort()
	if err := w.dropEventIDIndex(ctx); err != nil {
		t.Fatal(err)
	}
	if !w.storeWasNew || hasIndex(t, s, "events_event_id") {
		t.Fatal("a new store's bulk writer should hold the set and no index")
	}
	if err := w.begin(ctx); err != nil {
		t.Fatal(err)
	}
	if err := w.commit(); err != nil {
		t.Fatal(err)
	}
	ev, _ := json.Marshal(map[string]string{"EventId": "dddddddd-0000-4000-8000-000000000001",
		"CloudTrailEvent": testRecord("dddddddd-0000-4000-8000-000000000001", "X", "")})
	if res, err := s.IngestLookupEvents(ctx, [][]byte{ev}, nil); err != nil || res.Added != 1 {
		t.Fatalf("ingest: %+v %v", res, err)
	}
	if err := w.begin(ctx); err != nil {
		t.Fatal(err)
	}
	if w.storeWasNew || w.idIndexDropped {
		t.Fatal("the writer still trusts its set after another writer added an event")
	}
	if err := w.commit(); err != nil {
		t.Fatal(err)
	}
	if !hasIndex(t, s, "events_event_id") {
		t.Fatal("events_event_id not rebuilt")
	}
}
