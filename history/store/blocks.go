package store

import (
	"container/list"
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"sync"

	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/record"
)

// Records are stored in blocks: the records of 64 consecutive row IDs
// (id >> blockShift, the same groups the full-text index uses) compressed
// together into one row of the blocks table. Compressing 64 records at
// once instead of one by one makes them ~45% smaller and the compression
// ~5x cheaper per record, and keeps the events rows narrow, so counts and
// index probes that must visit rows read a few dozen bytes each instead of
// a record (docs/benchmarks.md, "Ingest"). The price is that reading one
// record decompresses its block; readers keep recently decoded blocks.
//
// An events row whose raw column is the single byte codecBlock has its
// record in block id >> blockShift at slot id & blockMask. Rows written
// before schema 4 keep their record in raw (compress.go), and both kinds
// are read everywhere.
const (
	blockShift = 6
	blockSize  = 1 << blockShift
	blockMask  = blockSize - 1

	codecBlock         = 3 // events.raw: the record is in its block
	codecBlockZstdDict = 1 // blocks.z: zstd with recordDict
)

// blockMarker is the raw value of an events row whose record is in a block.
var blockMarker = []byte{codecBlock}

func blockOf(id int64) int64 { return id >> blockShift }

// alignToBlock returns the first row ID at or after id that starts a
// block. The writer moves to a fresh block whenever it writes out a partial
// one, so that a block is written once, in one transaction, and never
// extended later.
func alignToBlock(id int64) int64 { return (id + blockMask) &^ blockMask }

// isBlockRef reports whether a stored raw value points into a block.
func isBlockRef(stored []byte) bool { return len(stored) == 1 && stored[0] == codecBlock }

// blockBuilder gathers the records of the block being written.
type blockBuilder struct {
	id   int64 // block ID; valid when n > 0
	recs [blockSize][]byte
	n    int
}

// add files rec under row id. It returns the finished previous block's
// records when id starts another block.
func (b *blockBuilder) add(id int64, rec []byte) (finishedID int64, finished [][]byte) {
	if b.n > 0 && blockOf(id) != b.id {
		finishedID, finished = b.take()
	}
	if b.n == 0 {
		b.id = blockOf(id)
	}
	b.recs[id&blockMask] = rec
	b.n++
	return finishedID, finished
}

// take returns the gathered records (slot-indexed, nil where no row) and
// starts over.
func (b *blockBuilder) take() (int64, [][]byte) {
	if b.n == 0 {
		return 0, nil
	}
	out := make([][]byte, blockSize)
	copy(out, b.recs[:])
	clear(b.recs[:])
	b.n = 0
	return b.id, out
}

// encodeBlock makes the stored form of a block: a codec byte, then, zstd
// compressed with the record dictionary, the number of slots, each slot's
// record length (0 for a slot without a row) and the records one after the
// other.
func encodeBlock(recs [][]byte) ([]byte, error) {
	enc, _, err := codecs()
	if err != nil {
		return nil, err
	}
	size := binary.MaxVarintLen64 * (len(recs) + 1)
	for _, r := range recs {
		size += len(r)
	}
	plain := make([]byte, 0, size)
	plain = binary.AppendUvarint(plain, uint64(len(recs)))
	for _, r := range recs {
		plain = binary.AppendUvarint(plain, uint64(len(r)))
	}
	for _, r := range recs {
		plain = append(plain, r...)
	}
	out := make([]byte, 1, len(plain)/3+16)
	out[0] = codecBlockZstdDict
	return enc.EncodeAll(plain, out), nil
}

// decodedBlock is a decompressed block: the records of its slots.
type decodedBlock struct {
	data []byte
	offs []uint32 // record of slot i is data[offs[i]:offs[i+1]]
}

// maxBlockBytes bounds a decoded block: 64 records of at most
// MaxRecordBytes each, so a corrupt or hostile store cannot make a reader
// allocate without limit.
const maxBlockBytes = blockSize*record.MaxRecordBytes + 1<<16

