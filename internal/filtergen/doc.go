// Package filtergen generates the random inputs of the filter property
// tests: CloudTrail records with the odd values filters trip over, the
// files a property test loads, and random filter text built from the
// values of loaded events.
//
// It exists for tests only: filter's in-memory property test and the
// store's compiled-SQL property test draw the same filters from it, so the
// language and its SQL are checked on the same inputs. No production code
// imports it. It generates filter TEXT only, from event values, and so
// needs nothing of filter's internals; it must not import history/store,
// whose own tests import it.
package filtergen
