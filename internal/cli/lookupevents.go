package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
	_ "time/tzdata" // TZ must work on hosts without a zoneinfo database, as the CLI's does

	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/store"
	"github.com/trailview/trailview/internal/awscli"
)

// Exit codes of the AWS CLI v2, which lookup-events uses instead of the
// other commands' codes so that scripts testing them keep working.
const (
	awsExitParam   = 252 // unparsable or invalid parameters, unknown options
	awsExitService = 254 // the service answered with an error
	awsExitGeneral = 255 // anything else (here: the store cannot be read)
)

// lookupEventsArgs are the options of 'trailview lookup-events': the AWS
// CLI's (operation, pagination and the global ones scripts pass) plus
// --db and --now.
var lookupEventsArgs = []awscli.ArgSpec{
	{Name: "lookup-attributes", Kind: awscli.ArgList},
	{Name: "start-time"}, {Name: "end-time"}, {Name: "event-category"},
	{Name: "max-results"}, {Name: "next-token"}, {Name: "cli-input-json"},
	{Name: "max-items"}, {Name: "starting-token"}, {Name: "page-size"},
	{Name: "no-paginate", Kind: awscli.ArgFlag},
	{Name: "region"}, {Name: "output"}, {Name: "query"},
	{Name: "db"}, {Name: "now"},
	// Global options accepted and ignored: they change how the CLI reaches
	// AWS, which the local store does not need.
	{Name: "profile"}, {Name: "endpoint-url"}, {Name: "ca-bundle"}, {Name: "color"},
	{Name: "cli-read-timeout"}, {Name: "cli-connect-timeout"}, {Name: "cli-binary-format"},
	{Name: "no-cli-pager", Kind: awscli.ArgFlag}, {Name: "no-verify-ssl", Kind: awscli.ArgFlag},
	{Name: "no-sign-request", Kind: awscli.ArgFlag}, {Name: "debug", Kind: awscli.ArgFlag},
	{Name: "no-cli-auto-prompt", Kind: awscli.ArgFlag},
}

const lookupEventsHelp = `Usage: trailview lookup-events [options]

Answers exactly as 'aws cloudtrail lookup-events' (AWS CLI v2) would, from the
local store: same options, same JSON, same errors and exit codes (252 bad
parameters, 254 service errors such as InvalidTimeRangeException, 255 other).

Options (as in the AWS CLI):
  --lookup-attributes ATTR...  AttributeKey=K,AttributeValue=V, or a JSON list
                               [{"AttributeKey":"K","AttributeValue":"V"}]; one attribute
  --start-time TIME            ISO 8601 (2025-03-04T09:00:00Z, with offset, date only),
  --end-time TIME              epoch seconds, or 03-04-2025, 09:00 AM; no zone means UTC
  --event-category insight     Insights events instead of management events
  --max-items N                print at most N events, then a NextToken to resume
  --starting-token TOKEN       resume from a NextToken printed with --max-items
  --page-size N                events per underlying call (1-50)
  --max-results N              one call with MaxResults N (turns auto-pagination off)
  --next-token TOKEN           one call continuing a service NextToken (--no-paginate output)
  --no-paginate                one call; the service NextToken is printed
  --cli-input-json JSON        request as JSON (file://PATH reads a file)
  --generate-cli-skeleton      print the --cli-input-json skeleton
  --region REGION              default: $AWS_REGION, $AWS_DEFAULT_REGION, else the store's
                               Region with the most events (the CLI would fail instead)
  --output json|text|table     default json; times print in $TZ like the CLI's
Options of trailview:
  --db PATH                    store (default $TRAILVIEW_DB, else $XDG_DATA_HOME/trailview/history.db)
  --now TIME                   end of the 90-day Event history window (default: the clock);
                               set it to look into an archive older than 90 days
`

