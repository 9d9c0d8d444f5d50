package cli

import "context"

// Export is a placeholder until its issue lands: it parses no flags beyond -h.
func Export(ctx context.Context, env Env, args []string) int {
	fs := newFlags(env, "export", "trailview export [--db PATH] [--region R] --format csv|json|jsonl [--filter EXPR] [-o FILE]")
	if code, ok := parseFlags(fs, env, args); !ok {
		return code
	}
	errorf(env, "export: not implemented yet")
	return ExitError
}
