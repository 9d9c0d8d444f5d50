package cli

import "context"

// LookupEvents is a placeholder until its issue lands: it parses no flags beyond -h.
func LookupEvents(ctx context.Context, env Env, args []string) int {
	fs := newFlags(env, "lookupevents", "trailview lookup-events [aws cli flags]")
	if code, ok := parseFlags(fs, env, args); !ok {
		return code
	}
	errorf(env, "lookupevents: not implemented yet")
	return ExitError
}
