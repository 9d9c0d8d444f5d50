package assets

import (
	"errors"
	"fmt"
	"time"
)

// GeneratorVersion changes whenever the same Options would give different
// bytes; caches of generated data (internal/benchstore, the sample store)
// put it in their file names.
const GeneratorVersion = 1

// Options says what to generate.
type Options struct {
	Seed   uint64
	Events int           // management events, the incident's included
	End    time.Time     // the newest management event is at End (seconds)
	Span   time.Duration // events spread over (End-Span, End]
	// Regions and Accounts; the first of each is the busiest. Global
	// services (IAM, STS's global endpoint, sign-in) record in us-east-1,
	// or in Regions[0] when us-east-1 is not listed.
	Regions, Accounts []string
	// Insights is the number of Insights records, in Start/End pairs
	// (rounded up to an even number).
	Insights int
	// Incident adds the leaked-key incident a few days before End
	// (README.md). It needs at least 200 events.
	Incident bool
	// Chains adds three role-chaining sessions (chains.go): a user's key
	// assumes a role whose session assumes a role in the second account.
	// They need two accounts and at least 200 events, and are counted in
	// Events.
	Chains bool
	// Padded makes records 1.2-2 KB, as in busy trails (long SDK user
	// agents, full session contexts, tag sets): for benchmarks.
	Padded bool
	// Busy makes the second benchmark shape (BusyOptions): ~1.5 KB records
	// of many distinct tokens, short sessions, even activity across
	// accounts and Regions, and data and network-activity events mixed in.
	Busy bool
	// Anchor, when set, is where the history's rhythm is laid out: the
	// records are those of a history ending at Anchor (its working hours
	// and weekends, its credential sessions' hours, the incident's night),
	// moved in time to end at End. Options that differ only in End then
	// give the same events, only shifted; the sample sets it so that it is
	// the same whenever it is built. Zero means End.
	Anchor time.Time
}

// Sample's scope, also used by the README and tests.
var (
	SampleRegions  = []string{"us-east-1", "eu-west-1", "us-west-2"}
	SampleAccounts = []string{"111122223333", "444455556666"}
)

// SampleEvents is the size of the sample history: 24,000 events, plus the
// chained sessions' added later. Adding them to the count keeps the
// timeline's hourly counts, and so every other event, as they were.
const SampleEvents = 24_000 + len(ChainKeys)*chainStepsPerSession

// SampleAnchor is the instant the sample's rhythm is laid out against
// (Options.Anchor): whatever now is, the sample holds the events of the 90
// days before SampleAnchor, moved to end at now. It is the end of the
// README's first screen.
var SampleAnchor = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

// SampleOptions is the embedded sample: 90 days ending at now, three
// Regions, two accounts, the incident and three Insights pairs; the same
// events for every now, shifted in time (SampleAnchor).
func SampleOptions(now time.Time) Options {
	return Options{
		Anchor:   SampleAnchor,
		Seed:     20250301,
		Events:   SampleEvents,
		End:      now.UTC().Truncate(time.Second),
		Span:     90 * 24 * time.Hour,
		Regions:  SampleRegions,
		Accounts: SampleAccounts,
		Insights: 6,
		Incident: true,
		Chains:   true,
	}
}

// BenchEnd is the fixed end of benchmark histories, so that generated trees
// and stores are the same on every run and every machine. Benchmarks that
// query a 90-day window must use it as their "now".
var BenchEnd = time.Date(2025, 3, 31, 12, 0, 0, 0, time.UTC)

// BenchOptions is a busy organization's history for benchmarks: n padded
// events over the 90 days ending at BenchEnd, four Regions, three accounts.
func BenchOptions(n int) Options {
	return Options{
		Seed:     1,
		Events:   n,
		End:      BenchEnd,
		Span:     90 * 24 * time.Hour,
		Regions:  []string{"us-east-1", "eu-west-1", "us-west-2", "ap-southeast-2"},
		Accounts: []string{"111122223333", "444455556666", "777788889999"},
		Insights: max(2, n/50_000),
		Incident: true,
		Padded:   true,
	}
}

// maxEvents bounds one generation; it is far above any benchmark and keeps a
// typo from filling the disk.
const maxEvents = 100_000_000

// maxSpan bounds the timeline's hourly tables (10 years: 88k hours).
const maxSpan = 10 * 365 * 24 * time.Hour

func (o *Options) validate() error {
	switch {
	case o.Events < 0 || o.Events > maxEvents:
		return fmt.Errorf("assets: events %d out of range [0, %d]", o.Events, maxEvents)
	case o.Insights < 0 || o.Insights > 10_000:
		return fmt.Errorf("assets: insights %d out of range [0, 10000]", o.Insights)
	case o.Span < time.Hour || o.Span > maxSpan:
		return fmt.Errorf("assets: span %v out of range [1h, %v]", o.Span, maxSpan)
	case o.End.IsZero():
		return errors.New("assets: end time not set")
	case o.Busy && o.Padded:
		return errors.New("assets: a history is either padded or busy, not both")
	case len(o.Regions) == 0 || len(o.Accounts) == 0:
		return errors.New("assets: at least one Region and one account are needed")
	}
	for _, a := range o.Accounts {
		if len(a) != 12 || !allDigits(a) {
			return fmt.Errorf("assets: account %q is not 12 digits", a)
		}
	}
	for _, r := range o.Regions {
		if r == "" || !regionName(r) {
			return fmt.Errorf("assets: Region %q is not a Region name", r)
		}
	}
	return nil
}

func allDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// regionName accepts what may appear in S3 keys and ARNs.
func regionName(s string) bool {
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// Record is one generated record.
type Record struct {
	Time    time.Time // eventTime
	Region  string
	Account string // recipientAccountId
	Insight bool   // an Insights record (goes under CloudTrail-Insight/)
	Data    bool   // a data or network-activity event (busy shape only)
	JSON    []byte // compact record; valid only during the emit call
}
