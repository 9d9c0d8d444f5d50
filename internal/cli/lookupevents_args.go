package cli

import (
	"fmt"
	"strings"
	"time"

	"github.com/trailview/trailview/internal/awscli"
)

// lookupEventsCall is what one 'trailview lookup-events' asks for, its
// arguments checked as the AWS CLI checks them.
type lookupEventsCall struct {
	req           awscli.LookupEventsRequest
	output        string // json, text or table
	paginate      bool   // the CLI's auto-pagination, off with manual paging arguments
	maxItems      *int
	startingToken string
	now           time.Time
	db, region    string // as given; "" for the defaults
}

// parseLookupEvents reads the arguments in the order the AWS CLI checks
// them, so that a command line with several mistakes gets the CLI's first
// error and exit code. ok is false when an error was reported; code is then
// the exit code.
func parseLookupEvents(env Env, args []string) (c lookupEventsCall, code int, ok bool) {
	opts, err := awscli.ParseArgs(lookupEventsArgs, args)
	if err != nil {
		return c, awsUsageError(env, err), false
	}
	one := func(name string) *string { return firstOption(opts, name) }
	if q := one("query"); q != nil {
		fmt.Fprintf(env.Stderr, "\ntrailview lookup-events: --query (JMESPath) is not supported; pipe the JSON output to jq instead\n")
		return c, awsExitParam, false
	}
	if c.output, err = lookupOutputFormat(one("output")); err != nil {
		return c, awsUsageError(env, err), false
	}
	if c.maxItems, err = intOption(opts, "max-items"); err != nil {
		return c, awsUsageError(env, err), false
	}
	pageSize, err := intOption(opts, "page-size")
	if err != nil {
		return c, awsUsageError(env, err), false
	}
	c.paginate = !has(opts, "no-paginate") && !has(opts, "next-token") && !has(opts, "max-results")
	if used := cliPagingArgs(one); !c.paginate && len(used) > 0 {
		fmt.Fprintf(env.Stderr, "\nError during pagination: Cannot specify --no-paginate along with pagination arguments: %s\n", strings.Join(used, ", "))
		return c, awsExitGeneral, false
	}
	if c.req, err = lookupRequest(opts, one, pageSize); err != nil {
		return c, awsUsageError(env, err), false
	}
	if c.now, err = lookupNow(env, one("now")); err != nil {
		fmt.Fprintf(env.Stderr, "\ntrailview lookup-events: --now: %v\n", err)
		return c, awsExitParam, false
	}
	c.startingToken = valueOr(one("starting-token"), "")
	c.db, c.region = valueOr(one("db"), ""), valueOr(one("region"), "")
	return c, 0, true
}

// firstOption is the first value of an option, nil when it is absent or
// was given without a value.
func firstOption(opts map[string][]string, name string) *string {
	if v, ok := opts[name]; ok && len(v) > 0 {
		return &v[0]
	}
	return nil
}

// lookupOutputFormat checks --output, with the CLI's message, which lists
// the formats the CLI knows even though only three are supported here.
func lookupOutputFormat(v *string) (string, error) {
	output := valueOr(v, "json")
	if output != "json" && output != "text" && output != "table" {
		return "", &awscli.ArgError{Msg: fmt.Sprintf("argument --output: Invalid choice, valid choices are:\n\njson                                     | text\ntable                                    | yaml\nyaml-stream                              | off\n")}
	}
	return output, nil
}

// cliPagingArgs names the CLI's own paging arguments given with a value
// that asks for something: manual pagination (--no-paginate,
// --next-token, --max-results) refuses them (awscli paginate.py).
func cliPagingArgs(one func(string) *string) []string {
	var used []string
	for _, p := range []string{"starting-token", "page-size", "max-items"} {
		if v := one(p); v != nil && *v != "" && *v != "0" {
			used = append(used, "--"+p)
		}
	}
	return used
}

// lookupRequest builds the LookupEvents request from the operation's
// arguments; --page-size, the CLI's name for the request's MaxResults
// during auto-pagination, replaces it.
func lookupRequest(opts map[string][]string, one func(string) *string, pageSize *int) (awscli.LookupEventsRequest, error) {
	_, given := opts["lookup-attributes"]
	var attrWords []string
	if given {
		attrWords = opts["lookup-attributes"]
	}
	req, err := awscli.BuildLookupEventsRequest(awscli.LookupEventsArgs{
		LookupAttributes: attrWords,
		StartTime:        one("start-time"), EndTime: one("end-time"), EventCategory: one("event-category"),
		MaxResults: one("max-results"), NextToken: one("next-token"), CLIInputJSON: one("cli-input-json"),
	})
	if err != nil {
		return req, err
	}
	if pageSize != nil {
		if *pageSize < 1 {
			return req, awscli.ValidationError(fmt.Sprintf("Invalid value for parameter MaxResults, value: %d, valid min value: 1", *pageSize))
		}
		req.MaxResults = pageSize
	}
	return req, nil
}

// lookupNow is the time the lookup takes as now: --now (for tests and
// reproducible answers), else the clock.
func lookupNow(env Env, v *string) (time.Time, error) {
	if v == nil {
		return env.Now(), nil
	}
	return awscli.ParseTimestamp(*v, time.UTC)
}
