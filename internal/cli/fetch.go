package cli

import "context"

// Fetch is a placeholder until its issue lands: it parses no flags beyond -h.
func Fetch(ctx context.Context, env Env, args []string) int {
	fs := newFlags(env, "fetch", "trailview fetch [--db PATH] [--region R]... [--profile P]")
	if code, ok := parseFlags(fs, env, args); !ok {
		return code
	}
	errorf(env, "fetch: not implemented yet")
	return ExitError
}
