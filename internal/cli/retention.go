package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/trailview/trailview/history/store"
)

// retentionUnits are the units --retain takes. Only days and weeks: a
// retention deletes, and "3m" read as three minutes once deleted a whole
// store; hours, minutes and seconds are never what a retention means.
var retentionUnits = map[byte]time.Duration{'d': 24 * time.Hour, 'w': 7 * 24 * time.Hour}

// parseRetention reads a --retain value: a whole number of days or weeks,
// at least 1d ("90d", "12w").
func parseRetention(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, errors.New("a retention such as 90d or 12w is needed")
	}
	unit, ok := retentionUnits[s[len(s)-1]]
	digits := s[:len(s)-1]
	if !ok || digits == "" || strings.TrimLeft(digits, "0123456789") != "" {
		return 0, errors.New("give a whole number of days (d) or weeks (w), such as 90d or 12w; no other unit is taken")
	}
	n, err := strconv.ParseInt(digits, 10, 64)
	if err != nil || n > math.MaxInt64/int64(unit) {
		return 0, errors.New("too long a retention")
	}
	if n < 1 {
		return 0, errors.New("the retention must be at least 1d")
	}
	return time.Duration(n) * unit, nil
}

// retainFromFlags checks --retain and --dry-run; retain is 0 when
// --retain was not given.
func retainFromFlags(env Env, fset *flag.FlagSet, spelled string, dryRun bool) (retain time.Duration, code int, ok bool) {
	given := false
	fset.Visit(func(f *flag.Flag) { given = given || f.Name == "retain" })
	if given {
		d, err := parseRetention(spelled)
		if err != nil {
			errorf(env, "load: --retain %q: %v", spelled, err)
			return 0, ExitUsage, false
		}
		retain = d
	}
	switch {
	case dryRun && !given:
		errorf(env, "load: --dry-run previews --retain: give --retain DURATION too")
		return 0, ExitUsage, false
	case dryRun && fset.NArg() > 0:
		errorf(env, "load: --dry-run previews the retention of the store as it is: leave out PATH (nothing would be loaded)")
		return 0, ExitUsage, false
	}
	return retain, 0, true
}

// loadWork checks that load was given something to do: PATHs to load, a
// retention to apply, or both. A bare 'trailview load' is a usage error
// rather than a no-op, since it most likely means a forgotten PATH.
func loadWork(env Env, fset *flag.FlagSet, retainFlag string, dryRun bool) (retain time.Duration, code int, ok bool) {
	retain, code, ok = retainFromFlags(env, fset, retainFlag, dryRun)
	if !ok {
		return 0, code, false
	}
	if fset.NArg() == 0 && retain == 0 {
		errorf(env, "load: no input given (a file, a directory of CloudTrail logs, or - for standard input)")
		fset.Usage()
		return 0, ExitUsage, false
	}
	return retain, 0, true
}

// retentionCutoff is the time before which 'load --retain' removes events.
// It is a whole second, so that the time printed is exactly the one
// applied.
func retentionCutoff(store *store.Store, retain time.Duration) time.Time {
	return store.Now().Add(-retain).UTC().Truncate(time.Second)
}

// prune applies the retention window of 'load --retain': it removes the
// events older than retain before the store's clock and says how many went
// and which event is now the oldest.
func prune(ctx context.Context, env Env, store *store.Store, spelled string, retain time.Duration) int {
	cutoff := retentionCutoff(store, retain)
	spelled = strings.TrimSpace(spelled)
	res, err := store.Prune(ctx, cutoff)
	if err != nil {
		if errors.Is(err, context.Canceled) {
			errorf(env, "load: retention %s not applied: interrupted; nothing was pruned", spelled)
		} else {
			errorf(env, "load: retention %s not applied, nothing was pruned: %v", spelled, err)
		}
		return ExitError
	}
	fmt.Fprintf(env.Stderr, "load: retention %s: %s older than %s removed; %s\n",
		spelled, count(res.Events, "event", "events"), cutoff.Format(time.RFC3339), keptText(res.OldestKept, "is"))
	return ExitOK
}

// previewPrune is 'load --retain D --dry-run': what the retention would
// remove, from a store opened read-only.
func previewPrune(ctx context.Context, env Env, path, spelled string, retain time.Duration) int {
	spelled = strings.TrimSpace(spelled)
	store, err := openForExport(ctx, path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			errorf(env, "load: no store at %s: nothing to remove", path)
		} else {
			errorf(env, "load: %v", err)
		}
		return ExitError
	}
	defer store.Close()
	if env.Now != nil {
		store.Now = env.Now
	}
	cutoff := retentionCutoff(store, retain)
	res, err := store.PrunePreview(ctx, cutoff)
	if err != nil {
		errorf(env, "load: retention %s: %v", spelled, err)
		return ExitError
	}
	fmt.Fprintf(env.Stderr, "load: retention %s (dry run): %s older than %s would be removed; %s; nothing was removed\n",
		spelled, count(res.Events, "event", "events"), cutoff.Format(time.RFC3339), keptText(res.OldestKept, "would be"))
	return ExitOK
}

// keptText names the oldest event a retention keeps; verb is "is" or
// "would be".
func keptText(oldest time.Time, verb string) string {
	if oldest.IsZero() {
		return "no event " + verb + " left"
	}
	return "the oldest event kept " + verb + " from " + oldest.UTC().Format(time.RFC3339)
}
