package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// resolveAndDecompress readies a batch for fn: its dictionary strings
// are read on this goroutine while the blocks holding its records are
// decompressed on others. Decompression is the largest single cost of a
// JSON export, and it parallelizes perfectly.
func resolveAndDecompress(ctx context.Context, res *bulkResolver, b *eventBatch, withRaw bool) error {
	if !withRaw {
		return res.resolve(ctx, b)
	}
	cached, blocks, err := res.readBlocks(ctx, b)
	if err != nil {
		return err
	}
	workers := min(runtime.GOMAXPROCS(0), 4)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	// Blocks first, shared out among the workers; then each worker's share
	// of the rows whose records are stored on their own (older stores).
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(blocks); i += workers {
				blk, err := decodeBlock(blocks[i].z)
				if err != nil {
					errs[w] = fmt.Errorf("block %d: %w", blocks[i].id, err)
					return
				}
				blocks[i].decoded = blk
			}
			for i := w; i < b.n; i += workers {
				if isBlockRef(b.stored[i]) {
					continue
				}
				raw, err := decompressRecord(b.raw[i][:0], b.stored[i])
				if err != nil {
					errs[w] = fmt.Errorf("event %s: %w", b.events[i].EventID, err)
					return
				}
				b.raw[i] = raw
				b.events[i].Raw = raw
			}
		}()
	}
	err = res.resolve(ctx, b)
	wg.Wait()
	if err != nil {
		return err
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	for _, blk := range blocks {
		cached[blk.id] = blk.decoded
		res.blocks.put(blk.id, blk.decoded)
	}
	for i := 0; i < b.n; i++ {
		if !isBlockRef(b.stored[i]) {
			continue
		}
		e := &b.events[i]
		rec, err := cached[blockOf(e.ID)].record(e.ID)
		if err != nil {
			return fmt.Errorf("event %s: %w", e.EventID, err)
		}
		// The record aliases the decoded block; fn must copy what it keeps
		// (Iterate's contract), so no copy is made here.
		e.Raw = rec
	}
	return nil
}

// pendingBlock is a block a batch needs that the resolver has not decoded.
type pendingBlock struct {
	id      int64
	z       []byte
	decoded *decodedBlock
}

// readBlocks finds the blocks that the batch's rows need: those the
// resolver's cache holds, and the stored bytes of the rest, to be decoded
// by the caller. A batch of rows newest first needs few blocks: rows
// written together share one.
func (r *bulkResolver) readBlocks(ctx context.Context, b *eventBatch) (map[int64]*decodedBlock, []pendingBlock, error) {
	ids := make([]int64, b.n)
	for i := range ids {
		ids[i] = b.events[i].ID
	}
	blocks, missing := neededBlocks(ids, b.stored[:b.n], r.blocks)
	var out []pendingBlock
	err := readStoredBlocks(ctx, r.conn, missing, func(id int64, z []byte) error {
		out = append(out, pendingBlock{id: id, z: z})
		return nil
	})
	return blocks, out, err
}

// bulkResolver turns dictionary IDs into strings for Iterate with
// its own bounded cache and one prepared query on its own connection.
type bulkResolver struct {
	conn      *sql.Conn
	stmt      *sql.Stmt // IN list of dictChunk IDs
	rangeStmt *sql.Stmt // IDs between two bounds
	texts     map[int64]string
	blocks    *blockLRU[int64] // decoded blocks of this iteration
	need      []int64
	args      []any
}

func newBulkResolver(ctx context.Context, s *Store) (*bulkResolver, error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("read dictionary: %w", err)
	}
	q := "SELECT id, value FROM dict WHERE id IN (" + strings.TrimSuffix(strings.Repeat("?,", dictChunk), ",") + ")"
	stmt, err := conn.PrepareContext(ctx, q)
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("read dictionary: %w", err)
	}
	rangeStmt, err := conn.PrepareContext(ctx, "SELECT id, value FROM dict WHERE id BETWEEN ? AND ?")
	if err != nil {
		stmt.Close()
		conn.Close()
		return nil, fmt.Errorf("read dictionary: %w", err)
	}
	return &bulkResolver{conn: conn, stmt: stmt, rangeStmt: rangeStmt, texts: make(map[int64]string, 4096),
		blocks: newBlockLRU[int64](bulkBlockCache), args: make([]any, dictChunk)}, nil
}

func (r *bulkResolver) close() {
	r.stmt.Close()
	r.rangeStmt.Close()
	r.conn.Close()
}

// resolve fills the string fields of a batch's events. It must set the
// same fields as Store.resolve.
func (r *bulkResolver) resolve(ctx context.Context, b *eventBatch) error {
	if len(r.texts) > bulkDictLimit {
		r.texts = make(map[int64]string, 4096)
	}
	r.need = r.need[:0]
	for i := 0; i < b.n; i++ {
		b.ids[i].eachID(r.want)
	}
	if err := r.fetch(ctx); err != nil {
		return fmt.Errorf("read dictionary: %w", err)
	}
	for i := 0; i < b.n; i++ {
		b.ids[i].fill(&b.events[i], func(id int64) string { return r.texts[id] })
	}
	return nil
}

// want notes an ID to fetch unless it is known.
func (r *bulkResolver) want(id int64) {
	if _, ok := r.texts[id]; !ok {
		r.need = append(r.need, id)
	}
}

// fetch reads the needed IDs. Strings first seen together get
// neighbouring IDs, so the unknown IDs of a batch mostly form dense runs
// (the unique resource names and keys of neighbouring events): a run is
// read with one range scan, which costs far less per row than looking IDs
// up one by one; the scattered rest go through the IN list, dictChunk at a
// time. A range may bring strings no event of the batch needs; they are
// usually those of the next, older events.
func (r *bulkResolver) fetch(ctx context.Context) error {
	if len(r.need) == 0 {
		return nil
	}
	slices.Sort(r.need)
	r.need = slices.Compact(r.need)
	scattered := r.need[:0] // filtered in place
	for i := 0; i < len(r.need); {
		j := i + 1
		for j < len(r.need) && r.need[j]-r.need[j-1] <= rangeGap {
			j++
		}
		if j-i >= rangeMin {
			if err := r.read(ctx, r.rangeStmt, r.need[i], r.need[j-1]); err != nil {
				return err
			}
		} else {
			scattered = append(scattered, r.need[i:j]...)
		}
		i = j
	}
	for start := 0; start < len(scattered); start += dictChunk {
		chunk := scattered[start:min(start+dictChunk, len(scattered))]
		for i := range r.args {
			if i < len(chunk) {
				r.args[i] = chunk[i]
			} else {
				r.args[i] = int64(-1) // dict IDs are positive
			}
		}
		if err := r.read(ctx, r.stmt, r.args...); err != nil {
			return err
		}
	}
	return nil
}

// read runs a dictionary query and keeps every string it returns.
func (r *bulkResolver) read(ctx context.Context, stmt *sql.Stmt, args ...any) error {
	rows, err := stmt.QueryContext(ctx, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var v string
		if err := rows.Scan(&id, &v); err != nil {
			return err
		}
		r.texts[id] = v
	}
	return rows.Err()
}
