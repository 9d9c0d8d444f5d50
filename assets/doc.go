// Package assets generates trailview's sample history: realistic CloudTrail
// management events, a few Insights events and one small incident to find,
// all derived from a seed so that the same options always give the same
// bytes.
//
// The same generator serves three purposes: the sample a new user explores
// (SampleOptions, OpenSample), the padded S3 trees of the ingest benchmark
// (BenchOptions, WriteTree, internal/cmd/gentree) and the cached stores other
// benchmarks query (internal/benchstore). Nothing is embedded but the Go
// tables of this package, so the binary stays small.
package assets
