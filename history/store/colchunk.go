package store

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
)

// The event columns (migration 0013) keep, per Region, category and UTC
// day, the fields that top and timeline count and filter on, one column
// after another, in chunks of the event_columns table. Under a filter on
// a field without an index of its own (agent:, arn:, identity:, a broad
// source: or eventtype:), SQLite reads every event of the window at a few
// hundred nanoseconds a row; a chunk's columns are read and counted in Go
// at a few nanoseconds a row, each query touching only the columns it
// needs (colquery.go).
//
// A chunk is, in order: its row count, the time scale (1 µs, or 1 s when
// every time is a whole second, as CloudTrail writes them), the times in
// ascending order as offsets from the day's start then deltas, and one
// section per column, each prefixed with its byte length so that a reader
// skips the columns it does not need. A column section is its chunk-local
// dictionary (the distinct global IDs, ascending, delta-coded; 0 stands
// for no value) and one fixed-width local index per row (none when the
// dictionary has one entry). A list column (resource names and types)
// puts a count per row before the indexes.

// Scalar columns of a chunk, in stored order. read_only is held as
// roKey holds it (0, 1, 2 for none); the others are dict IDs, 0 for NULL.
const (
	colAccount = iota
	colRO
	colName
	colSource
	colUser
	colKey
	colError
	colIP
	colAgent
	colEType
	colIType
	colIARN
	numScalarCols
)

// List columns: an event's distinct resource names, and its distinct
// non-empty resource types, as the resource tables hold them (eventRow).
const (
	listResName = iota
	listResType
	numListCols
)

// scalarColumnOf maps an events column to its chunk column.
var scalarColumnOf = map[string]int{
	"account_id": colAccount, "name_id": colName, "source_id": colSource, "user_id": colUser,
	"key_id": colKey, "error_id": colError, "ip_id": colIP, "agent_id": colAgent,
	"type_id": colEType, "itype_id": colIType, "iarn_id": colIARN,
}

// colRow is one event as the chunk encoder takes it.
type colRow struct {
	time  int64 // µs since the epoch
	vals  [numScalarCols]int64
	lists [numListCols][]int64
}

const colChunkVersion = 1

// maxListEntries bounds one row's list in a chunk a reader accepts, so
// that a damaged count cannot make a reader loop for hours.
const maxListEntries = 1 << 20

// encodeChunk encodes rows, which must all fall in the UTC day starting
// at dayStart (µs). It sorts rows by time.
func encodeChunk(dayStart int64, rows []colRow) []byte {
	slices.SortStableFunc(rows, func(a, b colRow) int { return cmp.Compare(a.time, b.time) })
	unit := int64(1_000_000)
	for i := range rows {
		if (rows[i].time-dayStart)%unit != 0 {
			unit = 1
			break
		}
	}
	out := binary.AppendUvarint(nil, colChunkVersion)
	out = binary.AppendUvarint(out, uint64(len(rows)))
	out = binary.AppendUvarint(out, uint64(unit))
	prev := dayStart
	for i := range rows {
		out = binary.AppendUvarint(out, uint64((rows[i].time-prev)/unit))
		prev = rows[i].time
	}
	var sec []byte
	vals := make([]int64, len(rows))
	for c := 0; c < numScalarCols; c++ {
		for i := range rows {
			vals[i] = rows[i].vals[c]
		}
		sec = appendColumn(sec[:0], vals, nil)
		out = binary.AppendUvarint(out, uint64(len(sec)))
		out = append(out, sec...)
	}
	for l := 0; l < numListCols; l++ {
		var flat []int64
		counts := make([]int, len(rows))
		for i := range rows {
			counts[i] = len(rows[i].lists[l])
			flat = append(flat, rows[i].lists[l]...)
		}
		sec = appendColumn(sec[:0], flat, counts)
		out = binary.AppendUvarint(out, uint64(len(sec)))
		out = append(out, sec...)
	}
	return out
}

// appendColumn encodes one column: the local dictionary, the row counts
// of a list column (counts not nil), then the local indexes of vals.
func appendColumn(out []byte, vals []int64, counts []int) []byte {
	dict := slices.Clone(vals)
	slices.Sort(dict)
	dict = slices.Compact(dict)
	out = binary.AppendUvarint(out, uint64(len(dict)))
	prev := int64(0)
	for _, id := range dict {
		out = binary.AppendUvarint(out, uint64(id-prev))
		prev = id
	}
	width := indexWidth(len(dict))
	out = append(out, byte(width))
	for _, n := range counts {
		out = binary.AppendUvarint(out, uint64(n))
	}
	for _, v := range vals {
		local, _ := slices.BinarySearch(dict, v)
		switch width {
		case 1:
			out = append(out, byte(local))
		case 2:
			out = binary.LittleEndian.AppendUint16(out, uint16(local))
		case 4:
			out = binary.LittleEndian.AppendUint32(out, uint32(local))
		}
	}
	return out
}

