package store

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"
)

// overlappingZip builds a zip archive whose central directory lists every
// name as an entry pointing at the one local header at offset 0, which
// stores content (deflated when deflate is set): the construction of the
// overlapping zip bomb, where thousands of entries inflate one stream.
func overlappingZip(content []byte, deflate bool, names ...string) []byte {
	var b bytes.Buffer
	put := func(vs ...any) {
		for _, v := range vs {
			binary.Write(&b, binary.LittleEndian, v)
		}
	}
	crc, size := crc32.ChecksumIEEE(content), uint32(len(content))
	method, data := uint16(0), content
	if deflate {
		var d bytes.Buffer
		fw, _ := flate.NewWriter(&d, flate.BestCompression)
		fw.Write(content)
		fw.Close()
		method, data = 8, d.Bytes()
	}
	csize := uint32(len(data))
	const dosDate = uint16(0x5a21)
	b.WriteString("PK\x03\x04")
	put(uint16(20), uint16(0), method, uint16(0), dosDate, crc, csize, size, uint16(len(names[0])), uint16(0))
	b.WriteString(names[0])
	b.Write(data)
	dirStart := b.Len()
	for _, name := range names {
		b.WriteString("PK\x01\x02")
		put(uint16(20), uint16(20), uint16(0), method, uint16(0), dosDate, crc, csize, size,
			uint16(len(name)), uint16(0), uint16(0), uint16(0), uint16(0), uint32(0), uint32(0))
		b.WriteString(name)
	}
	dirEnd := b.Len()
	b.WriteString("PK\x05\x06")
	put(uint16(0), uint16(0), uint16(len(names)), uint16(len(names)), uint32(dirEnd-dirStart), uint32(dirStart), uint16(0))
	return b.Bytes()
}

// padded is a log file of one record behind n bytes of whitespace, which
// compresses about a thousand times, as a bomb's content does.
func padded(id string, n int) []byte {
	return []byte(`{"Records":[` + strings.Repeat(" ", n) + testRecord(id, "DescribeInstances", "") + `]}`)
}

