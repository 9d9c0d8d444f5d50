package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/trailview/trailview/filter"
	"github.com/trailview/trailview/internal/termtext"
)

const topSynopsis = "trailview top FIELD [--db PATH] [--region R|all] [--account A|all] [--start-time T] [--end-time T] " +
	"[--filter EXPR] [--lookup-attributes A] [--event-category insight] [--limit N] [--output json|text]"

// topJSON is the JSON document of 'trailview top'.
type topJSON struct {
	Field                    string
	Start, End               string
	Total, Missing, Distinct int64
	Values                   []topValueJSON
}

type topValueJSON struct {
	Value               string
	Count               int64
	FirstSeen, LastSeen string
}

// Top implements 'trailview top FIELD': the most frequent values of one
// field among the events of a scope.
func Top(ctx context.Context, env Env, args []string) int {
	env, flush := env.terminalSafe()
	defer flush()
	fset := newFlags(env, "top", topSynopsis)
	f := exportFlags{command: "top"}
	f.scopeFlags(fset)
	limit := fset.Int("limit", 20, "how many values to list, most frequent first")
	output := fset.String("output", "text", "json or text")
	positional, code, ok := parseInterspersed(fset, env, args)
	if !ok {
		return code
	}
	accepted := strings.Join(filter.FacetFieldNames(), ", ")
	if len(positional) != 1 {
		errorf(env, "top: name one FIELD, one of %s (got %d arguments)", accepted, len(positional))
		return ExitUsage
	}
	field, name, ok := filter.FacetField(positional[0])
	if !ok {
		errorf(env, "top: unknown FIELD %q: use one of %s", positional[0], accepted)
		return ExitUsage
	}
	if *limit < 1 {
		errorf(env, "top: --limit must be at least 1, not %d", *limit)
		return ExitUsage
	}
	asJSON, code, ok := analysisOutput(env, "top", *output)
	if !ok {
		return code
	}
	st, q, code, ok := openAnalysisScope(ctx, env, &f)
	if !ok {
		return code
	}
	defer st.Close()
	res, err := st.Top(ctx, q, field, *limit)
	if err != nil {
		errorf(env, "top: %v", err)
		return ExitError
	}
	doc := topJSON{Field: name, Start: utcSecond(q.Start), End: utcSecond(q.End),
		Total: res.Total, Missing: res.Missing, Distinct: res.Distinct, Values: []topValueJSON{}}
	for _, v := range res.Values {
		doc.Values = append(doc.Values, topValueJSON{v.Value, v.Count, utcSecond(v.FirstSeen), utcSecond(v.LastSeen)})
	}
	if asJSON {
		return writeJSON(env, "top", doc)
	}
	writeTopText(env, doc)
	return ExitOK
}

// writeJSON writes doc, indented, on stdout.
func writeJSON(env Env, command string, doc any) int {
	enc := json.NewEncoder(env.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		errorf(env, "%s: write: %v", command, err)
		return ExitError
	}
	return ExitOK
}

// writeTopText writes the values as an aligned table. On a terminal the
// values are escaped before aligning, so that columns line up with what
// is drawn.
func writeTopText(env Env, doc topJSON) {
	tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "%s\tCOUNT\tSHARE\tFIRST SEEN\tLAST SEEN\n", strings.ToUpper(doc.Field))
	for _, v := range doc.Values {
		value := v.Value
		if env.StdoutTerminal {
			value = termtext.Escape(value)
		}
		share := 0.0
		if doc.Total > 0 {
			share = 100 * float64(v.Count) / float64(doc.Total)
		}
		fmt.Fprintf(tw, "%s\t%d\t%.1f%%\t%s\t%s\n", value, v.Count, share, v.FirstSeen, v.LastSeen)
	}
	tw.Flush()
	fmt.Fprintf(env.Stdout, "%d events from %s to %s; %d without %s; %d distinct values\n",
		doc.Total, doc.Start, doc.End, doc.Missing, doc.Field, doc.Distinct)
}
