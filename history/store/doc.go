// Package store is trailview's store: one SQLite file, and the only package
// that imports database/sql or the SQLite driver and the only one that
// writes SQL. It owns the schema and its migrations (migrations/), the
// records' blocks and compression, the dictionary of repeated strings, the
// loader (walking inputs, decompressing within bounds, parsing with
// history/record on worker goroutines, one writer), queries with the
// semantics of Event history and LookupEvents, pruning, coverage, the
// scope counts, fetch pacing, and the compiler that turns a
// history.Predicate into SQL (predsql*.go).
//
// The lookup columns are described once, in lookupColumns
// (lookupcols.go): adding one is a row there and a migration.
package store
