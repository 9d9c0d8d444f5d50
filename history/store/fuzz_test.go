package store

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"

	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/record"
)

// FuzzSplitAndParse drives the reader chain (decompression detection,
// container splitting, compaction, record parsing) with arbitrary bytes: it
// must never panic, never return a record over the size limit, and every
// record it accepts must be valid JSON that parses the same way twice.
func FuzzSplitAndParse(f *testing.F) {
	f.Add([]byte(`{"Records":[` + testRecord("11111111-1111-1111-1111-111111111111", "A", "") + `]}`))
	f.Add([]byte(`[` + testRecord("1", "B", "") + `,` + testRecord("2", "C", `,"resources":[{"ARN":"arn:aws:s3:::b","type":"AWS::S3::Bucket"}]`) + `]`))
	f.Add([]byte(testRecord("3", "D", "") + "\n" + testRecord("4", "E", "") + "\n"))
	f.Add([]byte(`{"Events":[{"EventId":"5","EventName":"X","EventTime":1700000000.0,"Username":"u","Resources":[{"ResourceType":"T","ResourceName":"N"}],"CloudTrailEvent":"{\"eventVersion\":\"1.08\",\"eventID\":\"5\",\"eventTime\":\"2024-01-01T00:00:00Z\"}"}],"NextToken":"x"}`))
	f.Add([]byte("\xef\xbb\xbf[]"))
	f.Add([]byte(`{"Records":[{"eventVersion":"1.0","eventTime":12}]}`))
	f.Add([]byte{0x1f, 0x8b, 0x08, 0x00})
	f.Fuzz(func(t *testing.T, data []byte) {
		dec, err := decode(bytes.NewReader(data))
		if err != nil {
			return
		}
		defer dec.close()
		sp := record.NewSplitter(dec)
		var buf []byte
		for range 1000 {
			rec, off, err := sp.Next(buf)
			if err == io.EOF || err != nil {
				if err != nil && err != io.EOF && off < 0 {
					t.Fatalf("negative offset %d for %v", off, err)
				}
				return
			}
			if len(rec) > record.MaxRecordBytes {
				t.Fatalf("record of %d bytes passed the limit", len(rec))
			}
			compact, err := record.CompactJSON(nil, rec)
			if err != nil {
				continue
			}
			p1, err1 := record.ParseRecordJSON(compact, "")
			p2, err2 := record.ParseRecordJSON(compact, "")
			if (err1 == nil) != (err2 == nil) || (err1 == nil && p1.EventID != p2.EventID) {
				t.Fatalf("parsing is not deterministic: %v / %v", err1, err2)
			}
			buf = rec[:0]
		}
	})
}

// FuzzLoad sends arbitrary bytes through the whole loader into a store:
// whatever happens, it is an InputError or a success, and the store stays
// consistent (every event it counts can be read back).
func FuzzLoad(f *testing.F) {
	f.Add([]byte(`[` + testRecord("11111111-1111-1111-1111-111111111111", "A", "") + `]`))
	f.Add([]byte(`{"Records":[` + testRecord("2", "B", `,"errorCode":"AccessDenied"`) + `]}` + "\n"))
	f.Add([]byte(`{"Records":[{"eventVersion":"1.0","eventTime":"2014-03-06T21:22:54Z","userIdentity":{"type":"Root"}}]}`))
	s := openTempStore(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		ctx := context.Background()
		res, err := s.Load(ctx, []string{"-"}, LoadOptions{Stdin: bytes.NewReader(data)})
		if err != nil {
			t.Fatalf("load returned a non-input error: %v", err)
		}
		for _, e := range res.Errors {
			var ie *InputError
			if !errors.As(e, &ie) || ie.File == "" {
				t.Fatalf("error without a file: %v", e)
			}
		}
		n, err := s.Count(ctx, history.Query{})
		if err != nil {
			t.Fatal(err)
		}
		seen := int64(0)
		if err := s.Iterate(ctx, history.Query{}, true, func(e *history.Event) error { seen++; return nil }); err != nil {
			t.Fatal(err)
		}
		if seen != n {
			t.Fatalf("count %d but iterated %d", n, seen)
		}
	})
}
