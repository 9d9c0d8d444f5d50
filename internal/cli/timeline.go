package cli

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/trailview/trailview/history/store"
)

const timelineSynopsis = "trailview timeline [--db PATH] [--region R|all] [--account A|all] [--start-time T] [--end-time T] " +
	"[--filter EXPR] [--lookup-attributes A] [--event-category insight] [--bucket 1m|5m|1h|1d] [--output json|text]"

// timelineBucketSizes are the accepted bucket sizes, smallest first.
var timelineBucketSizes = []struct {
	name string
	size time.Duration
}{{"1m", time.Minute}, {"5m", 5 * time.Minute}, {"1h", time.Hour}, {"1d", 24 * time.Hour}}

// timelineDefaultBuckets is how many buckets the default size aims at
// most: about a terminal's width, enough to see a spike.
const timelineDefaultBuckets = 200

type timelineJSON struct {
	Bucket     string
	Start, End string
	Buckets    []timelineBucketJSON
}

type timelineBucketJSON struct {
	Start          string
	Events, Errors int64
}

// Timeline implements 'trailview timeline': events and errors per interval
// of a scope's window.
func Timeline(ctx context.Context, env Env, args []string) int {
	env, flush := env.terminalSafe()
	defer flush()
	fset := newFlags(env, "timeline", timelineSynopsis)
	f := exportFlags{command: "timeline"}
	f.scopeFlags(fset)
	bucket := fset.String("bucket", "", "bucket size: 1m, 5m, 1h or 1d (default: the smallest giving at most 200 buckets)")
	output := fset.String("output", "text", "json or text")
	positional, code, ok := parseInterspersed(fset, env, args)
	if !ok {
		return code
	}
	if len(positional) > 0 {
		errorf(env, "timeline: unexpected argument %q", positional[0])
		return ExitUsage
	}
	var names []string
	size := time.Duration(0)
	for _, b := range timelineBucketSizes {
		names = append(names, b.name)
		if b.name == *bucket {
			size = b.size
		}
	}
	if *bucket != "" && size == 0 {
		errorf(env, "timeline: --bucket %q: use one of %s", *bucket, strings.Join(names, ", "))
		return ExitUsage
	}
	asJSON, code, ok := analysisOutput(env, "timeline", *output)
	if !ok {
		return code
	}
	st, q, code, ok := openAnalysisScope(ctx, env, &f)
	if !ok {
		return code
	}
	defer st.Close()
	name := *bucket
	if size == 0 {
		name, size = defaultBucket(q.Start, q.End)
	}
	if n := store.TimelineBuckets(q.Start, q.End, size); n > store.MaxTimeBuckets {
		errorf(env, "timeline: --bucket %s over %s to %s makes %d buckets, more than %d: use a larger bucket or a shorter window",
			name, utcSecond(q.Start), utcSecond(q.End), n, store.MaxTimeBuckets)
		return ExitUsage
	}
	buckets, err := st.Timeline(ctx, q, size)
	if err != nil {
		errorf(env, "timeline: %v", err)
		return ExitError
	}
	doc := timelineJSON{Bucket: name, Start: utcSecond(q.Start), End: utcSecond(q.End), Buckets: []timelineBucketJSON{}}
	for _, b := range buckets {
		doc.Buckets = append(doc.Buckets, timelineBucketJSON{utcSecond(b.Start), b.Events, b.Errors})
	}
	if asJSON {
		return writeJSON(env, "timeline", doc)
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "START\tEVENTS\tERRORS\n")
	for _, b := range doc.Buckets {
		fmt.Fprintf(tw, "%s\t%d\t%d\n", b.Start, b.Events, b.Errors)
	}
	tw.Flush()
	return ExitOK
}

// defaultBucket is the smallest size giving at most timelineDefaultBuckets
// buckets over the window, else the largest.
func defaultBucket(start, end time.Time) (string, time.Duration) {
	for _, b := range timelineBucketSizes {
		if store.TimelineBuckets(start, end, b.size) <= timelineDefaultBuckets {
			return b.name, b.size
		}
	}
	last := timelineBucketSizes[len(timelineBucketSizes)-1]
	return last.name, last.size
}
