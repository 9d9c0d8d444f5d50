package store

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/record"
)

// recordsFile makes a {"Records":[...]} file of n records with IDs
// prefix-0000... and one second apart, and returns it with its records.
func recordsFile(prefix string, n int, start time.Time) ([]byte, []string) {
	var b strings.Builder
	b.WriteString(`{"Records":[`)
	var recs []string
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("%s-%08d-0000-0000-0000-000000000000", prefix, i)
		r := testRecord(id, fmt.Sprintf("Event%d", i%7), "")
		r = strings.Replace(r, `"eventTime":"2024-05-01T10:00:00Z"`,
			`"eventTime":"`+start.Add(time.Duration(i)*time.Second).UTC().Format(time.RFC3339)+`"`, 1)
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(r)
		recs = append(recs, r)
	}
	b.WriteString(`]}`)
	return []byte(b.String()), recs
}

// recordsByEventID reads every event's record from the store three ways
// (Iterate, Iterate, Page) and fails unless they agree.
func recordsByEventID(t *testing.T, s *Store) map[string]string {
	t.Helper()
	ctx := context.Background()
	out := map[string]string{}
	for _, e := range allEvents(t, s, history.Query{}) {
		out[e.EventID] = string(e.Raw)
	}
	n := 0
	err := s.Iterate(ctx, history.Query{}, true, func(e *history.Event) error {
		n++
		if out[e.EventID] != string(e.Raw) {
			return fmt.Errorf("Iterate gives another record for %s", e.EventID)
		}
		return nil
	})
	if err != nil || n != len(out) {
		t.Fatalf("Iterate: %d of %d events: %v", n, len(out), err)
	}
	var after *history.Cursor
	n = 0
	for {
		page, err := s.Page(ctx, history.Query{}, PageOptions{After: after, Limit: 37, WithRaw: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		for _, e := range page {
			n++
			if out[e.EventID] != string(e.Raw) {
				t.Fatalf("Page gives another record for %s", e.EventID)
			}
		}
		c := page[len(page)-1].Cursor()
		after = &c
	}
	if n != len(out) {
		t.Fatalf("Page read %d of %d events", n, len(out))
	}
	return out
}

// TestBlocksKeepEveryRecordExactly loads several inputs in several loads
// (each load starts a fresh block; a file of more than one chunk is written
// under a savepoint) and checks every record comes back byte for byte, and
// that no block is written twice or holds rows of two loads.
func TestBlocksKeepEveryRecordExactly(t *testing.T) {
	s := openTempStore(t)
	dir := t.TempDir()
	start := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	want := map[string]string{}
	add := func(name string, n int, at time.Time) string {
		data, recs := recordsFile(name, n, at)
		for _, r := range recs {
			var p record.Parsed
			c, err := record.CompactJSON(nil, []byte(r))
			if err != nil {
				t.Fatal(err)
			}
			p, err = record.ParseRecordJSON(c, "")
			if err != nil {
				t.Fatal(err)
			}
			want[p.EventID] = string(c)
		}
		return writeFile(t, dir, name+".json", data)
	}
	small := add("aaaaaaaa", 3, start)
	mustLoad(t, s, small)
	big := add("bbbbbbbb", chunkRecords+700, start.Add(time.Hour)) // two chunks: a savepoint
	odd := add("cccccccc", 65, start.Add(3*time.Hour))
	mustLoad(t, s, big, odd)
	mustLoad(t, s, add("dddddddd", 1, start.Add(5*time.Hour)))

	got := recordsByEventID(t, s)
	if len(got) != len(want) {
		t.Fatalf("%d events stored, want %d", len(got), len(want))
	}
	for id, rec := range want {
		if got[id] != rec {
			t.Fatalf("record %s changed:\n got %.120s\nwant %.120s", id, got[id], rec)
		}
	}
	// Every row but legacy ones points into a block that exists.
	var orphans, blocks, refs int
	db := s.db
	db.QueryRow(`SELECT count(*) FROM events e WHERE length(e.raw) = 1 AND NOT EXISTS
		(SELECT 1 FROM blocks b WHERE b.id = e.id >> 6)`).Scan(&orphans)
	db.QueryRow(`SELECT count(*) FROM blocks`).Scan(&blocks)
	db.QueryRow(`SELECT count(DISTINCT id >> 6) FROM events`).Scan(&refs)
	if orphans != 0 || blocks != refs {
		t.Fatalf("%d rows without their block; %d blocks for %d referenced", orphans, blocks, refs)
	}
	// The first load's 3 events share a block; the second load starts a
	// new one.
	var firstOfSecond int64
	db.QueryRow(`SELECT min(id) FROM events WHERE id > (SELECT max(id) FROM events WHERE file_id = 1)`).Scan(&firstOfSecond)
	if firstOfSecond%blockSize != 0 {
		t.Fatalf("the second load starts at row %d, inside a block of the first", firstOfSecond)
	}
}

// TestFailedBigFileLeavesNoBlock: a file of several chunks with a bad
// record at its end is rolled back whole, blocks included, and the next
// file's rows and records are intact.
func TestFailedBigFileLeavesNoBlock(t *testing.T) {
	s := openTempStore(t)
	dir := t.TempDir()
	start := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
	data, _ := recordsFile("eeeeeeee", chunkRecords+100, start)
	data = append(data[:len(data)-2], []byte(`,{"eventVersion":"1.08","eventTime":12}]}`)...)
	writeFile(t, dir, "a-bad.json", data)
	good, _ := recordsFile("ffffffff", 70, start.Add(time.Hour))
	writeFile(t, dir, "b-good.json", good)
	res, err := s.Load(context.Background(), []string{dir}, LoadOptions{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Error(), "a-bad.json") || res.Added != 70 {
		t.Fatalf("errors %v, added %d; want one error for a-bad.json and 70 added", res.Errors, res.Added)
	}
	got := recordsByEventID(t, s)
	if len(got) != 70 {
		t.Fatalf("%d events readable, want 70", len(got))
	}
	var blocks int
	s.db.QueryRow(`SELECT count(*) FROM blocks`).Scan(&blocks)
	if blocks != 2 {
		t.Fatalf("%d blocks for 70 events, want 2", blocks)
	}
}

// TestLegacyRecordsStillRead: rows written before schema 4 hold their own
// compressed record; every reader, the SQL functions included, must read
// them beside block rows.
func TestLegacyRecordsStillRead(t *testing.T) {
	s := openTempStore(t)
	dir := t.TempDir()
	data, _ := recordsFile("12121212", 10, time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC))
	mustLoad(t, s, writeFile(t, dir, "a.json", data))
	before := recordsByEventID(t, s)
	// Turn the first five rows into the old form.
	for _, e := range allEvents(t, s, history.Query{}) {
		if e.ID%10 >= 5 {
			continue
		}
		z, err := compressRecord(nil, e.Raw)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.db.Exec("UPDATE events SET raw = ? WHERE id = ?", z, e.ID); err != nil {
			t.Fatal(err)
		}
	}
	s.blocks = newBlockLRU[int64](storeBlockCacheSize)
	after := recordsByEventID(t, s)
	for id, rec := range before {
		if after[id] != rec {
			t.Fatalf("record %s reads differently from its old form", id)
		}
	}
	var n int
	q := "SELECT count(*) FROM events e WHERE tv_match(" + recordSQL + ", 'userIdentity.userName', 'eq', 'alice')"
	if err := s.db.QueryRow(q).Scan(&n); err != nil || n != 10 {
		t.Fatalf("tv_match over old and new rows: %d of 10, %v", n, err)
	}
	q = "SELECT count(*) FROM events e WHERE tv_text(" + recordSQL + ", '198.51.100.7')"
	if err := s.db.QueryRow(q).Scan(&n); err != nil || n != 10 {
		t.Fatalf("tv_text over old and new rows: %d of 10, %v", n, err)
	}
}

// TestCorruptBlockIsAnError: damaged block bytes give an error naming the
// block, never a panic or a wrong record.
func TestCorruptBlockIsAnError(t *testing.T) {
	s := openTempStore(t)
	dir := t.TempDir()
	data, _ := recordsFile("34343434", 5, time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC))
	mustLoad(t, s, writeFile(t, dir, "a.json", data))
	for _, z := range [][]byte{{codecBlockZstdDict, 1, 2, 3}, {9, 9}, {}} {
		if _, err := s.db.Exec("UPDATE blocks SET z = ?", z); err != nil {
			t.Fatal(err)
		}
		s.blocks = newBlockLRU[int64](storeBlockCacheSize)
		_, err := s.Page(context.Background(), history.Query{}, PageOptions{WithRaw: true})
		if err == nil || !strings.Contains(err.Error(), "corrupt") {
			t.Fatalf("block %x: error %v, want one saying the record is corrupt", z, err)
		}
		err = s.Iterate(context.Background(), history.Query{}, true, func(*history.Event) error { return nil })
		if err == nil {
			t.Fatalf("block %x: Iterate read it without error", z)
		}
	}
}

// TestDecodeBlockRejectsBadLayouts feeds decodeBlock well-compressed but
// inconsistent contents.
func TestDecodeBlockRejectsBadLayouts(t *testing.T) {
	good, err := encodeBlock([][]byte{[]byte(`{"a":1}`), nil, []byte(`{"b":2}`)})
	if err != nil {
		t.Fatal(err)
	}
	blk, err := decodeBlock(good)
	if err != nil {
		t.Fatal(err)
	}
	if r, err := blk.record(2); err != nil || !bytes.Equal(r, []byte(`{"b":2}`)) {
		t.Fatalf("slot 2: %q %v", r, err)
	}
	if _, err := blk.record(1); err == nil {
		t.Fatal("an empty slot gave a record")
	}
	if _, err := blk.record(5); err == nil {
		t.Fatal("a slot past the block gave a record")
	}
	enc, _, _ := codecs()
	for _, plain := range [][]byte{
		{},               // no header
		{65},             // more slots than a block has
		{2, 3, 3, 'a'},   // lengths longer than the data
		{1, 1, 'a', 'b'}, // data longer than the lengths
		{1, 0x80, 0x80},  // truncated varint
		append([]byte{1}, bytes.Repeat([]byte{0xff}, 12)...), // varint overflow
	} {
		z := enc.EncodeAll(plain, []byte{codecBlockZstdDict})
		if _, err := decodeBlock(z); err == nil {
			t.Errorf("layout %x accepted", plain)
		}
	}
}

func TestAlignToBlock(t *testing.T) {
	for in, want := range map[int64]int64{0: 0, 1: 64, 63: 64, 64: 64, 65: 128, 128: 128} {
		if got := alignToBlock(in); got != want {
			t.Errorf("alignToBlock(%d) = %d, want %d", in, got, want)
		}
	}
}

// TestDedupePastTheHashLimit: once a load has seen more events than it
// keeps hashes for, it checks the store for every event, so duplicates
// are still caught.
func TestDedupePastTheHashLimit(t *testing.T) {
	old := seenLimit
	seenLimit = 10
	defer func() { seenLimit = old }()
	s := openTempStore(t)
	dir := t.TempDir()
	start := time.Date(2024, 9, 1, 0, 0, 0, 0, time.UTC)
	a, _ := recordsFile("56565656", 30, start)
	writeFile(t, dir, "a.json", a)
	writeFile(t, dir, "b.json", []byte(string(a[:len(a)-2])+`,`+testRecord("99999999-0000-0000-0000-000000000000", "X", "")+`]}`))
	res, err := s.Load(context.Background(), []string{dir}, LoadOptions{Workers: 1})
	if err != nil || len(res.Errors) > 0 {
		t.Fatalf("load: %v %v", err, res.Errors)
	}
	if res.Added != 31 || res.Duplicates != 30 {
		t.Fatalf("added %d, duplicates %d; want 31 and 30", res.Added, res.Duplicates)
	}
}

// TestReadsSpanningMoreBlocksThanCached: a page or an export batch whose
// rows lie in more blocks than the readers cache (48 and 128) still reads
// every record: rows are served from the blocks read for them, not from a
// cache that has already dropped some.
func TestReadsSpanningMoreBlocksThanCached(t *testing.T) {
	s := openTempStore(t)
	dir := t.TempDir()
	start := time.Date(2024, 11, 1, 0, 0, 0, 0, time.UTC)
	const n = bulkBlockCache + 20
	var paths []string
	for i := 0; i < n; i++ {
		data, _ := recordsFile(fmt.Sprintf("%08x", 0x40000000+i), 1, start.Add(time.Duration(i)*time.Minute))
		paths = append(paths, writeFile(t, dir, fmt.Sprintf("f%04d.json", i), data))
	}
	// One load per file: each starts a fresh block.
	for _, p := range paths {
		mustLoad(t, s, p)
	}
	var blocks int
	s.db.QueryRow("SELECT count(*) FROM blocks").Scan(&blocks)
	if blocks != n {
		t.Fatalf("%d blocks, want %d", blocks, n)
	}
	page, err := s.Page(context.Background(), history.Query{}, PageOptions{Limit: n, WithRaw: true})
	if err != nil || len(page) != n {
		t.Fatalf("page of %d rows in %d blocks: %d rows, %v", n, n, len(page), err)
	}
	got := 0
	err = s.Iterate(context.Background(), history.Query{}, true, func(e *history.Event) error {
		if !strings.Contains(string(e.Raw), e.EventID) {
			return fmt.Errorf("event %s has another record", e.EventID)
		}
		got++
		return nil
	})
	if err != nil || got != n {
		t.Fatalf("export of %d rows in %d blocks: %d read, %v", n, n, got, err)
	}
}

// compressRecord makes the per-record stored form that stores written
// before schema 4 hold in events.raw.
func compressRecord(dst, rec []byte) ([]byte, error) {
	enc, _, err := codecs()
	if err != nil {
		return nil, err
	}
	dst = append(dst, codecZstdDict)
	return enc.EncodeAll(rec, dst), nil
}
