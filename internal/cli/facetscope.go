package cli

import (
	"context"
	"errors"
	"flag"
	"io/fs"
	"strings"
	"time"

	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/store"
)

// parseInterspersed parses args letting positional arguments sit among the
// flags ('trailview top ip --region all' as 'trailview top --region all
// ip'), which the flag package alone does not: it stops at the first
// argument that is not a flag.
func parseInterspersed(fset *flag.FlagSet, env Env, args []string) ([]string, int, bool) {
	var positional []string
	for {
		if code, ok := parseFlags(fset, env, args); !ok {
			return nil, code, false
		}
		if fset.NArg() == 0 {
			return positional, 0, true
		}
		positional = append(positional, fset.Arg(0))
		args = fset.Args()[1:]
	}
}

// analysisOutput is the --output flag of top and timeline.
func analysisOutput(env Env, command, output string) (json bool, code int, ok bool) {
	switch output {
	case "json":
		return true, 0, true
	case "text":
		return false, 0, true
	}
	errorf(env, "%s: --output %q: use json or text", command, output)
	return false, ExitUsage, false
}

// openAnalysisScope checks the scope flags, opens the store read-only and
// builds the query, with both window bounds: top and timeline report the
// window they counted, so an open side is closed (now, or 90 days before
// the end, Event history's retention).
func openAnalysisScope(ctx context.Context, env Env, f *exportFlags) (*store.Store, history.Query, int, bool) {
	if f.category != "" && !strings.EqualFold(f.category, "insight") {
		errorf(env, "%s: --event-category accepts only 'insight' (as LookupEvents does), not %q", f.command, f.category)
		return nil, history.Query{}, ExitUsage, false
	}
	path, err := storePath(env, f.db)
	if err != nil {
		errorf(env, "%v", err)
		return nil, history.Query{}, ExitError, false
	}
	st, err := openForExport(ctx, path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			errorf(env, "%s: no store at %s: load CloudTrail data first with 'trailview load'", f.command, path)
		} else {
			errorf(env, "%s: %v", f.command, err)
		}
		return nil, history.Query{}, ExitError, false
	}
	q, code, ok := f.query(ctx, env, st)
	if !ok {
		st.Close()
		return nil, history.Query{}, code, false
	}
	if q.End.IsZero() {
		q.End = env.Now()
	}
	if q.Start.IsZero() {
		q.Start = q.End.Add(-history.RetentionWindow)
	}
	return st, q, 0, true
}

// utcSecond is the form of every time top and timeline print.
func utcSecond(t time.Time) string { return t.UTC().Format(time.RFC3339) }
