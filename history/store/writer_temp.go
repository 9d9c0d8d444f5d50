package store

import (
	"context"
	"fmt"
)

// Where the writer's statement journals live.
//
// Inside a transaction SQLite gives every statement that writes to an
// indexed table a statement journal (a copy of each page it changes, to
// undo the statement alone), whatever its conflict clause. With temp_store
// = FILE a journal past 64 KiB spills to a temporary file, a write call per
// page: on the busy benchmark tree that was ~1 s of the writer's CPU and
// ~2.5 s of its wall time, for journals that are dropped when the
// statement ends. In memory they cost a copy each and are freed at once.
//
// A unit of several chunks runs under a savepoint, whose journal keeps a
// copy of every page the unit changes that existed when it began: for a
// large file loaded into a large store, much of the store. Those units
// run in a transaction begun with temp_store = FILE, so that memory stays
// bounded (SQLite fixes where a transaction's journals go when it begins,
// which is why the writer commits first when it must switch).

// placeJournals makes the next transaction keep its journals on disk
// (onDisk) or in memory. Moving to disk commits the open transaction;
// moving back to memory waits for the next one.
func (w *writer) placeJournals(ctx context.Context, onDisk bool) error {
	if w.tempOnDisk == onDisk {
		return nil
	}
	if w.tx != nil {
		if !onDisk {
			return nil
		}
		if err := w.commit(); err != nil {
			return err
		}
	}
	return w.setTempStore(ctx, onDisk)
}

// setTempStore sets the writer connection's temp_store outside a
// transaction.
func (w *writer) setTempStore(ctx context.Context, onDisk bool) error {
	if _, err := w.conn.ExecContext(ctx, tempStorePragma(onDisk)); err != nil {
		return fmt.Errorf("set the writer's temporary storage: %w", err)
	}
	w.tempOnDisk = onDisk
	return nil
}

func tempStorePragma(onDisk bool) string {
	if onDisk {
		return "PRAGMA temp_store = FILE"
	}
	return "PRAGMA temp_store = MEMORY"
}
