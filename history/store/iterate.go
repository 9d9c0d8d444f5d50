package store

// Bulk reading for export. Iterate resolves each row's dictionary IDs as it
// reads the row, which costs a dictionary query (prepared anew, since the
// IN list varies) whenever a row holds a string not cached yet: unique
// resource names, temporary access keys and varied user agents make that
// most rows of a large store, and on a million events the per-row queries
// took about 70% of an export. Iterate reads rows in batches,
// resolves each batch's unknown IDs with a few prepared queries (range
// scans where the IDs are dense), does the SQLite stepping on a second
// goroutine so that reading and formatting overlap, and decompresses the
// records of a batch on several goroutines. Memory stays bounded: at most
// batchesInFlight batches of iterateBatch events exist at once.

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"

	"github.com/trailview/trailview/history"
)

const (
	// iterateBatch is how many rows are resolved together.
	iterateBatch = 512
	// batchesInFlight bounds memory: one being read, one being written,
	// one waiting.
	batchesInFlight = 3
	// bulkDictLimit bounds the strings an Iterate call keeps; past
	// it the cache starts over, as the store's own cache does.
	bulkDictLimit = 200_000
	// dictChunk is the fixed size of the prepared dictionary query's IN
	// list; shorter lists are padded with an ID that never exists.
	dictChunk = 256
	// A run of needed IDs at most rangeGap apart and at least rangeMin
	// long is read as a range.
	rangeGap = 8
	rangeMin = 16
	// bulkBlockCache is how many decoded blocks an export keeps: a
	// newest-first walk over several accounts and Regions draws on one
	// block per stream written at that time, and this leaves room for
	// loads that interleaved many streams.
	bulkBlockCache = 128
)

// eventBatch is a batch of scanned rows and their unresolved IDs.
type eventBatch struct {
	events []history.Event
	ids    []scanIDs
	stored [][]byte // compressed records, decompressed by the consumer
	raw    [][]byte // decompression buffers, reused
	n      int
}

// Iterate calls fn for every event of q, newest first, with the
// same results as Iterate, but faster on large exports (see above). The
// Event passed to fn is reused after fn returns: copy what must be kept.
// fn runs on the calling goroutine.
//
// A query over every Region (q.Region == "") is read as one cursor per
// Region, each in index order, merged on (time, event ID): a single query would
// make SQLite sort the whole result, records included, in memory (the
// store keeps temporary data in memory), so memory would grow with the
// export.
func (s *Store) Iterate(ctx context.Context, q history.Query, withRaw bool, fn func(*history.Event) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	src, err := s.openSource(ctx, q, withRaw)
	if err != nil {
		return err
	}
	res, err := newBulkResolver(ctx, s)
	if err != nil {
		src.close()
		return err
	}
	defer res.close()

	free := make(chan *eventBatch, batchesInFlight)
	for range batchesInFlight {
		free <- &eventBatch{events: make([]history.Event, iterateBatch), ids: make([]scanIDs, iterateBatch),
			stored: make([][]byte, iterateBatch), raw: make([][]byte, iterateBatch)}
	}
	full := make(chan *eventBatch, batchesInFlight)
	readErr := make(chan error, 1)
	go func() {
		defer close(full)
		defer src.close()
		readErr <- readBatches(ctx, src, free, full)
	}()

	var fnErr error
	for batch := range full {
		if fnErr == nil {
			fnErr = resolveAndDecompress(ctx, res, batch, withRaw)
		}
		for i := 0; i < batch.n && fnErr == nil; i++ {
			fnErr = fn(&batch.events[i])
		}
		if fnErr != nil {
			cancel() // stop the reader; keep draining so it can finish
		}
		free <- batch
	}
	rerr := <-readErr
	if fnErr != nil {
		return fnErr
	}
	return rerr
}

