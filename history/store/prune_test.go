package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/record"
)

// pruneCutoff is the retention cutoff of the tests below.
var pruneCutoff = time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)

// allResourceRows reads both resource tables as the rows of one: a name
// row has no type and a type row no name.
const allResourceRows = `(SELECT event, name_id, NULL AS type_id, region_id, cat, time_us FROM resource_names
	UNION ALL SELECT event, NULL, type_id, region_id, cat, time_us FROM resource_types)`

// withResources gives every record of a recordsFile one resource, so that
// the resources table has rows to prune.
func withResources(data []byte) []byte {
	return []byte(strings.ReplaceAll(string(data), `"eventCategory":"Management"`,
		`"eventCategory":"Management","resources":[{"ARN":"arn:aws:iam::111122223333:role/pruned","accountId":"111122223333","type":"AWS::IAM::Role"}]`))
}

// inRegion moves every record of a recordsFile to another Region.
func inRegion(data []byte, region string) []byte {
	return []byte(strings.ReplaceAll(string(data), `"awsRegion":"us-east-1"`, `"awsRegion":"`+region+`"`))
}

// asInsights turns the records of a recordsFile into Insights events.
func asInsights(data []byte) []byte {
	s := strings.ReplaceAll(string(data), `"eventType":"AwsApiCall"`, `"eventType":"AwsCloudTrailInsight"`)
	return []byte(strings.ReplaceAll(s, `"eventCategory":"Management"`, `"eventCategory":"Insight"`))
}

// everyEvent reads both categories, by eventID.
func everyEvent(t *testing.T, s *Store) map[string]history.Event {
	t.Helper()
	out := map[string]history.Event{}
	for _, cat := range []history.Category{history.Management, history.Insight} {
		for _, e := range allEvents(t, s, history.Query{Category: cat}) {
			out[e.EventID] = e
		}
	}
	return out
}

