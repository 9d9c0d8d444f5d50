package store

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/record"
)

// tieRecords are management records of two Regions, most of them sharing
// one of a few seconds, with event IDs of both stored forms: canonical
// UUIDs and other text (upper-case UUIDs, short names), which sort among
// the UUIDs by their text. Every record names one bucket as a resource.
func tieRecords() []string {
	ids := []string{
		"ffffffff-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002",
		"7a000000-0000-4000-8000-000000000003", "7A000000-0000-4000-8000-000000000004",
		"7", "7b", "z-text-id", "A-TEXT", "0", "ffffffff-0000-4000-8000-000000000000",
		"80000000-0000-4000-8000-000000000005", "8", "9a000000-0000-4000-8000-000000000006",
		"12345678-1234-4234-8234-123456789abc", "12345678-1234-4234-8234-123456789abd",
		"c0000000-0000-4000-8000-000000000007", "c", "d", "D", "e0000000-0000-4000-8000-000000000008",
	}
	base := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	var recs []string
	for i, id := range ids {
		at := base.Add(time.Duration(i%3) * time.Second) // three seconds, several events each
		region := "eu-west-1"
		if i%4 == 3 {
			region = "us-east-1"
		}
		recs = append(recs, fmt.Sprintf(`{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","userName":"u%d","accessKeyId":"AKIAEXAMPLE%d"},"eventTime":%q,"eventSource":"s3.amazonaws.com","eventName":"PutBucketPolicy","awsRegion":%q,"requestParameters":{"bucketName":"tie-bucket"},"eventID":%q,"readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"}`,
			i%3, i%2, at.Format(time.RFC3339), region, id))
	}
	return recs
}

// tieStore loads recs, in that order, into a new store.
func tieStore(t *testing.T, recs []string) *Store {
	t.Helper()
	s := openTempStore(t)
	s.Now = func() time.Time { return time.Date(2025, 3, 2, 0, 0, 0, 0, time.UTC) }
	p := writeFile(t, t.TempDir(), "records.json", []byte(`{"Records":[`+strings.Join(recs, ",")+`]}`))
	if res := mustLoad(t, s, p); res.Added != int64(len(recs)) || len(res.Errors) > 0 {
		t.Fatalf("load: %+v", res)
	}
	return s
}

// shown is what a page or an export shows of an event: everything but the
// row ID, which depends on load order.
func shown(evs []history.Event) []history.Event {
	out := make([]history.Event, len(evs))
	for i, e := range evs {
		e.ID = 0
		e.Raw = append([]byte(nil), e.Raw...)
		out[i] = e
	}
	return out
}

