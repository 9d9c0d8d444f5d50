package history

// Bulk reading for export. Iterate resolves each row's dictionary IDs as it
// reads the row, which costs a dictionary query (prepared anew, since the
// IN list varies) whenever a row holds a string not cached yet: unique
// resource names, temporary access keys and varied user agents make that
// most rows of a large store, and on a million events the per-row queries
// took about 70% of an export. IterateBatched reads rows in batches,
// resolves each batch's unknown IDs with one prepared query, and does the
// SQLite stepping on a second goroutine so that reading and formatting
// overlap. Memory stays bounded: at most batchesInFlight batches of
// iterateBatch events exist at once.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
)

const (
	// iterateBatch is how many rows are resolved together.
	iterateBatch = 512
	// batchesInFlight bounds memory: one being read, one being written,
	// one waiting.
	batchesInFlight = 3
	// bulkDictLimit bounds the strings an IterateBatched call keeps; past
	// it the cache starts over, as the store's own cache does.
	bulkDictLimit = 200_000
	// dictChunk is the fixed size of the prepared dictionary query's IN
	// list; shorter lists are padded with an ID that never exists.
	dictChunk = 256
)

// eventBatch is a batch of scanned rows and their unresolved IDs.
type eventBatch struct {
	events []Event
	ids    []scanIDs
	n      int
}

// IterateBatched calls fn for every event of q, newest first, with the
// same results as Iterate, but faster on large exports (see above). The
// Event passed to fn is reused after fn returns: copy what must be kept.
// fn runs on the calling goroutine.
func (s *Store) IterateBatched(ctx context.Context, q Query, withRaw bool, fn func(*Event) error) error {
	b, err := s.build(ctx, q)
	if errors.Is(err, errNoMatch) {
		return nil
	}
	if err != nil {
		return err
	}
	cols := eventColumns
	if withRaw {
		cols += ", e.raw"
	}
	query := "SELECT " + cols + " FROM " + b.from + b.where() + " ORDER BY " + b.timeCo + " DESC, " + b.idCol + " DESC"

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	res, err := newBulkResolver(ctx, s)
	if err != nil {
		return err
	}
	defer res.close()
	rows, err := s.db.QueryContext(ctx, query, b.args...)
	if err != nil {
		return fmt.Errorf("query events: %w", err)
	}

	free := make(chan *eventBatch, batchesInFlight)
	for range batchesInFlight {
		free <- &eventBatch{events: make([]Event, iterateBatch), ids: make([]scanIDs, iterateBatch)}
	}
	full := make(chan *eventBatch, batchesInFlight)
	readErr := make(chan error, 1)
	go func() {
		defer close(full)
		defer rows.Close()
		readErr <- readBatches(ctx, rows, withRaw, free, full)
	}()

	var fnErr error
	for batch := range full {
		if fnErr == nil {
			fnErr = res.resolve(ctx, batch)
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

// readBatches steps through rows, filling batches from free and sending
// them on full.
func readBatches(ctx context.Context, rows *sql.Rows, withRaw bool, free <-chan *eventBatch, full chan<- *eventBatch) error {
	var sc eventScanner
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
	for rows.Next() {
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
		if err := sc.scan(rows, e, withRaw); err != nil {
			return err
		}
		e.Resources = resources // reuse the slot's array
		batch.ids[batch.n] = sc.ids
		batch.n++
		if batch.n == iterateBatch {
			if err := send(); err != nil {
				return err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("query events: %w", err)
	}
	if batch != nil && batch.n > 0 {
		return send()
	}
	return nil
}

// bulkResolver turns dictionary IDs into strings for IterateBatched with
// its own bounded cache and one prepared query on its own connection.
type bulkResolver struct {
	conn  *sql.Conn
	stmt  *sql.Stmt
	texts map[int64]string
	need  []int64
	args  []any
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
	return &bulkResolver{conn: conn, stmt: stmt, texts: make(map[int64]string, 4096), args: make([]any, dictChunk)}, nil
}

func (r *bulkResolver) close() {
	r.stmt.Close()
	r.conn.Close()
}

// resolve fills the string fields of a batch's events. It must set the
// same fields as Store.resolve.
func (r *bulkResolver) resolve(ctx context.Context, b *eventBatch) error {
	if len(r.texts) > bulkDictLimit {
		r.texts = make(map[int64]string, 4096)
	}
	r.need = r.need[:0]
	want := func(n sql.NullInt64) {
		if n.Valid {
			r.want(n.Int64)
		}
	}
	for i := 0; i < b.n; i++ {
		x := &b.ids[i]
		want(x.region)
		want(x.account)
		want(x.name)
		want(x.source)
		want(x.user)
		want(x.key)
		want(x.errc)
		want(x.ip)
		want(x.agent)
		want(x.etype)
		want(x.itype)
		want(x.iarn)
		forEachResourceRef(x.res, func(t, n int64) {
			if t != 0 {
				r.want(t)
			}
			r.want(n)
		})
	}
	if err := r.fetch(ctx); err != nil {
		return fmt.Errorf("read dictionary: %w", err)
	}
	get := func(n sql.NullInt64) string {
		if !n.Valid {
			return ""
		}
		return r.texts[n.Int64]
	}
	for i := 0; i < b.n; i++ {
		e, x := &b.events[i], &b.ids[i]
		e.Region, e.Account, e.EventName, e.EventSource = get(x.region), get(x.account), get(x.name), get(x.source)
		e.Username, e.AccessKeyID, e.ErrorCode, e.SourceIP = get(x.user), get(x.key), get(x.errc), get(x.ip)
		e.UserAgent, e.EventType, e.IdentityType, e.IdentityARN = get(x.agent), get(x.etype), get(x.itype), get(x.iarn)
		e.Resources = e.Resources[:0]
		forEachResourceRef(x.res, func(t, n int64) {
			res := Resource{Name: r.texts[n]}
			if t != 0 {
				res.Type = r.texts[t]
			}
			e.Resources = append(e.Resources, res)
		})
		if len(e.Resources) == 0 {
			e.Resources = nil
		}
	}
	return nil
}

// want notes an ID to fetch unless it is known.
func (r *bulkResolver) want(id int64) {
	if _, ok := r.texts[id]; !ok {
		r.need = append(r.need, id)
	}
}

// fetch reads the needed IDs, dictChunk at a time.
func (r *bulkResolver) fetch(ctx context.Context) error {
	if len(r.need) == 0 {
		return nil
	}
	slices.Sort(r.need)
	r.need = slices.Compact(r.need)
	for start := 0; start < len(r.need); start += dictChunk {
		chunk := r.need[start:min(start+dictChunk, len(r.need))]
		for i := range r.args {
			if i < len(chunk) {
				r.args[i] = chunk[i]
			} else {
				r.args[i] = int64(-1) // dict IDs are positive
			}
		}
		rows, err := r.stmt.QueryContext(ctx, r.args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			var v string
			if err := rows.Scan(&id, &v); err != nil {
				rows.Close()
				return err
			}
			r.texts[id] = v
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}