// tableRows renders the rows of an SQL query, one string a row.
func tableRows(t *testing.T, s *Store, q string, args ...any) []string {
	t.Helper()
	rows, err := s.db.Query(q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%v", vals))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func queryInt(t *testing.T, s *Store, q string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := s.db.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// checkPrunedStoreConsistent checks what must hold after any prune: every
// block-stored row has its block and every block has a row; no resources
// row without its event; scopes equal a fresh count of events.
func checkPrunedStoreConsistent(t *testing.T, s *Store) {
	t.Helper()
	blocks := queryInt(t, s, `SELECT count(*) FROM blocks`)
	refs := queryInt(t, s, `SELECT count(DISTINCT id >> 6) FROM events WHERE length(raw) = 1`)
	orphans := queryInt(t, s, `SELECT count(*) FROM events e WHERE length(e.raw) = 1 AND NOT EXISTS
		(SELECT 1 FROM blocks b WHERE b.id = e.id >> 6)`)
	if blocks != refs || orphans != 0 {
		t.Errorf("%d blocks for %d referenced, %d rows without their block", blocks, refs, orphans)
	}
	if n := queryInt(t, s, `SELECT count(*) FROM `+allResourceRows+` WHERE event NOT IN (SELECT id FROM events)`); n != 0 {
		t.Errorf("%d resources rows of removed events", n)
	}
	got := tableRows(t, s, `SELECT region_id, account_id, cat, events, oldest_us, newest_us FROM scopes ORDER BY 1, 2, 3`)
	want := tableRows(t, s, `SELECT region_id, account_id, cat, count(*), min(time_us), max(time_us)
		FROM events GROUP BY region_id, account_id, cat ORDER BY 1, 2, 3`)
	if !slices.Equal(got, want) {
		t.Errorf("scopes\n%v\nwant a fresh count\n%v", got, want)
	}
}

// TestPruneRemovesExactlyTheOldEvents prunes a store of blocks of mixed
// ages: blocks all old, a block straddling the cutoff, blocks all new, in
// two Regions, management and Insights, and an event without a time.
func TestPruneRemovesExactlyTheOldEvents(t *testing.T) {
	s := openTempStore(t)
	dir := t.TempDir()
	ctx := context.Background()
	load := func(name string, data []byte) { mustLoad(t, s, writeFile(t, dir, name, data)) }

	// One load per file: each starts a fresh block, so the layout is known.
	old, _ := recordsFile("aaaaaaaa", 100, pruneCutoff.Add(-30*24*time.Hour)) // 2 blocks, all old
	load("AWSLogs/111122223333/CloudTrail/us-east-1/old.json", withResources(old))
	// 130 records from 50 s before the cutoff: 50 old, one exactly at the
	// cutoff (kept); the first block holds 50 old and 14 new events.
	mixed, _ := recordsFile("bbbbbbbb", 130, pruneCutoff.Add(-50*time.Second))
	load("AWSLogs/111122223333/CloudTrail/us-east-1/mixed.json", withResources(mixed))
	newer, _ := recordsFile("cccccccc", 70, pruneCutoff.Add(time.Hour)) // 2 blocks, all new
	load("AWSLogs/111122223333/CloudTrail/eu-west-1/new.json", withResources(inRegion(newer, "eu-west-1")))
	oldIns, _ := recordsFile("dddddddd", 10, pruneCutoff.Add(-24*time.Hour)) // 1 block, all old
	load("AWSLogs/111122223333/CloudTrail-Insight/us-east-1/old.json", asInsights(oldIns))
	newIns, _ := recordsFile("eeeeeeee", 10, pruneCutoff.Add(24*time.Hour)) // 1 block, all new
	load("AWSLogs/111122223333/CloudTrail-Insight/us-east-1/new.json", asInsights(newIns))
	noTime := strings.Replace(testRecord("ffffffff-0000-0000-0000-000000000000", "NoTime", ""), `"eventTime":"2024-05-01T10:00:00Z",`, "", 1)
	load("AWSLogs/111122223333/CloudTrail/ap-south-1/notime.json", inRegion([]byte(`{"Records":[`+noTime+`]}`), "ap-south-1"))

	before := everyEvent(t, s)
	if len(before) != 100+130+70+10+10+1 {
		t.Fatalf("%d events loaded", len(before))
	}
	var wantGone []string
	for id, e := range before {
		if !e.Time.IsZero() && e.Time.Before(pruneCutoff) {
			wantGone = append(wantGone, id)
		}
	}
	if len(wantGone) != 100+50+10 {
		t.Fatalf("%d events older than the cutoff, want 160", len(wantGone))
	}
	if _, ok := before["ffffffff-0000-0000-0000-000000000000"]; !ok {
		t.Fatal("the event without a time did not load")
	}
	cut := pruneCutoff.UnixMicro()
	survivorResources := tableRows(t, s, `SELECT * FROM `+allResourceRows+` WHERE time_us = 0 OR time_us >= ? ORDER BY event, name_id, type_id`, cut)
	blocksBefore := queryInt(t, s, `SELECT count(*) FROM blocks`)
	mixedBlocks := queryInt(t, s, `SELECT count(*) FROM (SELECT id >> 6 FROM events GROUP BY id >> 6
		HAVING min(time_us) < ? AND max(time_us) >= ?)`, cut, cut)
	if mixedBlocks != 1 {
		t.Fatalf("%d blocks straddle the cutoff, want 1", mixedBlocks)
	}

	// The preview announces what the prune then does, and changes nothing.
	preview, err := s.PrunePreview(ctx, pruneCutoff)
	if err != nil {
		t.Fatal(err)
	}
	if preview.Events != int64(len(wantGone)) || !preview.OldestKept.Equal(pruneCutoff) {
		t.Errorf("PrunePreview says %+v, want %d events and the oldest kept at %s", preview, len(wantGone), pruneCutoff)
	}
	if n := len(everyEvent(t, s)); n != len(before) {
		t.Fatalf("the preview removed %d events", len(before)-n)
	}
	// With a cutoff after every event, only the one without a time stays.
	if all, err := s.PrunePreview(ctx, pruneCutoff.AddDate(1, 0, 0)); err != nil || all.Events != int64(len(before)-1) || !all.OldestKept.IsZero() {
		t.Errorf("PrunePreview of everything: %+v, %v", all, err)
	}

	res, err := s.Prune(ctx, pruneCutoff)
	if err != nil {
		t.Fatal(err)
	}
	if !res.OldestKept.Equal(pruneCutoff) {
		t.Errorf("Prune says the oldest event kept is from %s, want %s", res.OldestKept, pruneCutoff)
	}
	if res.Events != int64(len(wantGone)) || res.Blocks != 3 {
		t.Errorf("Prune says %+v, want %d events and 3 blocks (two of the old file, one of the old Insights)", res, len(wantGone))
	}
	if got := queryInt(t, s, `SELECT count(*) FROM blocks`); got != blocksBefore-3 {
		t.Errorf("%d blocks left of %d, want 3 fewer", got, blocksBefore)
	}

	// Exactly the old events are gone, the others read back byte for byte,
	// through this store (its block cache warm) and a fresh one.
	reopened, err := Open(ctx, s.path, OpenOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer reopened.Close()
	for name, st := range map[string]*Store{"same store": s, "reopened store": reopened} {
		after := everyEvent(t, st)
		for _, id := range wantGone {
			if _, ok := after[id]; ok {
				t.Errorf("%s: %s (%s) survived", name, id, before[id].Time)
			}
		}
		if len(after) != len(before)-len(wantGone) {
			t.Errorf("%s: %d events left, want %d", name, len(after), len(before)-len(wantGone))
		}
		for id, e := range after {
			b, ok := before[id]
			if !ok || string(e.Raw) != string(b.Raw) || e.ID != b.ID || !e.Time.Equal(b.Time) {
				t.Errorf("%s: %s reads back differently after the prune", name, id)
			}
		}
		if _, ok := after["bbbbbbbb-00000050-0000-0000-0000-000000000000"]; !ok {
			t.Errorf("%s: the event exactly at the cutoff was pruned", name)
		}
		recordsByEventID(t, st) // every reader agrees on what is left
	}
	if got := tableRows(t, s, `SELECT * FROM `+allResourceRows+` ORDER BY event, name_id, type_id`); !slices.Equal(got, survivorResources) {
		t.Errorf("resources after the prune:\n%d rows\nwant the survivors' %d rows unchanged", len(got), len(survivorResources))
	}
	checkPrunedStoreConsistent(t, s)

	counts, err := s.RegionCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprint(counts)
	if want := "[{us-east-1 80 10} {eu-west-1 70 0} {ap-south-1 1 0}]"; got != want {
		t.Errorf("Region counts %s, want %s", got, want)
	}
}

// TestPruneNeverReusesRowIDs prunes the events with the highest row IDs
// (an old archive loaded after recent logs), then loads again: the new
// rows get IDs above every ID ever used, so no stale block or full-text
// group can be taken for theirs; the floor survives a reopen and a prune
// that empties the store, and holds for the fetch path too.
func TestPruneNeverReusesRowIDs(t *testing.T) {
	s := openTempStore(t)
	dir := t.TempDir()
	ctx := context.Background()
	recent, _ := recordsFile("aaaaaaaa", 70, pruneCutoff.Add(time.Hour))
	mustLoad(t, s, writeFile(t, dir, "recent.json", recent))
	archive, _ := recordsFile("bbbbbbbb", 70, pruneCutoff.Add(-40*24*time.Hour))
	mustLoad(t, s, writeFile(t, dir, "archive.json", archive))
	highest := queryInt(t, s, `SELECT max(id) FROM events`)
	if oldest := queryInt(t, s, `SELECT min(id) FROM events WHERE event_id = ?`, record.EncodeID("bbbbbbbb-00000000-0000-0000-0000-000000000000")); oldest < 128 {
		t.Fatalf("the archive starts at row %d: not after the recent logs", oldest)
	}
	// Warm the block cache with the archive's blocks.
	everyEvent(t, s)

	res, err := s.Prune(ctx, pruneCutoff)
	if err != nil || res.Events != 70 || res.Blocks != 2 {
		t.Fatalf("prune: %+v, %v; want the archive's 70 events and 2 blocks", res, err)
	}
	if m := queryInt(t, s, `SELECT max(id) FROM events`); m >= highest {
		t.Fatalf("max row ID %d after pruning the newest rows, was %d", m, highest)
	}

	// Loads after the prune, in this store (cache warm) and after a reopen.
	want := map[string]string{}
	for _, e := range everyEvent(t, s) {
		want[e.EventID] = string(e.Raw)
	}
	loadNew := func(st *Store, prefix string, at time.Time) {
		t.Helper()
		data, recs := recordsFile(prefix, 5, at)
		mustLoad(t, st, writeFile(t, dir, prefix+".json", data))
		for _, r := range recs {
			c, err := record.CompactJSON(nil, []byte(r))
			if err != nil {
				t.Fatal(err)
			}
			p, err := record.ParseRecordJSON(c, "")
			if err != nil {
				t.Fatal(err)
			}
			want[p.EventID] = string(c)
		}
		lowest := queryInt(t, st, `SELECT min(id) FROM events WHERE file_id = (SELECT max(id) FROM files)`)
		if lowest <= highest || lowest%blockSize != 0 {
			t.Errorf("%s: new rows start at ID %d; every ID up to %d was used once, and a row must start a block", prefix, lowest, highest)
		}
		highest = max(highest, queryInt(t, st, `SELECT max(id) FROM events`))
		got := everyEvent(t, st)
		if len(got) != len(want) {
			t.Errorf("%s: %d events, want %d", prefix, len(got), len(want))
		}
		for id, rec := range want {
			if string(got[id].Raw) != rec {
				t.Errorf("%s: %s reads %.80q, want %.80q", prefix, id, got[id].Raw, rec)
			}
		}
		checkPrunedStoreConsistent(t, st)
	}
	loadNew(s, "cccccccc", pruneCutoff.Add(2*time.Hour))
	path := s.path
	s.Close()
	s, err = Open(ctx, path, OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	loadNew(s, "dddddddd", pruneCutoff.Add(3*time.Hour))

	// Prune everything: the store is empty, and the floor still holds.
	if res, err := s.Prune(ctx, pruneCutoff.Add(365*24*time.Hour)); err != nil || res.Events != int64(len(want)) {
		t.Fatalf("prune all: %+v, %v", res, err)
	}
	if n := queryInt(t, s, `SELECT count(*) FROM events`) + queryInt(t, s, `SELECT count(*) FROM blocks`) + queryInt(t, s, `SELECT count(*) FROM scopes`); n != 0 {
		t.Fatalf("%d rows of events, blocks and scopes left after pruning everything", n)
	}
	// An empty store: pruning again keeps the floor.
	if res, err := s.Prune(ctx, pruneCutoff.Add(365*24*time.Hour)); err != nil || res != (PruneResult{}) {
		t.Fatalf("prune an empty store: %+v, %v", res, err)
	}
	clear(want)
	loadNew(s, "eeeeeeee", pruneCutoff.Add(4*time.Hour))

	// The fetch path takes its IDs from the same floor.
	if _, err := s.Prune(ctx, pruneCutoff.Add(365*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.IngestLookupEvents(ctx, [][]byte{apiEvent(t, "api-1", pruneCutoff.Add(5*time.Hour), "")}, nil); err != nil {
		t.Fatal(err)
	}
	if id := queryInt(t, s, `SELECT min(id) FROM events`); id <= highest {
		t.Errorf("a fetched event got row ID %d; IDs up to %d were used", id, highest)
	}
	checkPrunedStoreConsistent(t, s)
}

// TestPruneWithNothingToPruneChangesNothing: a cutoff older than every
// event removes nothing and leaves every table as it was.
func TestPruneWithNothingToPruneChangesNothing(t *testing.T) {
	ctx := context.Background()
	empty := openTempStore(t)
	if res, err := empty.Prune(ctx, pruneCutoff); err != nil || res != (PruneResult{}) {
		t.Fatalf("prune an empty store: %+v, %v", res, err)
	}

	s := openTempStore(t)
	dir := t.TempDir()
	a, _ := recordsFile("aaaaaaaa", 100, pruneCutoff)
	b, _ := recordsFile("bbbbbbbb", 30, pruneCutoff.Add(time.Hour))
	mustLoad(t, s, writeFile(t, dir, "a.json", withResources(a)), writeFile(t, dir, "b.json", asInsights(b)))
	snapshot := func() map[string][]string {
		out := map[string][]string{}
		for table, order := range map[string]string{"events": "id", "blocks": "id", allResourceRows: "event, name_id, type_id", "dict": "id",
			"files": "id", "scopes": "1, 2, 3", "coverage": "1, 2, 3, 4"} {
			out[table] = tableRows(t, s, "SELECT * FROM "+table+" ORDER BY "+order)
		}
		return out
	}
	before := snapshot()
	events := everyEvent(t, s)
	for _, cutoff := range []time.Time{pruneCutoff, pruneCutoff.Add(-time.Microsecond), time.Unix(0, 0), {}} {
		res, err := s.Prune(ctx, cutoff)
		if err != nil || res != (PruneResult{OldestKept: pruneCutoff}) {
			t.Fatalf("prune at %s: %+v, %v; want nothing removed", cutoff, res, err)
		}
		after := snapshot()
		for table, rows := range before {
			if !slices.Equal(after[table], rows) {
				t.Errorf("prune at %s changed table %s", cutoff, table)
			}
		}
	}
	for id, e := range everyEvent(t, s) {
		if string(e.Raw) != string(events[id].Raw) {
			t.Errorf("%s reads back differently", id)
		}
	}
	checkPrunedStoreConsistent(t, s)
}
