package cli

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/internal/termtext"
)

const whoSynopsis = "trailview who VALUE [--db PATH] [--region R|all] [--account A|all] [--start-time T] [--end-time T] " +
	"[--new-days N] [--output json|text]"

// whoJSON is the JSON document of 'trailview who'.
type whoJSON struct {
	Kind                string
	Value               string
	FirstSeen, LastSeen string
	Events              int64
	Regions, Accounts   []countJSON
	SourceIPs           []sightingJSON
	UserAgents          []sightingJSON
	Calls               []callJSON
	ErrorCodes          []countJSON
	// Resources (names touched, most used first) is trailview's addition
	// to the document: the view lists them, so scripts can too.
	Resources []countJSON
	IssuedBy  []issuedByJSON
	Issued    []issuedJSON
}

type countJSON struct {
	Value string
	Count int64
}

type sightingJSON struct {
	Value               string
	Count               int64
	FirstSeen, LastSeen string
	New                 bool
}

type callJSON struct {
	Value               string
	Count, Errors       int64
	FirstSeen, LastSeen string
	New                 bool
}

type issuedByJSON struct {
	EventId, EventName, EventTime, Region string //nolint:revive // the issue's field names
	CallerArn, CallerAccessKeyId          string //nolint:revive
}

type issuedJSON struct {
	EventId, EventName, EventTime, AccessKeyId string //nolint:revive
}

// Who implements 'trailview who VALUE': the dossier of an access key, user
// name, identity ARN or source IP across the store's Regions and accounts,
// with a key's credential chain.
func Who(ctx context.Context, env Env, args []string) int {
	env, flush := env.terminalSafe()
	defer flush()
	fset := newFlags(env, "who", whoSynopsis)
	f := exportFlags{command: "who"}
	fset.StringVar(&f.db, "db", "", "store file (default $TRAILVIEW_DB, else $XDG_DATA_HOME/trailview/history.db)")
	fset.StringVar(&f.region, "region", "all", "Region, or 'all' (default: all)")
	fset.StringVar(&f.account, "account", "", "recipient account ID, or 'all' (default: all)")
	fset.StringVar(&f.start, "start-time", "", "oldest event time, in any form lookup-events accepts (UTC unless a zone is given)")
	fset.StringVar(&f.end, "end-time", "", "newest event time (default: the UI's window, 90 days ending now or at the newest event)")
	newDays := fset.Int("new-days", 7, "mark values first seen in the last N days of the subject's history")
	output := fset.String("output", "text", "json or text")
	positional, code, ok := parseInterspersed(fset, env, args)
	if !ok {
		return code
	}
	if len(positional) != 1 || positional[0] == "" {
		errorf(env, "who: name one VALUE: an access key ID, user name, identity ARN or source IP (got %d arguments)", len(positional))
		return ExitUsage
	}
	if *newDays < 1 || *newDays > 3650 {
		errorf(env, "who: --new-days must be from 1 to 3650, not %d", *newDays)
		return ExitUsage
	}
	asJSON, code, ok := analysisOutput(env, "who", *output)
	if !ok {
		return code
	}
	st, q, code, ok := openAnalysisScope(ctx, env, &f)
	if !ok {
		return code
	}
	defer st.Close()
	value := positional[0]
	wq := history.WhoQuery{Kind: history.SubjectKindOf(value), Value: value, Region: q.Region, Accounts: q.Accounts,
		Start: q.Start, End: q.End, NewWithin: time.Duration(*newDays) * 24 * time.Hour}
	d, err := st.Who(ctx, wq)
	if err != nil {
		errorf(env, "who: %v", err)
		return ExitError
	}
	doc := whoDocument(d)
	if asJSON {
		return writeJSON(env, "who", doc)
	}
	writeWhoText(env, doc)
	return ExitOK
}

