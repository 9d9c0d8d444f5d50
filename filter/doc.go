// Package filter is trailview's filter language: what a user types in the
// filter bar, `export --filter` or a saved view. Compile parses the text
// and translates it into a history.Predicate (Filter.Pred): what the
// filter means, which record.Matches evaluates in memory and the store
// (history/store) compiles into SQL for history.Query.Pred. The package
// knows nothing of the store's tables.
//
// The language is described in docs/filter.md. In short:
//
//	event:Delete* user:alice -error:*        fields, globs, negation
//	ip:10.0.0.0/8 OR ip:192.168.0.0/16       CIDR prefixes, OR
//	requestParameters.bucketName:prod-*      any JSON path of the record
//	since:2h  after:2025-03-01  before:2025-03-02T10:00Z
//	"access denied" (s3 OR ec2)              full-text words and phrases
//
// Input length, term count and nesting depth are bounded so that no input
// can make the predicate, and the SQL the store compiles from it,
// arbitrarily large or deep.
//
// The package depends only on history; it must not import the UI or the
// store.
package filter