func decodeBlock(z []byte) (*decodedBlock, error) {
	if len(z) < 2 || z[0] != codecBlockZstdDict {
		if len(z) > 0 {
			return nil, fmt.Errorf("%w: block codec %d (written by a newer trailview?)", errCorruptRaw, z[0])
		}
		return nil, fmt.Errorf("%w: empty block", errCorruptRaw)
	}
	_, dec, err := codecs()
	if err != nil {
		return nil, err
	}
	plain, err := dec.DecodeAll(z[1:], nil)
	if err != nil {
		return nil, fmt.Errorf("%w: block: %v", errCorruptRaw, err)
	}
	if len(plain) > maxBlockBytes {
		return nil, fmt.Errorf("%w: block of %d bytes", errCorruptRaw, len(plain))
	}
	n, k := binary.Uvarint(plain)
	if k <= 0 || n > blockSize {
		return nil, fmt.Errorf("%w: block header", errCorruptRaw)
	}
	pos := k
	lens := make([]uint64, n)
	var total uint64
	for i := range lens {
		l, k := binary.Uvarint(plain[pos:])
		if k <= 0 {
			return nil, fmt.Errorf("%w: block header", errCorruptRaw)
		}
		lens[i] = l
		total += l
		pos += k
	}
	if total != uint64(len(plain)-pos) {
		return nil, fmt.Errorf("%w: block lengths", errCorruptRaw)
	}
	d := &decodedBlock{data: plain[pos:], offs: make([]uint32, n+1)}
	var off uint64
	for i, l := range lens {
		off += l
		d.offs[i+1] = uint32(off)
	}
	return d, nil
}

// record returns the record of row id, which must belong to this block.
// The slice aliases the block: copy it to keep it past the block's life.
func (d *decodedBlock) record(id int64) ([]byte, error) {
	if d == nil {
		return nil, fmt.Errorf("%w: the block of row %d is missing", errCorruptRaw, id)
	}
	slot := int(id & blockMask)
	if slot+1 >= len(d.offs) || d.offs[slot] == d.offs[slot+1] {
		return nil, fmt.Errorf("%w: row %d is not in its block", errCorruptRaw, id)
	}
	return d.data[d.offs[slot]:d.offs[slot+1]], nil
}

// blockLRU keeps the most recently used decoded blocks. Keys are block IDs
// for a store's own cache (a block's records never change: Prune only
// drops the records of removed rows, and row IDs are never reused) or
// content hashes for the SQL functions, which may serve several stores.
type blockLRU[K comparable] struct {
	mu    sync.Mutex
	limit int
	order *list.List // of K, most recent first
	items map[K]lruEntry
}

type lruEntry struct {
	block *decodedBlock
	elem  *list.Element
}

func newBlockLRU[K comparable](limit int) *blockLRU[K] {
	return &blockLRU[K]{limit: limit, order: list.New(), items: map[K]lruEntry{}}
}

func (c *blockLRU[K]) get(k K) *decodedBlock {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[k]
	if !ok {
		return nil
	}
	c.order.MoveToFront(e.elem)
	return e.block
}

func (c *blockLRU[K]) put(k K, b *decodedBlock) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[k]; ok {
		c.order.MoveToFront(e.elem)
		return
	}
	c.items[k] = lruEntry{block: b, elem: c.order.PushFront(k)}
	for c.order.Len() > c.limit {
		last := c.order.Back()
		delete(c.items, last.Value.(K))
		c.order.Remove(last)
	}
}

// storeBlockCacheSize is how many decoded blocks a Store keeps for pages
// and single events (about 110 KB each for records of 1.7 KB): enough for a
// screen's worth of rows spread over the accounts and Regions of a busy
// store.
const storeBlockCacheSize = 48

// queryer runs a query: a *sql.DB, *sql.Conn or *sql.Tx.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// fillRecords sets e.Raw of each event from its stored form: a record of
// its own (decompressed) or a slot of a block, read through the store's
// cache. Records are copied out of blocks so that a kept event does not
// keep its whole block alive.
func (s *Store) fillRecords(ctx context.Context, q queryer, events []*history.Event, stored [][]byte) error {
	ids := make([]int64, len(events))
	for i, e := range events {
		ids[i] = e.ID
	}
	blocks, missing := neededBlocks(ids, stored, s.blocks)
	err := readStoredBlocks(ctx, q, missing, func(id int64, z []byte) error {
		blk, err := decodeBlock(z)
		if err != nil {
			return fmt.Errorf("block %d: %w", id, err)
		}
		blocks[id] = blk
		s.blocks.put(id, blk)
		return nil
	})
	if err != nil {
		return err
	}
	for i, e := range events {
		if !isBlockRef(stored[i]) {
			raw, err := decompressRecord(nil, stored[i])
			if err != nil {
				return fmt.Errorf("event %s: %w", e.EventID, err)
			}
			e.Raw = raw
			continue
		}
		rec, err := blocks[blockOf(e.ID)].record(e.ID)
		if err != nil {
			return fmt.Errorf("event %s: %w", e.EventID, err)
		}
		e.Raw = append([]byte(nil), rec...)
	}
	return nil
}

