package store

import (
	"database/sql/driver"
	"sync/atomic"
)

// A filter that reads records (tv_text, tv_match) hands SQLite's function
// the row's whole block, 64 compressed records, for every row it tests:
// SQLite reads the block's overflow pages, the driver copies it into a
// new Go slice, and the function hashes it to find the block it decoded
// for the previous row. A walk through a Region of half a million events
// spent more than a third of its time there. Instead the function is
// first called without the block and looks the decoded block up by the
// store and block ID; only when it is not cached does SQLite call it again
// with the stored bytes:
//
//	COALESCE(tv_text_cached(store, e.id, e.raw, NULL, ...), tv_text_cached(store, e.id, e.raw, <block>, ...))
//
// COALESCE evaluates its second argument only when the first is NULL.
// A block ID names the same records for a store's whole life (blocks are
// written once; Prune rewrites a block only without the pruned rows), the
// same rule by which the Store caches blocks for pages.

// storeTokens numbers the stores opened in this process, so that two
// stores' blocks of the same ID are never mistaken for each other.
var storeTokens atomic.Int64

// idBlocks holds decoded blocks by store and block ID for the SQL
// functions.
var idBlocks = newBlockLRU[idBlockKey](64)

type idBlockKey struct{ store, block int64 }

// blockHandovers counts the blocks handed to the SQL functions, for tests.
var blockHandovers atomic.Int64

// recordCall is the SQL calling fn on the row's record, then the text of
// tail (which closes the call) with tailArgs.
func (c *compiler) recordCall(fn, tail string, tailArgs ...any) (string, []any) {
	if c.store == 0 {
		return fn + "(" + recordSQL + tail, tailArgs
	}
	args := append([]any{c.store}, tailArgs...)
	args = append(args, args...)
	cached := fn + "_cached"
	return "COALESCE(" + cached + "(?, e.id, e.raw, NULL" + tail + ", " + cached + "(?, " + recordSQL + tail + ")", args
}

// cachedRecordArg is recordArg for the functions' by-store form, whose
// first argument is the store's token: ok is false when the record is in
// a block that was not handed over and is not cached.
func cachedRecordArg(args []driver.Value) (rec []byte, ok bool, err error) {
	store, _ := args[0].(int64)
	id, _ := args[1].(int64)
	raw, _ := args[2].([]byte)
	block, _ := args[3].([]byte)
	if block != nil {
		blockHandovers.Add(1)
	}
	if !isBlockRef(raw) {
		rec, err = storedRecord(id, raw, nil)
		return rec, true, err
	}
	k := idBlockKey{store, id >> blockShift}
	blk := idBlocks.get(k)
	if blk == nil {
		if block == nil {
			return nil, false, nil
		}
		if blk, err = decodeBlock(block); err != nil {
			return nil, false, err
		}
		idBlocks.put(k, blk)
	}
	rec, err = blk.record(id)
	return rec, true, err
}
