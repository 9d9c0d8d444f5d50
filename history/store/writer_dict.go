package store

import (
	"context"
	"database/sql"
	"fmt"
	"hash/maphash"
)

// dictID returns the ID of a string, adding it to the dictionary if new.
func (w *writer) dictID(ctx context.Context, kind dictKind, v string) (int64, error) {
	k := dictKey{kind, v}
	ids := map[dictKey]int64{k: 0}
	if err := w.dictIDs(ctx, []dictKey{k}, ids); err != nil {
		return 0, err
	}
	return ids[k], nil
}

// dictLookupBatch is how many strings of one kind one query looks up.
const dictLookupBatch = 128

// dictIDs fills ids with the ID of every key, adding the strings the store
// does not hold yet. Strings this transaction added are in txDict, the
// committed ones the store has used lately in its cache; the rest are
// looked up kind by kind, many per query, and the new ones get the next IDs
// and wait in the pending rows like the events. One query per string (and
// one insert per new string) was a fifth of a load's time on the writer.
func (w *writer) dictIDs(ctx context.Context, keys []dictKey, ids map[dictKey]int64) error {
	byKind := map[dictKind][]string{}
	for _, k := range keys {
		if id, ok := w.txDict[k]; ok {
			ids[k] = id
			continue
		}
		if id, ok := w.s.dicts.lookup(k); ok {
			ids[k] = id
			continue
		}
		if w.dictWasNew {
			if _, maybe := w.dictSeen[dictHash(w.seed[0], k)]; !maybe {
				w.newDictID(k, ids)
				continue
			}
		}
		byKind[k.kind] = append(byKind[k.kind], k.value)
	}
	if len(byKind) == 0 {
		return nil
	}
	st, err := w.stmt(ctx, dictLookupSQL(dictLookupBatch))
	if err != nil {
		return err
	}
	args := make([]any, dictLookupBatch+1)
	for kind, values := range byKind {
		for start := 0; start < len(values); start += dictLookupBatch {
			chunk := values[start:min(start+dictLookupBatch, len(values))]
			args[0] = kind
			for i := range dictLookupBatch {
				// Short lists repeat their first value: one prepared
				// statement serves every size.
				args[i+1] = chunk[0]
				if i < len(chunk) {
					args[i+1] = chunk[i]
				}
			}
			if err := w.readDictIDs(ctx, st, kind, args, ids); err != nil {
				return err
			}
		}
		for _, v := range values {
			if k := (dictKey{kind, v}); ids[k] == 0 {
				w.newDictID(k, ids)
			}
		}
	}
	return nil
}

// newDictID gives k the next dictionary ID and queues its row.
func (w *writer) newDictID(k dictKey, ids map[dictKey]int64) {
	id := w.nextDictID
	w.nextDictID++
	w.pending.dict = append(w.pending.dict, id, int64(k.kind), k.value)
	w.pending.dictRows++
	ids[k] = id
	w.txDict[k] = id
	if w.savepoint {
		w.unitDict = append(w.unitDict, k)
	}
	if w.dictWasNew {
		if len(w.dictSeen) >= seenLimit {
			w.dictWasNew, w.dictSeen = false, nil
			return
		}
		w.dictSeen[dictHash(w.seed[0], k)] = struct{}{}
	}
}

func dictHash(seed maphash.Seed, k dictKey) uint64 {
	var h maphash.Hash
	h.SetSeed(seed)
	h.WriteByte(byte(k.kind))
	h.WriteString(k.value)
	return h.Sum64()
}

func (w *writer) readDictIDs(ctx context.Context, st *sql.Stmt, kind dictKind, args []any, ids map[dictKey]int64) error {
	rows, err := st.QueryContext(ctx, args...)
	if err != nil {
		return fmt.Errorf("read dictionary: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var v string
		if err := rows.Scan(&id, &v); err != nil {
			return fmt.Errorf("read dictionary: %w", err)
		}
		k := dictKey{kind, v}
		ids[k] = id
		w.s.dicts.add(k, id)
	}
	return rows.Err()
}