// neededBlocks finds the blocks that the rows with these IDs and stored
// raw values point into: those the cache holds, by ID, and the IDs of the
// rest (present in the map as nil until read). The rows are served from
// the returned map, not the cache, so that a read needing more blocks than
// the cache keeps still has them all.
func neededBlocks(rowIDs []int64, stored [][]byte, cache *blockLRU[int64]) (map[int64]*decodedBlock, []any) {
	blocks := map[int64]*decodedBlock{}
	var missing []any
	for i, id := range rowIDs {
		if !isBlockRef(stored[i]) {
			continue
		}
		b := blockOf(id)
		if _, ok := blocks[b]; ok {
			continue
		}
		// get also marks the block as recently used, so that it outlives
		// the blocks this read brings in.
		blocks[b] = cache.get(b)
		if blocks[b] == nil {
			missing = append(missing, b)
		}
	}
	return blocks, missing
}

// readStoredBlocks reads the stored bytes of the blocks with the given IDs
// and hands each to fn. A block a row refers to but the store lacks is an
// error: the store was changed underneath (pruned) or damaged.
func readStoredBlocks(ctx context.Context, q queryer, ids []any, fn func(id int64, z []byte) error) error {
	for len(ids) > 0 {
		n := min(len(ids), 256)
		chunk := ids[:n]
		ids = ids[n:]
		rows, err := q.QueryContext(ctx, "SELECT id, z FROM blocks WHERE id IN ("+placeholders(n)+")", chunk...)
		if err != nil {
			return fmt.Errorf("read records: %w", err)
		}
		got := 0
		for rows.Next() {
			var id int64
			var z []byte
			if err := rows.Scan(&id, &z); err != nil {
				rows.Close()
				return fmt.Errorf("read records: %w", err)
			}
			if err := fn(id, z); err != nil {
				rows.Close()
				return err
			}
			got++
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("read records: %w", err)
		}
		if got != n {
			return fmt.Errorf("read records: %w: %d of %d blocks missing (was the store pruned meanwhile?)", errCorruptRaw, n-got, n)
		}
	}
	return nil
}

// funcBlocks serves the SQL functions, which see a block's stored bytes
// but not which store they came from: decoded blocks are found again by a
// hash of those bytes.
var (
	funcBlocks   = newBlockLRU[funcBlockKey](64)
	funcHashSeed = maphash.MakeSeed()
)

type funcBlockKey struct {
	sum uint64
	n   int
}

// storedRecord returns the record of row id for the SQL functions, from
// its own stored raw value or from its block's stored bytes.
func storedRecord(id int64, raw, block []byte) ([]byte, error) {
	if !isBlockRef(raw) {
		return decompressRecord(nil, raw)
	}
	if block == nil {
		return nil, fmt.Errorf("%w: the block of row %d is missing", errCorruptRaw, id)
	}
	k := funcBlockKey{maphash.Bytes(funcHashSeed, block), len(block)}
	blk := funcBlocks.get(k)
	if blk == nil {
		var err error
		if blk, err = decodeBlock(block); err != nil {
			return nil, err
		}
		funcBlocks.put(k, blk)
	}
	return blk.record(id)
}

// recordSQL is the argument list through which compiled filters hand a row's
// record to tv_match and tv_text: the row ID, its raw column and, for rows
// whose record is in a block, the block's stored bytes.
const recordSQL = "e.id, e.raw, CASE WHEN length(e.raw) = 1 THEN (SELECT z FROM blocks WHERE id = e.id >> 6) END"
