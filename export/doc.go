// Package export writes events from a history store the way the CloudTrail
// console's "Download events" does (spec 4.3): CSV with the console's 16
// columns, JSON as {"Records":[...]} holding the complete records, and JSON
// lines for jq and SIEM pipelines.
//
// Writers stream: they hold one event at a time, so memory stays flat
// whatever the number of events. Files are written under a temporary name
// and renamed only when complete, so a failed or interrupted export never
// leaves a partial file that looks complete.
//
// The package knows nothing of terminals; the CLI and the UI drive it.
package export
