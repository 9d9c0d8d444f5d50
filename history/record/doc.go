// Package record turns CloudTrail input bytes into records: it splits any
// container shape (a {"Records":[...]} file, {"Events":[...]}, bare arrays,
// JSON lines) into records without holding the input, validates and
// compacts each record once, extracts the lookup fields, derives the
// User name (spec 7) and the Resources list (spec 8), encodes event IDs,
// collects the full-text words, and evaluates a history.Predicate on a
// record in memory (Matches), exactly as the store's SQL does.
//
// Everything here is a pure function of its input bytes: no files, no SQL.
// The parsing fuzz targets live here.
package record
