package store

import (
	"errors"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestChunkRoundTrip: every column of a chunk decodes to what was encoded,
// with rows in time order, for whole-second and microsecond times and for
// dictionaries of each index width.
func TestChunkRoundTrip(t *testing.T) {
	const day = int64(20_000) * dayUS
	for _, tc := range []struct {
		name     string
		rows     int
		distinct int64
		micro    bool
	}{{"one value", 5, 1, false}, {"byte", 300, 200, false}, {"two bytes", 2000, 1500, true}, {"four bytes", 70_000, 69_000, false}, {"empty", 0, 1, false}} {
		t.Run(tc.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(1, uint64(tc.rows)))
			rows := make([]colRow, tc.rows)
			for i := range rows {
				rows[i].time = day + r.Int64N(86_400)*1_000_000
				if tc.micro {
					rows[i].time += r.Int64N(1_000_000)
				}
				for c := range rows[i].vals {
					rows[i].vals[c] = r.Int64N(tc.distinct) * int64(c+1)
				}
				for l := range rows[i].lists {
					for k := r.IntN(4); k > 0; k-- {
						rows[i].lists[l] = append(rows[i].lists[l], r.Int64N(tc.distinct)+1)
					}
				}
			}
			want := slices.Clone(rows)
			data := encodeChunk(day, rows)
			slices.SortStableFunc(want, func(a, b colRow) int { return int(a.time - b.time) })
			got, err := decodeChunk(data, day, ^colSet(0))
			if err != nil {
				t.Fatal(err)
			}
			if got.n != len(want) {
				t.Fatalf("%d rows, want %d", got.n, len(want))
			}
			for i, w := range want {
				if got.times[i] != w.time {
					t.Fatalf("row %d: time %d, want %d", i, got.times[i], w.time)
				}
				for c := range w.vals {
					if v := got.scalar[c]; v.dict[v.at(i)] != w.vals[c] {
						t.Fatalf("row %d column %d: %d, want %d", i, c, v.dict[v.at(i)], w.vals[c])
					}
				}
				for l := range w.lists {
					v := got.lists[l]
					var vals []int64
					for k := v.starts[i]; k < v.starts[i+1]; k++ {
						vals = append(vals, v.dict[v.at(int(k))])
					}
					if !slices.Equal(vals, w.lists[l]) {
						t.Fatalf("row %d list %d: %v, want %v", i, l, vals, w.lists[l])
					}
				}
			}
		})
	}
}

// TestChunkDecodeSkipsColumns: columns not asked for stay nil.
func TestChunkDecodeSkipsColumns(t *testing.T) {
	rows := []colRow{{time: 5_000_000, vals: [numScalarCols]int64{colKey: 7}}}
	got, err := decodeChunk(encodeChunk(0, rows), 0, scalarCol(colKey))
	if err != nil {
		t.Fatal(err)
	}
	if got.scalar[colKey] == nil || got.scalar[colName] != nil || got.lists[listResName] != nil {
		t.Fatalf("decoded columns: key %v name %v resources %v", got.scalar[colKey], got.scalar[colName], got.lists[listResName])
	}
}

// TestChunkDecodeRefusesDamage: every truncation and every flipped byte of
// a chunk gives an error or a chunk whose indexes stay in range, never a
// panic.
func TestChunkDecodeRefusesDamage(t *testing.T) {
	rows := make([]colRow, 40)
	for i := range rows {
		rows[i].time = int64(i) * 1_000_000
		rows[i].vals[colName] = int64(i % 7)
		rows[i].lists[listResName] = []int64{int64(i), int64(i + 1)}
	}
	data := encodeChunk(0, rows)
	for n := 0; n < len(data); n++ {
		if _, err := decodeChunk(data[:n], 0, ^colSet(0)); !errors.Is(err, errChunk) {
			t.Fatalf("truncated to %d bytes: error %v, want a damaged chunk", n, err)
		}
	}
	for i := range data {
		for _, b := range []byte{0, 0xff, data[i] ^ 1} {
			bad := slices.Clone(data)
			bad[i] = b
			c, err := decodeChunk(bad, 0, ^colSet(0))
			if err != nil {
				continue
			}
			for _, v := range append(c.scalar[:], c.lists[:]...) {
				entries := c.n
				if v.starts != nil {
					entries = int(v.starts[len(v.starts)-1])
				}
				for k := 0; k < entries; k++ {
					_ = v.dict[v.at(k)]
				}
			}
		}
	}
}
