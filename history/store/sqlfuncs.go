package store

import (
	"database/sql/driver"
	"fmt"
	"sync"

	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/record"
	"modernc.org/sqlite"
)

// SQL functions that compiled filters use. They exist because the record
// is stored compressed (so SQLite's own JSON functions cannot read it) and
// because matching rules (ASCII case folding, globs, CIDR, words) must be
// the same everywhere. Names start with tv_ to stay out of SQLite's way.
//
//	tv_eid(text) blob            stored form of an event/request ID (EncodeID)
//	tv_eid_text(blob) text       the ID's text (DecodeID)
//	tv_tiekey(blob) blob         the key that orders events of one time (order.go)
//	tv_glob(text, pattern) int   ASCII case-insensitive glob: * any run, ? one character
//	tv_cidr(text, prefix) int    text is an IP address inside the CIDR prefix
//	tv_match(recordSQL, path, kind, pattern) int
//	                             a value at the dotted JSON path of the record
//	                             matches: kind is "eq", "glob", "exists" or "cidr";
//	                             arrays on the path match if any element does
//	tv_text(recordSQL, phrase) int
//	                             the record holds the full-text phrase (words.go)
//	tv_match_cached(store, recordSQL, ...), tv_text_cached(store, recordSQL, ...)
//	                             the same, or NULL when the block argument is
//	                             NULL and the block is not cached (sqlfuncs_blocks.go)
//
// recordSQL (blocks.go) stands for the three arguments that give a row's
// record: its ID, its raw column and its block's stored bytes.
var registerOnce sync.Once

func registerFunctions() {
	registerOnce.Do(func() {
		registerTieKey()
		sqlite.MustRegisterDeterministicScalarFunction("tv_eid", 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
			s, ok := args[0].(string)
			if !ok {
				return nil, nil
			}
			return record.EncodeID(s), nil
		})
		sqlite.MustRegisterDeterministicScalarFunction("tv_eid_text", 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
			b, ok := args[0].([]byte)
			if !ok {
				return nil, nil
			}
			return record.DecodeID(b), nil
		})
		sqlite.MustRegisterDeterministicScalarFunction("tv_glob", 2, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
			return boolInt(history.GlobMatch(textArg(args[1]), textArg(args[0]))), nil
		})
		sqlite.MustRegisterDeterministicScalarFunction("tv_cidr", 2, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
			prefix, err := history.CachedCIDR(textArg(args[1]))
			if err != nil {
				return nil, err
			}
			return boolInt(history.InCIDR(prefix, textArg(args[0]))), nil
		})
		sqlite.MustRegisterDeterministicScalarFunction("tv_match", 6, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
			rec, err := recordArg(args)
			if err != nil {
				return nil, err
			}
			ok, err := pathMatches(rec, textArg(args[3]), textArg(args[4]), textArg(args[5]))
			return boolInt(ok), err
		})
		sqlite.MustRegisterDeterministicScalarFunction("tv_text", 4, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
			rec, err := recordArg(args)
			if err != nil {
				return nil, err
			}
			return boolInt(textMatches(rec, textArg(args[3]))), nil
		})
		// The by-store forms (sqlfuncs_blocks.go): NULL when the block is
		// needed and was not handed over.
		sqlite.MustRegisterDeterministicScalarFunction("tv_match_cached", 7, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
			rec, ok, err := cachedRecordArg(args)
			if err != nil || !ok {
				return nil, err
			}
			matched, err := pathMatches(rec, textArg(args[4]), textArg(args[5]), textArg(args[6]))
			return boolInt(matched), err
		})
		sqlite.MustRegisterDeterministicScalarFunction("tv_text_cached", 5, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
			rec, ok, err := cachedRecordArg(args)
			if err != nil || !ok {
				return nil, err
			}
			return boolInt(textMatches(rec, textArg(args[4]))), nil
		})
	})
}

// recordArg returns the record that the first three arguments (recordSQL)
// give.
func recordArg(args []driver.Value) ([]byte, error) {
	id, _ := args[0].(int64)
	raw, _ := args[1].([]byte)
	block, _ := args[2].([]byte)
	if block != nil {
		blockHandovers.Add(1)
	}
	return storedRecord(id, raw, block)
}

func textArg(v driver.Value) string {
	switch x := v.(type) {
	case string:
		return x
	case []byte:
		return string(x)
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}