// LookupEvents implements 'trailview lookup-events'.
func LookupEvents(ctx context.Context, env Env, args []string) int {
	env, flush := env.terminalSafe()
	defer flush()
	for i, a := range args {
		if a == "-h" || a == "--help" || a == "-help" || (i == 0 && a == "help") {
			fmt.Fprint(env.Stdout, lookupEventsHelp)
			return ExitOK
		}
	}
	args, skeleton := cutSkeletonFlag(args)
	if skeleton != "" {
		return printSkeleton(env, skeleton)
	}
	c, code, ok := parseLookupEvents(env, args)
	if !ok {
		return code
	}
	req, now := c.req, c.now
	loc := cliTimeZone(env)

	path, err := storePath(env, c.db)
	if err != nil {
		return generalError(env, err)
	}
	store, err := openLookupStore(ctx, path)
	if err != nil {
		return generalError(env, err)
	}
	defer store.Close()
	region := regionFromEnv(env, c.region)
	if region == "" {
		// The CLI stops here with "You must specify a region" (exit 253);
		// the store knows which Region it holds, so use the busiest one.
		if region, err = store.BusiestRegion(ctx); err != nil {
			return generalError(env, err)
		}
	}

	call := func(ctx context.Context, token string) (awscli.Page[history.Event], error) {
		in := history.LookupInput{
			Region: region, LookupAttributes: req.LookupAttributes, StartTime: req.StartTime, EndTime: req.EndTime,
			EventCategory: valueOr(req.EventCategory, ""), MaxResults: req.MaxResults, NextToken: token, Now: now,
		}
		out, err := store.LookupEvents(ctx, in)
		if err != nil {
			return awscli.Page[history.Event]{}, err
		}
		return awscli.Page[history.Event]{Items: out.Events, NextToken: out.NextToken}, nil
	}
	var pages [][]history.Event
	var nextToken string
	if c.paginate {
		cfg := awscli.PaginationConfig{MaxItems: c.maxItems, StartingToken: c.startingToken, FirstToken: valueOr(req.NextToken, "")}
		pages, nextToken, err = awscli.Paginate(ctx, cfg, call)
	} else {
		var page awscli.Page[history.Event]
		page, err = call(ctx, valueOr(req.NextToken, ""))
		pages, nextToken = [][]history.Event{page.Items}, page.NextToken
	}
	if err != nil {
		return lookupFailure(env, err)
	}
	if err := writeLookupOutput(env.Stdout, c.output, pages, nextToken, c.paginate, loc, env.StdoutTerminal); err != nil {
		return generalError(env, err)
	}
	if noEvents(pages, nextToken) {
		outsideWindowHint(ctx, env, store, newLookupScope(region, req, now))
	}
	return ExitOK
}

func has(opts map[string][]string, name string) bool {
	_, ok := opts[name]
	return ok
}

func valueOr(p *string, def string) string {
	if p == nil {
		return def
	}
	return *p
}

// intOption reads a paging option as argparse's type=int does.
func intOption(opts map[string][]string, name string) (*int, error) {
	v, ok := opts[name]
	if !ok || len(v) == 0 {
		return nil, nil
	}
	n, err := awscli.ParseInt(v[0])
	if err != nil {
		return nil, &awscli.ArgError{Msg: fmt.Sprintf("argument --%s: invalid int value: '%s'", name, v[0])}
	}
	return &n, nil
}

// cutSkeletonFlag removes --generate-cli-skeleton and its optional value.
func cutSkeletonFlag(args []string) ([]string, string) {
	out := make([]string, 0, len(args))
	kind := ""
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--generate-cli-skeleton":
			kind = "input"
			if i+1 < len(args) && (args[i+1] == "input" || args[i+1] == "output" || args[i+1] == "yaml-input") {
				kind = args[i+1]
				i++
			}
		case strings.HasPrefix(a, "--generate-cli-skeleton="):
			kind = strings.TrimPrefix(a, "--generate-cli-skeleton=")
		default:
			out = append(out, a)
		}
	}
	return out, kind
}

func printSkeleton(env Env, kind string) int {
	var v awscli.Object
	switch kind {
	case "input":
		v = awscli.Object{
			{Key: "LookupAttributes", Value: []any{awscli.Object{{Key: "AttributeKey", Value: "EventId"}, {Key: "AttributeValue", Value: ""}}}},
			{Key: "StartTime", Value: "1970-01-01T00:00:00"},
			{Key: "EndTime", Value: "1970-01-01T00:00:00"},
			{Key: "EventCategory", Value: "insight"},
			{Key: "MaxResults", Value: 0},
			{Key: "NextToken", Value: ""},
		}
	case "output":
		v = awscli.Object{
			{Key: "Events", Value: []any{lookupEventObject(&history.Event{
				EventID: "EventId", EventName: "EventName", ReadOnly: "ReadOnly", AccessKeyID: "AccessKeyId",
				Time: time.Unix(0, 0), EventSource: "EventSource", Username: "Username",
				Resources: []history.Resource{{Type: "ResourceType", Name: "ResourceName"}}, Raw: []byte("CloudTrailEvent"),
			}, time.UTC)}},
			{Key: "NextToken", Value: "NextToken"},
		}
	default:
		return awsUsageError(env, &awscli.ArgError{Msg: fmt.Sprintf("argument --generate-cli-skeleton: invalid choice: '%s' (choose from 'input', 'output')", kind)})
	}
	if err := awscli.WriteJSON(env.Stdout, v); err != nil {
		return generalError(env, err)
	}
	return ExitOK
}

// cliTimeZone is the zone the CLI prints EventTime in: the host's local
// zone, which TZ sets. An unknown TZ means UTC, as in the C library.
func cliTimeZone(env Env) *time.Location {
	tz := env.Getenv("TZ")
	if tz == "" {
		return time.Local
	}
	tz = strings.TrimPrefix(tz, ":")
	if loc, err := time.LoadLocation(tz); err == nil {
		return loc
	}
	return time.UTC
}

