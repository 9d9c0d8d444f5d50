package cli

import "context"

// Browse is a placeholder until its issue lands: it parses no flags beyond -h.
func Browse(ctx context.Context, env Env, args []string) int {
	fs := newFlags(env, "browse", "trailview [--db PATH] [--region R] [--demo] [PATH...]")
	if code, ok := parseFlags(fs, env, args); !ok {
		return code
	}
	errorf(env, "browse: not implemented yet")
	return ExitError
}
