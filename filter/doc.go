// Package filter is trailview's filter language: what a user types in the
// filter bar, `export --filter` or a saved view. Compile parses the text,
// translates it into a history.Predicate (Filter.Pred, what the filter
// means, which record.Matches evaluates in memory) and compiles that into
// a parameterized SQL condition over the store's events table (aliased e)
// for history.Query.Where and Args.
//
// The language is described in docs/filter.md. In short:
//
//	event:Delete* user:alice -error:*        fields, globs, negation
//	ip:10.0.0.0/8 OR ip:192.168.0.0/16       CIDR prefixes, OR
//	requestParameters.bucketName:prod-*      any JSON path of the record
//	since:2h  after:2025-03-01  before:2025-03-02T10:00Z
//	"access denied" (s3 OR ec2)              full-text words and phrases
//
// User text never becomes SQL: every value travels as a bound argument,
// and the SQL text is assembled only from fixed fragments chosen by the
// predicate's node types. Input length, term count and nesting depth are bounded so
// that no input can make the SQL arbitrarily large or deep.
//
// The package depends only on history; it must not import the UI.
package filter
