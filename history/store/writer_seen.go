package store

import (
	"context"
	"fmt"
	"hash/maphash"
	"runtime/debug"

	"github.com/trailview/trailview/history/record"
)

// eventKey identifies an event ID in the writer's set of IDs seen: the 16
// bytes of a canonical UUID (what AWS writes), or 128 bits of seeded hash of
// any other text. Equal keys therefore mean equal IDs, except for a chance
// collision of 2^-128 that a crafted ID cannot aim at (the seeds are
// random per load). That is what lets a load into an empty store trust the
// set without the event ID index.
type eventKey [16]byte

func (w *writer) eventKey(id string) eventKey {
	if b, ok := record.ParseUUID(id); ok {
		return b
	}
	var k eventKey
	a, b := maphash.String(w.seed[0], id), maphash.String(w.seed[1], id)
	for i := 0; i < 8; i++ {
		k[i], k[8+i] = byte(a>>(8*i)), byte(b>>(8*i))
	}
	return k
}

// forgetUnitSeen takes the IDs of a unit that is not kept out of the set.
func (w *writer) forgetUnitSeen() {
	for _, k := range w.unitSeen {
		delete(w.seen, k)
	}
	w.unitSeen = w.unitSeen[:0]
}

// dropEventIDIndex is for a bulk load into an empty store: maintaining the
// index of random IDs row by row was a sixth of the load's time (42.6 ->
// 35.9 s of reading on the 1M-event benchmark tree), and while the store holds
// only this load's events the writer's set answers every question the
// index would.
func (w *writer) dropEventIDIndex(ctx context.Context) error {
	if !w.storeWasNew {
		return nil
	}
	if _, err := w.conn.ExecContext(ctx, "DROP INDEX IF EXISTS "+eventIDIndex.name); err != nil {
		return fmt.Errorf("drop the event ID index: %w", err)
	}
	w.idIndexDropped = true
	return nil
}

// checkStoreFromNowOn makes every later event be looked up in the store,
// building the event ID index first if this load dropped it. It runs
// inside the open transaction and outside any unit's savepoint, so the
// index cannot be rolled back with a unit.
func (w *writer) checkStoreFromNowOn(ctx context.Context) error {
	w.storeWasNew, w.seen, w.unitSeen = false, nil, nil
	if !w.idIndexDropped {
		return nil
	}
	// The set (up to 2M keys, ~80 MB) is garbage now: return its memory
	// before the index sort takes its own, so the two do not add up.
	debug.FreeOSMemory()
	// The index's sort runs go to disk, as createIndexes' do: in memory,
	// 2M IDs' sort lifted a load's peak RSS from 240 to 400 MB. The
	// setting is the connection's, not the open transaction's: it is
	// put back after the build.
	if _, err := w.tx.ExecContext(ctx, tempStorePragma(true)); err != nil {
		return fmt.Errorf("build the event ID index: %w", err)
	}
	if _, err := w.tx.ExecContext(ctx, eventIDIndex.ddl); err != nil {
		return fmt.Errorf("build the event ID index: %w", err)
	}
	if _, err := w.tx.ExecContext(ctx, tempStorePragma(w.tempOnDisk)); err != nil {
		return fmt.Errorf("build the event ID index: %w", err)
	}
	w.idIndexDropped = false
	return nil
}

// freshMask reports which records are not yet in the store, nor earlier in
// this load or this chunk.
func (w *writer) freshMask(ctx context.Context, recs []record.Parsed) ([]bool, error) {
	fresh := make([]bool, len(recs))
	inChunk := make(map[string]bool, len(recs))
	var probe []any
	var probeIdx []int
	for i := range recs {
		id := recs[i].EventID
		if inChunk[id] {
			continue
		}
		inChunk[id] = true
		if _, waiting := w.pending.ids[id]; waiting {
			continue
		}
		if w.storeWasNew {
			k := w.eventKey(id)
			if _, dup := w.seen[k]; !dup {
				w.seen[k] = struct{}{}
				w.unitSeen = append(w.unitSeen, k)
				fresh[i] = true
			}
			continue
		}
		probe = append(probe, record.EncodeID(id))
		probeIdx = append(probeIdx, i)
	}
	for start := 0; start < len(probe); start += 500 {
		end := min(start+500, len(probe))
		existing, err := w.existingIDs(ctx, probe[start:end])
		if err != nil {
			return nil, err
		}
		for k := start; k < end; k++ {
			if !existing[string(probe[k].([]byte))] {
				fresh[probeIdx[k]] = true
			}
		}
	}
	return fresh, nil
}

func (w *writer) existingIDs(ctx context.Context, ids []any) (map[string]bool, error) {
	st, err := w.stmt(ctx, "SELECT event_id FROM events WHERE event_id IN ("+placeholders(len(ids))+")")
	if err != nil {
		return nil, err
	}
	rows, err := st.QueryContext(ctx, ids...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var b []byte
		if err := rows.Scan(&b); err != nil {
			return nil, err
		}
		out[string(b)] = true
	}
	return out, rows.Err()
}
