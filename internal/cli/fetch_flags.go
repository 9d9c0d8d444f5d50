package cli

import (
	"flag"
	"fmt"
	"time"

	"github.com/trailview/trailview/history/live"
)

// fetchFlags are the flags of 'trailview fetch'.
type fetchFlags struct {
	db, profile, since, category, endpoint, account *string
	regions                                         regionList
	all, status                                     *bool
}

func addFetchFlags(fs *flag.FlagSet) *fetchFlags {
	f := &fetchFlags{}
	f.db = fs.String("db", "", "store file (default $TRAILVIEW_DB, else $XDG_DATA_HOME/trailview/history.db)")
	f.profile = fs.String("profile", "", "AWS shared config profile (default $AWS_PROFILE, else the default chain)")
	fs.Var(&f.regions, "region", "Region to fetch; repeat or separate with commas (default $AWS_REGION or the profile's)")
	f.all = fs.Bool("all-regions", false, "fetch every commercial Region ("+fmt.Sprint(len(live.CommercialRegions))+" built in; not-enabled opt-in Regions are skipped)")
	f.since = fs.String("since", "90d", "how far back: a duration (90d, 2w, 36h) or a time (2026-01-02, RFC 3339); Event history keeps 90 days")
	f.category = fs.String("event-category", "", `"insight" also fetches Insights events`)
	f.endpoint = fs.String("endpoint-url", "", "use this endpoint instead of AWS's (tests, compatible services)")
	f.account = fs.String("account", "", "account ID of the credentials (default: asked from sts:GetCallerIdentity)")
	f.status = fs.Bool("status", false, "print what the store holds completely, per account and Region, and exit")
	return f
}

// check refuses flags that contradict each other before anything is opened
// or asked of AWS, expands --all-regions, and returns the oldest time
// wanted.
func (f *fetchFlags) check(env Env, now time.Time) (from time.Time, code int, ok bool) {
	if *f.category != "" && *f.category != "insight" {
		errorf(env, "fetch: --event-category takes only insight, not %q", *f.category)
		return time.Time{}, ExitUsage, false
	}
	if *f.all && len(f.regions) > 0 {
		errorf(env, "fetch: use --region or --all-regions, not both")
		return time.Time{}, ExitUsage, false
	}
	if *f.all {
		f.regions = append(f.regions, live.CommercialRegions...)
	}
	from, err := parseSince(*f.since, now)
	if err != nil {
		errorf(env, "fetch: --since: %v", err)
		return time.Time{}, ExitUsage, false
	}
	if !from.Before(now) {
		errorf(env, "fetch: --since %s is not in the past", *f.since)
		return time.Time{}, ExitUsage, false
	}
	return from, ExitOK, true
}

// liveOptions is the fetch the flags ask for; --all-regions skips the
// opt-in Regions the account has not enabled instead of failing on them.
func (f *fetchFlags) liveOptions(env Env, from time.Time, view *fetchView) live.Options {
	return live.Options{
		Profile: *f.profile, Regions: f.regions, EndpointURL: *f.endpoint, Account: *f.account,
		Since: from, Insights: *f.category == "insight", SkipNotEnabled: *f.all,
		Now: env.Now, Progress: view.update,
	}
}