func zstdOf(t *testing.T, data []byte) []byte {
	t.Helper()
	enc, err := zstd.NewWriter(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer enc.Close()
	return enc.EncodeAll(data, nil)
}

func zipOf(t *testing.T, members map[string][]byte) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, name := range []string{"1.json", "2.json.gz", "3.json"} {
		data, ok := members[name]
		if !ok {
			continue
		}
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestZipWithOverlappingEntriesIsRefused: entries that share their bytes
// are refused as a whole archive, naming it and two of the entries, and
// nothing of it is loaded; a file beside it still loads.
func TestZipWithOverlappingEntriesIsRefused(t *testing.T) {
	dir := t.TempDir()
	content := []byte(`{"Records":[` + testRecord("11111111-1111-1111-1111-111111111111", "DescribeInstances", "") + `]}`)
	names := []string{"a.json"}
	for i := range 200 {
		names = append(names, "copy"+strings.Repeat("x", i%7)+string(rune('A'+i%26))+".json")
	}
	bomb := writeFile(t, dir, "bomb.zip", overlappingZip(content, false, names...))
	writeFile(t, dir, "good.json", []byte(`[`+testRecord("22222222-2222-2222-2222-222222222222", "RunInstances", "")+`]`))
	s := openTempStore(t)
	res := mustLoad(t, s, dir)
	if len(res.Errors) != 1 || res.Errors[0].File != bomb || !strings.Contains(res.Errors[0].Error(), "overlap") ||
		!strings.Contains(res.Errors[0].Error(), `.json" and "`) {
		t.Fatalf("errors %v, want one naming %s and its overlapping entries", res.Errors, bomb)
	}
	if res.Added != 1 || res.Duplicates != 0 {
		t.Errorf("added %d, duplicates %d: want only good.json's event, nothing of the archive", res.Added, res.Duplicates)
	}
}

// TestInflateRatioIsCapped: an input that inflates more than the ratio
// allows is refused with an error naming it (and the zip member) and the
// flag; raising the ratio loads the same input. Checked for a gzip file,
// gzip on standard input, a zip member (by its declared size) and a gzip
// file inside a zip (while it is read, the members after it not read).
func TestInflateRatioIsCapped(t *testing.T) {
	const pad = 2 << 20 // 2 MiB of spaces: ~2 KB of deflate, past the 1 MiB allowance
	gzipBomb := gz(t, padded("11111111-1111-1111-1111-111111111111", pad))
	cases := []struct {
		name     string
		file     string
		data     []byte
		stdin    bool
		failing  string // the input the error names, relative to dir
		notAfter bool   // members after the failing one are not read
	}{
		{name: "gzip file", file: "big.json.gz", data: gzipBomb, failing: "big.json.gz"},
		{name: "gzip on stdin", data: gzipBomb, stdin: true, failing: "(stdin)"},
		{name: "zstd file", file: "big.json.zst", data: zstdOf(t, padded("11111111-1111-1111-1111-111111111111", pad)), failing: "big.json.zst"},
		{name: "zip member", file: "big.zip", data: zipOf(t, map[string][]byte{
			"1.json": padded("11111111-1111-1111-1111-111111111111", pad)}), failing: "big.zip"},
		{name: "gzip inside a zip", file: "nested.zip", data: zipOf(t, map[string][]byte{
			"2.json.gz": gzipBomb, "3.json": padded("33333333-3333-3333-3333-333333333333", 0)}),
			failing: "nested.zip!2.json.gz", notAfter: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			path := "-"
			if !c.stdin {
				path = writeFile(t, dir, c.file, c.data)
			}
			load := func(ratio float64) LoadResult {
				s := openTempStore(t)
				res, err := s.Load(context.Background(), []string{path},
					LoadOptions{Stdin: bytes.NewReader(c.data), MaxInflateRatio: ratio})
				if err != nil {
					t.Fatal(err)
				}
				return res
			}
			res := load(0)
			want := c.failing
			if !c.stdin {
				want = filepath.Join(dir, c.failing)
			}
			if len(res.Errors) != 1 || res.Errors[0].File != want ||
				!strings.Contains(res.Errors[0].Error(), "--max-inflate-ratio") {
				t.Fatalf("errors %v, want one for %s naming --max-inflate-ratio", res.Errors, want)
			}
			if c.notAfter && res.Added != 0 {
				t.Errorf("added %d events: the members after the refused one were read", res.Added)
			}
			if res := load(5000); len(res.Errors) != 0 || res.Added == 0 {
				t.Errorf("with the ratio raised: errors %v, added %d", res.Errors, res.Added)
			}
		})
	}
}

// TestOverlappingZipBombIsRefusedAtOnce is the field report's bomb made
// small: 2,000 entries pointing at one deflate stream of 1 MiB of spaces
// (1 KB), 2 GiB in all. It is refused as a whole, naming the archive.
func TestOverlappingZipBombIsRefusedAtOnce(t *testing.T) {
	content := padded("11111111-1111-1111-1111-111111111111", 1<<20)
	names := make([]string, 2000)
	for i := range names {
		names[i] = fmt.Sprintf("%04d.json", i)
	}
	data := overlappingZip(content, true, names...)
	if len(data) > 200<<10 {
		t.Fatalf("the bomb is %d bytes; it is meant to be small", len(data))
	}
	p := writeFile(t, t.TempDir(), "bomb.zip", data)
	s := openTempStore(t)
	res := mustLoad(t, s, p)
	if len(res.Errors) != 1 || res.Errors[0].File != p || !errors.Is(res.Errors[0], errLikelyBomb) || res.Added != 0 || res.Duplicates != 0 {
		t.Fatalf("errors %v, added %d, duplicates %d; want the archive refused whole", res.Errors, res.Added, res.Duplicates)
	}
}