// indexWidth is the bytes of a local index into a dictionary of n
// entries: none when every row holds the one value.
func indexWidth(n int) int {
	switch {
	case n <= 1:
		return 0
	case n <= 1<<8:
		return 1
	case n <= 1<<16:
		return 2
	}
	return 4
}

// colVec is one decoded column: local index i of row r is at(r), whose
// global ID is dict[i]. A list column's row r holds the local indexes
// from starts[r] to starts[r+1].
type colVec struct {
	dict   []int64
	width  int
	idx    []byte
	starts []int32 // list columns only
}

func (v *colVec) at(i int) int {
	switch v.width {
	case 1:
		return int(v.idx[i])
	case 2:
		return int(binary.LittleEndian.Uint16(v.idx[2*i:]))
	case 4:
		return int(binary.LittleEndian.Uint32(v.idx[4*i:]))
	}
	return 0
}

// colChunk is a decoded chunk: its times (µs, ascending) and the columns
// asked for (the others are nil).
type colChunk struct {
	n      int
	times  []int64
	scalar [numScalarCols]*colVec
	lists  [numListCols]*colVec
}

// colSet names the columns a reader needs: bit c for scalar column c,
// bit numScalarCols+l for list column l.
type colSet uint32

func scalarCol(c int) colSet { return 1 << c }
func listCol(l int) colSet   { return 1 << (numScalarCols + l) }

var errChunk = errors.New("damaged event columns chunk")

// decodeChunk decodes the times and the columns in want of a chunk of the
// day starting at dayStart. The store wrote it, but a damaged file must
// give an error, not a panic: every length is checked.
func decodeChunk(data []byte, dayStart int64, want colSet) (*colChunk, error) {
	d := chunkReader{b: data}
	if v := d.uvarint(); v != colChunkVersion {
		return nil, fmt.Errorf("%w: version %d", errChunk, v)
	}
	n64, unit := d.uvarint(), d.uvarint()
	if d.err != nil || n64 > uint64(len(data)) || (unit != 1 && unit != 1_000_000) {
		return nil, fmt.Errorf("%w: header", errChunk)
	}
	c := &colChunk{n: int(n64), times: make([]int64, n64)}
	t := dayStart
	for i := range c.times {
		t += int64(d.uvarint()) * int64(unit)
		c.times[i] = t
	}
	for col := 0; col < numScalarCols+numListCols; col++ {
		size := d.uvarint()
		if d.err != nil || size > uint64(len(d.b)) {
			return nil, fmt.Errorf("%w: column %d", errChunk, col)
		}
		sec := d.b[:size]
		d.b = d.b[size:]
		if want&(1<<col) == 0 {
			continue
		}
		v, err := decodeColumn(sec, c.n, col >= numScalarCols)
		if err != nil {
			return nil, fmt.Errorf("%w: column %d: %v", errChunk, col, err)
		}
		if col < numScalarCols {
			c.scalar[col] = v
		} else {
			c.lists[col-numScalarCols] = v
		}
	}
	if d.err != nil {
		return nil, fmt.Errorf("%w: %v", errChunk, d.err)
	}
	return c, nil
}

func decodeColumn(sec []byte, n int, list bool) (*colVec, error) {
	d := chunkReader{b: sec}
	size := d.uvarint()
	if d.err != nil || size > uint64(len(sec)) {
		return nil, errors.New("dictionary size")
	}
	v := &colVec{dict: make([]int64, size)}
	prev := int64(0)
	for i := range v.dict {
		prev += int64(d.uvarint())
		v.dict[i] = prev
	}
	if len(d.b) == 0 {
		return nil, errors.New("no index width")
	}
	v.width = int(d.b[0])
	d.b = d.b[1:]
	if v.width != indexWidth(len(v.dict)) {
		return nil, fmt.Errorf("index width %d for %d values", v.width, len(v.dict))
	}
	entries := n
	if list {
		v.starts = make([]int32, n+1)
		total := uint64(0)
		for i := 0; i < n; i++ {
			k := d.uvarint()
			total += k
			if k > maxListEntries || total > 1<<31-1 {
				return nil, errors.New("list counts")
			}
			v.starts[i+1] = int32(total)
		}
		entries = int(total)
	}
	if d.err != nil || uint64(len(d.b)) != uint64(entries)*uint64(v.width) {
		return nil, errors.New("index length")
	}
	if len(v.dict) == 0 && entries > 0 {
		return nil, errors.New("rows without values")
	}
	v.idx = d.b
	for i := 0; v.width > 0 && i < entries; i++ {
		if v.at(i) >= len(v.dict) {
			return nil, errors.New("index past the dictionary")
		}
	}
	return v, nil
}

// chunkReader reads uvarints, remembering the first error.
type chunkReader struct {
	b   []byte
	err error
}

func (r *chunkReader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, k := binary.Uvarint(r.b)
	if k <= 0 {
		r.err = errors.New("truncated")
		return 0
	}
	r.b = r.b[k:]
	return v
}