// pagesAfter reads q newest first, limit events a page, each page after
// the last one's cursor.
func pagesAfter(t *testing.T, s *Store, q history.Query, limit int) []history.Event {
	t.Helper()
	var out []history.Event
	var after *history.Cursor
	for range 100 {
		page, err := s.Page(context.Background(), q, PageOptions{After: after, Limit: limit, WithRaw: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			return out
		}
		out = append(out, shown(page)...)
		c := page[len(page)-1].Cursor()
		after = &c
	}
	t.Fatal("paging does not end")
	return nil
}

// pagesBefore reads q oldest first, starting from the oldest page as the
// table's End key does, each page before the first one's cursor; it
// returns the events newest first.
func pagesBefore(t *testing.T, s *Store, q history.Query, limit int) []history.Event {
	t.Helper()
	var out []history.Event
	before := &history.Cursor{TimeUS: math.MinInt64}
	for range 100 {
		page, err := s.Page(context.Background(), q, PageOptions{Before: before, Limit: limit, WithRaw: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			slices.Reverse(out)
			return out
		}
		older := shown(page)
		slices.Reverse(older)
		out = append(out, older...)
		c := page[0].Cursor()
		before = &c
	}
	t.Fatal("paging does not end")
	return nil
}

// lookupPages follows LookupEvents tokens with MaxResults limit.
func lookupPages(t *testing.T, s *Store, in history.LookupInput, limit int) []history.Event {
	t.Helper()
	var out []history.Event
	in.MaxResults = &limit
	for range 100 {
		res, err := s.LookupEvents(context.Background(), in)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, shown(res.Events)...)
		if res.NextToken == "" {
			return out
		}
		in.NextToken = res.NextToken
	}
	t.Fatal("LookupEvents does not end")
	return nil
}

func exported(t *testing.T, s *Store, q history.Query) []history.Event {
	t.Helper()
	var out []history.Event
	err := s.Iterate(context.Background(), q, true, func(e *history.Event) error {
		out = append(out, shown([]history.Event{*e})...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func eventIDsOf(evs []history.Event) []string {
	var ids []string
	for _, e := range evs {
		ids = append(ids, e.EventID)
	}
	return ids
}

// TestTiesOrderedByEventIDWhateverTheLoadOrder: the same events loaded in
// two orders come out alike from every reader (table pages either way,
// LookupEvents across pages, exports of one Region and of all), newest
// first and, within a second, by EventId descending as text.
func TestTiesOrderedByEventIDWhateverTheLoadOrder(t *testing.T) {
	recs := tieRecords()
	reversed := slices.Clone(recs)
	slices.Reverse(reversed)
	a, b := tieStore(t, recs), tieStore(t, reversed)

	all := exported(t, a, history.Query{})
	if len(all) != len(recs) {
		t.Fatalf("exported %d of %d events", len(all), len(recs))
	}
	want := slices.Clone(all)
	sort.SliceStable(want, func(i, j int) bool {
		if !want[i].Time.Equal(want[j].Time) {
			return want[i].Time.After(want[j].Time)
		}
		return want[i].EventID > want[j].EventID
	})
	if !reflect.DeepEqual(eventIDsOf(all), eventIDsOf(want)) {
		t.Errorf("export order\n got %q\nwant %q", eventIDsOf(all), eventIDsOf(want))
	}

	eu := history.Query{Region: "eu-west-1"}
	byName := history.Query{Region: "eu-west-1", Lookup: &history.LookupAttribute{Key: history.AttrEventName, Value: "PutBucketPolicy"}}
	byResource := history.Query{Region: "eu-west-1", Lookup: &history.LookupAttribute{Key: history.AttrResourceName, Value: "tie-bucket"}}
	readers := []struct {
		name string
		read func(*Store) []history.Event
	}{
		{"export, every Region", func(s *Store) []history.Event { return exported(t, s, history.Query{}) }},
		{"export, one Region", func(s *Store) []history.Event { return exported(t, s, eu) }},
		{"Iterate", func(s *Store) []history.Event { return shown(allEvents(t, s, eu)) }},
		{"pages after", func(s *Store) []history.Event { return pagesAfter(t, s, eu, 4) }},
		{"pages before", func(s *Store) []history.Event { return pagesBefore(t, s, eu, 4) }},
		{"pages by name", func(s *Store) []history.Event { return pagesAfter(t, s, byName, 3) }},
		{"pages by resource", func(s *Store) []history.Event { return pagesAfter(t, s, byResource, 3) }},
		{"LookupEvents", func(s *Store) []history.Event {
			return lookupPages(t, s, history.LookupInput{Region: "eu-west-1"}, 2)
		}},
		{"LookupEvents by resource", func(s *Store) []history.Event {
			return lookupPages(t, s, history.LookupInput{Region: "eu-west-1", LookupAttributes: []history.LookupAttribute{{Key: history.AttrResourceName, Value: "tie-bucket"}}}, 3)
		}},
	}
	var wantEU []history.Event
	for _, e := range want {
		if e.Region == "eu-west-1" {
			wantEU = append(wantEU, e)
		}
	}
	for _, r := range readers {
		gotA, gotB := r.read(a), r.read(b)
		wantIDs := eventIDsOf(wantEU)
		if r.name == "export, every Region" {
			wantIDs = eventIDsOf(want)
		}
		if !reflect.DeepEqual(eventIDsOf(gotA), wantIDs) {
			t.Errorf("%s: order\n got %q\nwant %q", r.name, eventIDsOf(gotA), wantIDs)
		}
		if !reflect.DeepEqual(gotA, gotB) {
			t.Errorf("%s: the two load orders differ:\n%q\n%q", r.name, eventIDsOf(gotA), eventIDsOf(gotB))
		}
	}
}

// TestOldNextTokenRefused: a token of the layout before ties were broken on
// the event ID (version 1: time and row ID), even correctly signed, is
// refused as any foreign token is.
func TestOldNextTokenRefused(t *testing.T) {
	s := tieStore(t, tieRecords())
	limit := 2
	in := history.LookupInput{Region: "eu-west-1", MaxResults: &limit}
	first, err := s.LookupEvents(context.Background(), in)
	if err != nil || first.NextToken == "" {
		t.Fatalf("first page: %+v %v", first, err)
	}
	body := make([]byte, 17)
	body[0] = 1
	last := first.Events[len(first.Events)-1]
	binary.BigEndian.PutUint64(body[1:], uint64(last.Cursor().TimeUS))
	binary.BigEndian.PutUint64(body[9:], uint64(last.ID))
	old := append(body, s.tokenMAC(body, tokenQuery(&in, history.Management))...)
	in.NextToken = base64.URLEncoding.EncodeToString(old)
	_, err = s.LookupEvents(context.Background(), in)
	var apiErr *history.APIError
	if !errors.As(err, &apiErr) || apiErr.Code != history.CodeInvalidNextToken {
		t.Fatalf("old token: got %v, want %s", err, history.CodeInvalidNextToken)
	}
}

// TestTieKeySortsAsText: the SQL tie key of any event IDs sorts them as
// their texts sort, canonical UUIDs (whose key is their stored form)
// among them: prefixes of UUIDs, UUIDs with a character changed to one
// below, between or above the hex digits or the dash, with text after
// them, upper-case UUIDs, and arbitrary strings.
func TestTieKeySortsAsText(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	uuid := func() string {
		b := make([]byte, 16)
		for i := range b {
			b[i] = byte(r.IntN(256))
		}
		switch r.IntN(4) { // extremes, where subtracting one borrows
		case 0:
			for i := range b[r.IntN(16):] {
				b[len(b)-1-i] = 0
			}
		case 1:
			for i := range b[r.IntN(16):] {
				b[len(b)-1-i] = 0xff
			}
		}
		return record.FormatUUID(b)
	}
	swaps := []byte{0, ' ', '-', '.', '/', '0', '9', ':', '@', 'A', 'F', 'Z', '`', 'a', 'f', 'g', 'z', '~', 0x7f, 0xc3}
	ids := []string{"", "0", "00000000-0000-0000-0000-000000000000", "00000000-0000-0000-0000-00000000000",
		"ffffffff-ffff-ffff-ffff-ffffffffffff", "ffffffff-ffff-ffff-ffff-ffffffffffff0", "g", "-", "trailview-0a1b"}
	for range 3000 {
		u := uuid()
		ids = append(ids, u)
		switch r.IntN(5) {
		case 0:
			ids = append(ids, u[:r.IntN(36)])
		case 1:
			ids = append(ids, u+string(swaps[r.IntN(len(swaps))]))
		case 2:
			b := []byte(u)
			b[r.IntN(36)] = swaps[r.IntN(len(swaps))]
			ids = append(ids, string(b)[:r.IntN(36)+1])
		case 3:
			ids = append(ids, strings.ToUpper(u))
		case 4:
			b := make([]byte, r.IntN(6))
			for i := range b {
				b[i] = swaps[r.IntN(len(swaps))]
			}
			ids = append(ids, string(b))
		}
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	byKey := slices.Clone(ids)
	slices.SortStableFunc(byKey, func(a, b string) int { return bytes.Compare(tieKey(a), tieKey(b)) })
	for i := range ids {
		if ids[i] != byKey[i] {
			t.Fatalf("at %d the keys order %q where the texts order %q (keys %x, %x)", i, byKey[i], ids[i], tieKey(byKey[i]), tieKey(ids[i]))
		}
		if i > 0 && bytes.Equal(tieKey(ids[i-1]), tieKey(ids[i])) {
			t.Fatalf("%q and %q have the same key", ids[i-1], ids[i])
		}
	}
	for _, id := range ids {
		if _, ok := record.ParseUUID(id); ok && !bytes.Equal(tieKey(id), record.EncodeID(id)) {
			t.Fatalf("key of %s is not its stored form", id)
		}
	}
}
