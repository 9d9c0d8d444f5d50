// Package live copies Event history from AWS into a trailview store with
// the LookupEvents API (spec 2), through aws-sdk-go-v2. It is kept apart
// from package history so that the store, the UI and the offline tools do
// not link the SDK.
//
// A fetch is incremental and resumable: pages are committed as they
// arrive, each together with the span of time it proves complete (the
// coverage table of the store), so an interrupted run loses nothing and
// the next one asks only for what is missing. Requests are paced per
// account and Region below the service's limit of 2 per second, whatever
// the SDK's retryer does.
package live