// openLookupStore opens an existing store. It opens it for writing when it
// can, so that the token secret a first run creates is kept for the next
// run's --starting-token.
func openLookupStore(ctx context.Context, path string) (*store.Store, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("no store at %s (load CloudTrail files with 'trailview load' first): %w", path, err)
	}
	s, err := store.Open(ctx, path, store.OpenOptions{})
	if err == nil {
		return s, nil
	}
	if s2, err2 := store.Open(ctx, path, store.OpenOptions{ReadOnly: true}); err2 == nil {
		return s2, nil
	}
	return nil, err
}

// awsUsageError prints a parameter error as the CLI does and returns 252.
func awsUsageError(env Env, err error) int {
	var ae *awscli.ArgError
	if errors.As(err, &ae) {
		fmt.Fprintf(env.Stderr, "\nusage: trailview lookup-events [options]\nTo see help text, you can run:\n\n  trailview lookup-events --help\n\n%s\n", ae.Msg)
		return awsExitParam
	}
	fmt.Fprintf(env.Stderr, "\n%s\n", err)
	return awsExitParam
}

func generalError(env Env, err error) int {
	fmt.Fprintf(env.Stderr, "\n%s\n", err)
	return awsExitGeneral
}

// lookupFailure prints a service error the way the CLI prints a
// ClientError (exit 254), or anything else as a general error.
func lookupFailure(env Env, err error) int {
	var api *history.APIError
	if errors.As(err, &api) {
		fmt.Fprintf(env.Stderr, "\nAn error occurred (%s) when calling the LookupEvents operation: %s\n", api.Code, api.Message)
		return awsExitService
	}
	var pe *awscli.PaginationError
	if errors.As(err, &pe) {
		return generalError(env, pe)
	}
	return generalError(env, err)
}

// lookupEventObject is one element of Events with the response members
// in the service model's order; members without a value are left out.
func lookupEventObject(e *history.Event, loc *time.Location) awscli.Object {
	o := awscli.Object{{Key: "EventId", Value: e.EventID}}
	add := func(k, v string) {
		if v != "" {
			o = append(o, awscli.Member{Key: k, Value: v})
		}
	}
	add("EventName", e.EventName)
	add("ReadOnly", e.ReadOnly)
	add("AccessKeyId", e.AccessKeyID)
	if !e.Time.IsZero() {
		add("EventTime", awscli.FormatTime(e.Time, loc))
	}
	add("EventSource", e.EventSource)
	add("Username", e.Username)
	res := make([]any, 0, len(e.Resources))
	for _, r := range e.Resources {
		ro := awscli.Object{}
		if r.Type != "" {
			ro = append(ro, awscli.Member{Key: "ResourceType", Value: r.Type})
		}
		ro = append(ro, awscli.Member{Key: "ResourceName", Value: r.Name})
		res = append(res, ro)
	}
	o = append(o, awscli.Member{Key: "Resources", Value: res})
	add("CloudTrailEvent", string(e.Raw))
	return o
}

// writeLookupOutput prints the answer as the CLI's json, text or table
// output does: json merges the pages into one Events list followed by
// NextToken (the resume token, or with --no-paginate the service's);
// text formats each page alone, then the resume token. For a terminal,
// the table's cells are escaped before the columns are measured, so that
// the escapes the terminal shows keep the columns aligned.
func writeLookupOutput(w io.Writer, format string, pages [][]history.Event, nextToken string, paginated bool, loc *time.Location, terminal bool) error {
	pageObjects := make([][]any, len(pages))
	var all []any
	for i, p := range pages {
		pageObjects[i] = make([]any, len(p))
		for j := range p {
			pageObjects[i][j] = lookupEventObject(&p[j], loc)
		}
		all = append(all, pageObjects[i]...)
	}
	if all == nil {
		all = []any{}
	}
	whole := awscli.Object{{Key: "Events", Value: all}}
	if nextToken != "" {
		whole = append(whole, awscli.Member{Key: "NextToken", Value: nextToken})
	}
	switch format {
	case "text":
		if !paginated {
			return awscli.WriteText(w, whole)
		}
		for _, p := range pageObjects {
			if err := awscli.WriteText(w, awscli.Object{{Key: "Events", Value: p}}); err != nil {
				return err
			}
		}
		if nextToken != "" {
			return awscli.WriteText(w, awscli.Object{{Key: "NextToken", Value: awscli.Object{{Key: "NextToken", Value: nextToken}}}})
		}
		return nil
	case "table":
		if terminal {
			whole = escapeStrings(whole).(awscli.Object)
		}
		return awscli.WriteTable(w, "LookupEvents", whole)
	}
	return awscli.WriteJSON(w, whole)
}
