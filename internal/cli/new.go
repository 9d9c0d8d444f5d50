package cli

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/trailview/trailview/filter"
	"github.com/trailview/trailview/history/store"
	"github.com/trailview/trailview/internal/termtext"
)

const newSynopsis = "trailview new FIELD [--db PATH] [--region R|all] [--account A|all] [--start-time T] [--end-time T] " +
	"[--filter EXPR] [--lookup-attributes A] [--event-category insight] [--limit N] [--output json|text]"

// newJSON is the JSON document of 'trailview new'.
type newJSON struct {
	Field      string
	Start, End string
	Values     []newValueJSON
}

type newValueJSON struct {
	Value     string
	Count     int64
	FirstSeen string
}

// New implements 'trailview new FIELD': the values of a field seen in the
// window and never before its start anywhere in the store.
func New(ctx context.Context, env Env, args []string) int {
	env, flush := env.terminalSafe()
	defer flush()
	fset := newFlags(env, "new", newSynopsis)
	f := exportFlags{command: "new"}
	f.scopeFlags(fset)
	limit := fset.Int("limit", 1000, "how many values to list, newest first sighting first")
	output := fset.String("output", "text", "json or text")
	positional, code, ok := parseInterspersed(fset, env, args)
	if !ok {
		return code
	}
	var names []string
	for _, n := range filter.FacetFieldNames() {
		if _, _, ok := sightingField(n); ok {
			names = append(names, n)
		}
	}
	accepted := strings.Join(append(names, filter.SightingPairNames...), ", ")
	if len(positional) != 1 {
		errorf(env, "new: name one FIELD, one of %s (got %d arguments)", accepted, len(positional))
		return ExitUsage
	}
	field, name, ok := sightingField(positional[0])
	if !ok {
		errorf(env, "new: unknown FIELD %q: use one of %s", positional[0], accepted)
		return ExitUsage
	}
	if *limit < 1 {
		errorf(env, "new: --limit must be at least 1, not %d", *limit)
		return ExitUsage
	}
	asJSON, code, ok := analysisOutput(env, "new", *output)
	if !ok {
		return code
	}
	st, q, code, ok := openAnalysisScope(ctx, env, &f)
	if !ok {
		return code
	}
	defer st.Close()
	values, err := st.FirstSightings(ctx, q, field, *limit)
	if err != nil {
		errorf(env, "new: %v", err)
		return ExitError
	}
	doc := newJSON{Field: name, Start: utcSecond(q.Start), End: utcSecond(q.End), Values: []newValueJSON{}}
	for _, v := range values {
		doc.Values = append(doc.Values, newValueJSON{v.Value, v.Count, utcSecond(v.FirstSeen)})
	}
	if asJSON {
		return writeJSON(env, "new", doc)
	}
	writeNewText(env, doc)
	return ExitOK
}

// sightingField reads FIELD: a pair, or a field top counts (except
// readonly, whose two values say nothing new).
func sightingField(arg string) (store.SightingField, string, bool) {
	first, second, name, ok := filter.SightingFields(arg)
	return store.SightingField{First: first, Second: second}, name, ok
}

func writeNewText(env Env, doc newJSON) {
	tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "%s\tCOUNT\tFIRST SEEN\n", strings.ToUpper(doc.Field))
	for _, v := range doc.Values {
		value := v.Value
		if env.StdoutTerminal {
			value = termtext.Escape(value)
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\n", value, v.Count, v.FirstSeen)
	}
	tw.Flush()
	fmt.Fprintf(env.Stdout, "%d values of %s first seen from %s to %s\n", len(doc.Values), doc.Field, doc.Start, doc.End)
}
