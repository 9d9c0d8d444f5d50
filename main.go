// Command trailview browses AWS CloudTrail Event history from the terminal.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/trailview/trailview/internal/cli"
)

// commands maps each subcommand to its implementation; the empty name is
// the terminal UI.
var commands = map[string]cli.Command{
	"":              cli.Browse,
	"load":          cli.Load,
	"lookup-events": cli.LookupEvents,
	"export":        cli.Export,
	"top":           cli.Top,
	"timeline":      cli.Timeline,
	"who":           cli.Who,
	"new":           cli.New,
	"fetch":         cli.Fetch,
	"version":       cli.Version,
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, commands, os.Args[1:], cli.OSEnv())
	stop()
	os.Exit(code)
}
