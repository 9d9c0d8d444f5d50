package store

import (
	"context"
	"io"
)

// inputCount is the walk that counts the inputs for the progress totals
// and the bulk choice. It runs beside the load instead of before it: on a
// tree of a million events the count alone took about a second, during
// which a browser opened with `trailview PATH` showed nothing.
type inputCount struct {
	bulk    chan bool     // the bulk choice, once it can no longer change
	done    chan struct{} // closed when the walk has ended
	stop    context.CancelFunc
	decider bulkDecider
}

// bulkDecider decides whether to rebuild secondary indexes at the end
// (worth it when the input is large compared with the store) from a
// running count of the input's new bytes. With BulkAuto the answer can only turn from no to
// yes as bytes are added, so a yes is final at once and a no only when the
// walk has ended.
type bulkDecider struct {
	mode   BulkMode
	stored int64 // events in the store when the load began
}

func (s *Store) newBulkDecider(ctx context.Context, mode BulkMode) (bulkDecider, error) {
	d := bulkDecider{mode: mode}
	if mode != BulkAuto {
		return d, nil
	}
	err := s.db.QueryRowContext(ctx, "SELECT coalesce(max(id), 0) FROM events").Scan(&d.stored)
	return d, err
}

// choose is the decision for inputBytes of new input; final says it holds
// whatever more bytes the walk finds.
func (d bulkDecider) choose(inputBytes int64) (bulk, final bool) {
	switch d.mode {
	case BulkOn:
		return true, true
	case BulkOff:
		return false, true
	}
	// A compressed log record is about 200 bytes; plain JSON more, which
	// only makes this estimate generous.
	incoming := inputBytes / 200
	bulk = incoming >= 50_000 && d.stored < 2*incoming
	return bulk, bulk
}

// startCount walks paths on its own goroutine, adding to the totals of
// stats, and sends the bulk choice as soon as it is final.
func startCount(ctx context.Context, paths []string, stdin io.Reader, known *knownFiles, d bulkDecider, stats *loadStats) *inputCount {
	ctx, stop := context.WithCancel(ctx)
	c := &inputCount{bulk: make(chan bool, 1), done: make(chan struct{}), stop: stop, decider: d}
	go func() {
		defer close(c.done)
		// unseenBytes leaves out the files loaded before and unchanged,
		// which will be skipped: a reload of a tree must not rebuild
		// every index for nothing (it did, and that was most of a
		// reload's time).
		var unseenBytes int64
		bulk, sent := d.choose(0)
		if sent {
			c.bulk <- bulk
		}
		if countStartHook != nil {
			countStartHook()
		}
		discover(paths, stdin, func(in *input) bool {
			stats.mu.Lock()
			stats.p.FilesTotal++
			if in.size > 0 {
				stats.p.BytesTotal += in.size
			}
			stats.mu.Unlock()
			if in.size > 0 && !in.digest && !known.hasStat(&unit{path: in.path, size: in.size, mtimeNS: in.mtimeNS}) {
				unseenBytes += in.size
			}
			if !sent {
				if bulk, final := d.choose(unseenBytes); final {
					c.bulk <- bulk
					sent = true
				}
			}
			return ctx.Err() == nil
		}, func(*InputError) {}, nil)
		if !sent {
			bulk, _ := d.choose(unseenBytes)
			c.bulk <- bulk
		}
	}()
	return c
}

// countStartHook, when set (by tests only), runs on the count's goroutine
// before it walks: a test holds the count back to see the load go on.
var countStartHook func()

// wait returns once the walk has ended; cancelled, it stops the walk first.
func (c *inputCount) wait(cancelled bool) {
	if cancelled {
		c.stop()
	}
	<-c.done
	c.stop()
}