// readBatches fills batches from free with src's rows and sends them on
// full.
func readBatches(ctx context.Context, src rowSource, free <-chan *eventBatch, full chan<- *eventBatch) error {
	var batch *eventBatch
	send := func() error {
		select {
		case full <- batch:
			batch = nil
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	for {
		if batch == nil {
			select {
			case batch = <-free:
				batch.n = 0
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		e := &batch.events[batch.n]
		resources := e.Resources[:0]
		ok, err := src.next(e, &batch.ids[batch.n], &batch.stored[batch.n])
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		e.Resources = resources // resolve appends into the slot's old array
		batch.n++
		if batch.n == iterateBatch {
			if err := send(); err != nil {
				return err
			}
		}
	}
	if batch != nil && batch.n > 0 {
		return send()
	}
	return nil
}

// rowSource yields scanned rows newest first.
type rowSource interface {
	// next scans the next row into e and ids, and its compressed record
	// (when read) into stored; false at the end.
	next(e *history.Event, ids *scanIDs, stored *[]byte) (bool, error)
	close()
}

// openSource prepares the rows of q. Every
// cursor runs on one connection inside one read transaction, so that the
// merged Regions come from the same snapshot of the store and any number
// of Regions needs a single connection.
func (s *Store) openSource(ctx context.Context, q history.Query, withRaw bool) (src rowSource, err error) {
	regions := []string{q.Region}
	if q.Region == "" {
		if regions, err = s.regionNames(ctx); err != nil {
			return nil, err
		}
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("query events: %w", err)
	}
	if _, err := conn.ExecContext(ctx, "BEGIN DEFERRED"); err != nil {
		conn.Close()
		return nil, fmt.Errorf("query events: %w", err)
	}
	m := &mergeSource{conn: conn}
	defer func() {
		if err != nil {
			m.close()
		}
	}()
	for _, r := range regions {
		rq := q
		rq.Region = r
		var blank []cond
		if r == "" {
			// Records without awsRegion: Query.Region "" means every
			// Region, so this one is selected by its ID instead.
			id, err := s.lookupDictID(ctx, kindRegion, "")
			if err != nil {
				return nil, err
			}
			blank = []cond{{"e.region_id = ?", []any{id}}}
		}
		c, err := s.openCursor(ctx, conn, rq, withRaw, blank...)
		if err != nil {
			return nil, err
		}
		if c == nil {
			continue
		}
		h := &mergeHead{c: c}
		ok, err := c.next(&h.e, &h.ids, &h.stored)
		if err != nil {
			c.close()
			return nil, err
		}
		if !ok {
			c.close()
			continue
		}
		m.heads = append(m.heads, h)
	}
	return m, nil
}

// regionNames lists every Region the store has seen.
func (s *Store) regionNames(ctx context.Context) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT value FROM dict WHERE kind = ? ORDER BY value", int64(kindRegion))
	if err != nil {
		return nil, fmt.Errorf("list Regions: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			return nil, fmt.Errorf("list Regions: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// cursor is one query's rows in order.
type cursor struct {
	rows    *sql.Rows
	sc      eventScanner
	withRaw bool
}

// openCursor runs the query of q (whose Region must be set, so that the
// scope index gives the order); nil when nothing can match.
func (s *Store) openCursor(ctx context.Context, conn *sql.Conn, q history.Query, withRaw bool, pre ...cond) (*cursor, error) {
	b, err := s.build(ctx, q, pre...)
	if errors.Is(err, errNoMatch) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	cols := eventColumns
	if withRaw {
		cols += ", e.raw"
	}
	query := "SELECT " + cols + " FROM " + b.from + b.where() + b.orderBy("DESC")
	rows, err := conn.QueryContext(ctx, query, b.args...)
	if err != nil {
		return nil, fmt.Errorf("query events: %w", err)
	}
	return &cursor{rows: rows, withRaw: withRaw}, nil
}

func (c *cursor) next(e *history.Event, ids *scanIDs, stored *[]byte) (bool, error) {
	if !c.rows.Next() {
		if err := c.rows.Err(); err != nil {
			return false, fmt.Errorf("query events: %w", err)
		}
		return false, nil
	}
	if err := c.sc.scanStored(c.rows, e, c.withRaw); err != nil {
		return false, err
	}
	*ids = c.sc.ids
	*stored = c.sc.raw
	return true, nil
}

func (c *cursor) close() { c.rows.Close() }

// mergeSource merges per-Region cursors into newest-first order: the
// order of (time, event ID) descending that a single query would give.
type mergeSource struct {
	conn  *sql.Conn
	heads []*mergeHead // cursors with a pending row
}

type mergeHead struct {
	c      *cursor
	e      history.Event
	ids    scanIDs
	stored []byte
}

func (m *mergeSource) next(e *history.Event, ids *scanIDs, stored *[]byte) (bool, error) {
	if len(m.heads) == 0 {
		return false, nil
	}
	// A handful of Regions: a linear scan beats a heap.
	best := 0
	for i, h := range m.heads[1:] {
		b := m.heads[best]
		if newerFirst(h.e.Cursor().TimeUS, h.e.EventID, b.e.Cursor()) {
			best = i + 1
		}
	}
	h := m.heads[best]
	*e, *ids, *stored = h.e, h.ids, h.stored
	ok, err := h.c.next(&h.e, &h.ids, &h.stored)
	if err != nil {
		return false, err
	}
	if !ok {
		h.c.close()
		m.heads = append(m.heads[:best], m.heads[best+1:]...)
	}
	return true, nil
}

func (m *mergeSource) close() {
	for _, h := range m.heads {
		h.c.close()
	}
	m.heads = nil
	if m.conn != nil {
		// The transaction only read; ending it must not depend on a
		// context that may be cancelled already.
		if _, err := m.conn.ExecContext(context.Background(), "ROLLBACK"); err != nil {
			// Never hand the pool a connection still inside a transaction.
			m.conn.Raw(func(any) error { return driver.ErrBadConn })
		}
		m.conn.Close()
		m.conn = nil
	}
}
