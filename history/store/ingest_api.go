package store

import (
	"context"
	"fmt"
	"time"

	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/record"
)

// IngestResult says what one IngestLookupEvents call stored.
type IngestResult struct {
	Added      int // events new to the store
	Duplicates int // events the store already held, or repeated in the call
	Skipped    int // data and network-activity events, which are not Event history
	// Rejected holds one error per event that could not be read; the
	// other events are stored all the same.
	Rejected []error
	// Oldest and Newest bound the eventTime of the events read; zero when
	// none had a time.
	Oldest, Newest time.Time
}

// IngestLookupEvents stores events that arrive in memory rather than from
// files: each element is one lookup event as LookupEvents returns it
// ({"EventId":..., "CloudTrailEvent":"<record>", ...}). They go through the
// same parsing and writing as Load, deduplicated on eventID, and are
// committed in one transaction together with cov, when given, so that the
// store never claims a span complete without holding its events.
//
// Events fetched from the API belong to no input file: their file_id is 0.
func (s *Store) IngestLookupEvents(ctx context.Context, events [][]byte, cov *history.Coverage) (IngestResult, error) {
	var res IngestResult
	recs := make([]record.Parsed, 0, len(events))
	var oldest, newest int64
	for i, ev := range events {
		p, err := parseAPIEvent(ev)
		if err != nil {
			res.Rejected = append(res.Rejected, fmt.Errorf("event %d of the page: %w", i+1, err))
			continue
		}
		if p.Category == history.Data || p.Category == history.NetworkActivity {
			res.Skipped++
			continue
		}
		if p.HasTime {
			if oldest == 0 || p.TimeUS < oldest {
				oldest = p.TimeUS
			}
			if newest == 0 || p.TimeUS > newest {
				newest = p.TimeUS
			}
		}
		recs = append(recs, p)
	}
	if oldest != 0 {
		res.Oldest, res.Newest = time.UnixMicro(oldest).UTC(), time.UnixMicro(newest).UTC()
	}
	if cov != nil {
		if err := cov.Validate(); err != nil {
			return res, fmt.Errorf("ingest: %w", err)
		}
	}
	added, dups, err := s.writeAPIEvents(ctx, recs, cov)
	if err != nil {
		return res, fmt.Errorf("ingest: %w", err)
	}
	res.Added, res.Duplicates = added, dups
	return res, nil
}

// parseAPIEvent does for one lookup event what the worker does for one
// element of a file.
func parseAPIEvent(ev []byte) (record.Parsed, error) {
	if len(ev) > record.MaxRecordBytes {
		return record.Parsed{}, fmt.Errorf("larger than %d bytes", record.MaxRecordBytes)
	}
	compact, err := record.CompactJSON(make([]byte, 0, len(ev)), ev)
	if err != nil {
		return record.Parsed{}, err
	}
	p, err := record.ParseRecordJSON(compact, "")
	if err != nil {
		return record.Parsed{}, err
	}
	p.Words = compact
	return p, nil
}

// writeAPIEvents writes recs and cov in one transaction. The next row ID is
// read inside the transaction (BEGIN IMMEDIATE, see Open), so several
// Regions fetched in parallel can each call this without colliding.
func (s *Store) writeAPIEvents(ctx context.Context, recs []record.Parsed, cov *history.Coverage) (added, dups int, err error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return 0, 0, err
	}
	defer conn.Close()
	w := &writer{s: s, conn: conn, known: newKnownFiles(),
		stats: &loadStats{}, txDict: map[dictKey]int64{}}
	if err := w.begin(ctx); err != nil {
		return 0, 0, err
	}
	defer func() {
		if w.tx != nil {
			for _, st := range w.stmts {
				st.Close()
			}
			w.tx.Rollback()
		}
	}()
	if len(recs) > 0 {
		if err := w.writeChunk(ctx, (&worker{}).chunkMsg(nil, recs, true)); err != nil {
			return 0, 0, err
		}
	}
	if cov != nil {
		if err := addCoverage(ctx, w.tx, *cov, s.Now()); err != nil {
			return 0, 0, err
		}
	}
	if err := w.commit(); err != nil {
		return 0, 0, err
	}
	return int(w.unitAdded), int(w.unitDups), nil
}
