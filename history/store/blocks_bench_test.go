package store

import (
	"fmt"
	"strings"
	"testing"

	"github.com/trailview/trailview/history/record"
)

// benchBlock returns the stored form of a block of 64 records of about
// 1.5 KB with varied values (IDs, names, times, tags), as the loader
// writes it. (The generator in assets cannot be used here: it imports
// this package.)
func benchBlock(b *testing.B) ([]byte, int) {
	b.Helper()
	var recs [][]byte
	size := 0
	for i := range blockSize {
		extra := fmt.Sprintf(`,"requestParameters":{"instancesSet":{"items":[{"instanceId":"i-%017x"}]},"tags":[`+
			`{"key":"Owner","value":"team-%d@example.com"},{"key":"git:commit","value":"%040x"},`+
			`{"key":"aws:cloudformation:stack-id","value":"arn:aws:cloudformation:us-east-1:111122223333:stack/app-%d/%08x-1111-2222-3333-%012x"}]},`+
			`"tlsDetails":{"tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"ec2.us-east-1.amazonaws.com"}`,
			i*7919, i%9, i*104729, i%13, i*31337, i*65537)
		r := testRecord(fmt.Sprintf("%08x-1111-2222-3333-%012x", i*2654435761, i), fmt.Sprintf("Describe%d", i%11), extra)
		c, err := record.CompactJSON(nil, []byte(strings.Replace(r, "10:00:00Z", fmt.Sprintf("10:%02d:%02dZ", i/60, i%60), 1)))
		if err != nil {
			b.Fatal(err)
		}
		recs = append(recs, c)
		size += len(c)
	}
	z, err := encodeBlock(recs)
	if err != nil {
		b.Fatal(err)
	}
	return z, size
}

// benchRecords returns the compact records of benchBlock and their size.
func benchRecords(b *testing.B) ([][]byte, int) {
	b.Helper()
	z, size := benchBlock(b)
	blk, err := decodeBlock(z)
	if err != nil {
		b.Fatal(err)
	}
	recs := make([][]byte, blockSize)
	for i := range recs {
		recs[i], _ = blk.record(int64(i))
	}
	return recs, size
}

// BenchmarkDecodeBlock is what reading one record costs when its block is
// not cached: a lookup page whose 50 events lie in 50 blocks pays it 50
// times, an export once per 64 records.
func BenchmarkDecodeBlock(b *testing.B) {
	z, size := benchBlock(b)
	b.SetBytes(int64(size))
	for b.Loop() {
		if _, err := decodeBlock(z); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(z))/blockSize, "stored-B/record")
}

// BenchmarkEncodeBlock is the compression of one block, which the loader
// runs off its writer goroutine.
func BenchmarkEncodeBlock(b *testing.B) {
	recs, size := benchRecords(b)
	b.SetBytes(int64(size))
	for b.Loop() {
		if _, err := encodeBlock(recs); err != nil {
			b.Fatal(err)
		}
	}
}