// whoDocument is d in the JSON form; a subject without events has no
// first or last time (""), and every list is present, empty or not.
func whoDocument(d history.Dossier) whoJSON {
	doc := whoJSON{Kind: string(d.Kind), Value: d.Value, Events: d.Events, Regions: []countJSON{}, Accounts: []countJSON{},
		SourceIPs: []sightingJSON{}, UserAgents: []sightingJSON{}, Calls: []callJSON{}, ErrorCodes: []countJSON{}, Resources: []countJSON{},
		IssuedBy: []issuedByJSON{}, Issued: []issuedJSON{}}
	if d.Events > 0 {
		doc.FirstSeen, doc.LastSeen = utcSecond(d.FirstSeen), utcSecond(d.LastSeen)
	}
	for _, v := range d.Regions {
		doc.Regions = append(doc.Regions, countJSON(v))
	}
	for _, v := range d.Accounts {
		doc.Accounts = append(doc.Accounts, countJSON(v))
	}
	for _, v := range d.ErrorCodes {
		doc.ErrorCodes = append(doc.ErrorCodes, countJSON(v))
	}
	for _, v := range d.Resources {
		doc.Resources = append(doc.Resources, countJSON(v))
	}
	sighting := func(v history.Sighting) sightingJSON {
		return sightingJSON{v.Value, v.Count, utcSecond(v.FirstSeen), utcSecond(v.LastSeen), v.New}
	}
	for _, v := range d.SourceIPs {
		doc.SourceIPs = append(doc.SourceIPs, sighting(v))
	}
	for _, v := range d.UserAgents {
		doc.UserAgents = append(doc.UserAgents, sighting(v))
	}
	for _, v := range d.Calls {
		doc.Calls = append(doc.Calls, callJSON{v.Value, v.Count, v.Errors, utcSecond(v.FirstSeen), utcSecond(v.LastSeen), v.New})
	}
	for _, l := range d.IssuedBy {
		doc.IssuedBy = append(doc.IssuedBy, issuedByJSON{l.EventID, l.EventName, utcSecond(l.EventTime), l.Region, l.CallerARN, l.CallerAccessKeyID})
	}
	for _, l := range d.Issued {
		doc.Issued = append(doc.Issued, issuedJSON{l.EventID, l.EventName, utcSecond(l.EventTime), l.AccessKeyID})
	}
	return doc
}

// writeWhoText writes the dossier as sections of aligned tables, values
// escaped on a terminal before aligning.
func writeWhoText(env Env, doc whoJSON) {
	esc := func(s string) string {
		if env.StdoutTerminal {
			return termtext.Escape(s)
		}
		return s
	}
	out := env.Stdout
	fmt.Fprintf(out, "%s %s: %d events", doc.Kind, esc(doc.Value), doc.Events)
	if doc.Events > 0 {
		fmt.Fprintf(out, " from %s to %s", doc.FirstSeen, doc.LastSeen)
	}
	fmt.Fprintln(out)
	section := func(title, header string, rows [][]string) {
		if len(rows) == 0 {
			return
		}
		fmt.Fprintf(out, "\n%s\n", title)
		tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, header)
		for _, r := range rows {
			for i := range r {
				r[i] = esc(r[i])
			}
			fmt.Fprintln(tw, strings.Join(r, "\t"))
		}
		tw.Flush()
	}
	counts := func(vs []countJSON) (rows [][]string) {
		for _, v := range vs {
			rows = append(rows, []string{v.Value, fmt.Sprint(v.Count)})
		}
		return rows
	}
	newMark := func(b bool) string {
		if b {
			return "new"
		}
		return ""
	}
	sightings := func(vs []sightingJSON) (rows [][]string) {
		for _, v := range vs {
			rows = append(rows, []string{v.Value, fmt.Sprint(v.Count), v.FirstSeen, v.LastSeen, newMark(v.New)})
		}
		return rows
	}
	section("Regions", "REGION\tCOUNT", counts(doc.Regions))
	section("Accounts", "ACCOUNT\tCOUNT", counts(doc.Accounts))
	section("Source IPs", "SOURCE IP\tCOUNT\tFIRST SEEN\tLAST SEEN\t", sightings(doc.SourceIPs))
	section("User agents", "USER AGENT\tCOUNT\tFIRST SEEN\tLAST SEEN\t", sightings(doc.UserAgents))
	var calls [][]string
	for _, v := range doc.Calls {
		calls = append(calls, []string{v.Value, fmt.Sprint(v.Count), fmt.Sprint(v.Errors), v.FirstSeen, v.LastSeen, newMark(v.New)})
	}
	section("Calls", "CALL\tCOUNT\tERRORS\tFIRST SEEN\tLAST SEEN\t", calls)
	section("Error codes", "ERROR CODE\tCOUNT", counts(doc.ErrorCodes))
	section("Resources touched", "RESOURCE\tCOUNT", counts(doc.Resources))
	var up [][]string
	for _, l := range doc.IssuedBy {
		up = append(up, []string{l.EventTime, l.EventName, l.Region, l.CallerAccessKeyId, l.CallerArn, l.EventId})
	}
	section("Issued by (nearest first)", "TIME\tEVENT\tREGION\tCALLER KEY\tCALLER ARN\tEVENT ID", up)
	var down [][]string
	for _, l := range doc.Issued {
		down = append(down, []string{l.EventTime, l.EventName, l.AccessKeyId, l.EventId})
	}
	section("Issued", "TIME\tEVENT\tACCESS KEY\tEVENT ID", down)
}
