// Package cli implements trailview's subcommands: flag parsing, defaults
// and output for the terminal. The terminal UI lives in package ui.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/term"
)

// Env is everything a command takes from its surroundings, so that tests
// can run commands without touching the real process state.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	Now    func() time.Time
	// StdoutTerminal and StderrTerminal say whether progress bars and
	// colours may be drawn.
	StdoutTerminal bool
	StderrTerminal bool
}

// OSEnv is the environment of the running process.
func OSEnv() Env {
	return Env{
		Stdin:          os.Stdin,
		Stdout:         os.Stdout,
		Stderr:         os.Stderr,
		Getenv:         os.Getenv,
		Now:            time.Now,
		StdoutTerminal: term.IsTerminal(int(os.Stdout.Fd())),
		StderrTerminal: term.IsTerminal(int(os.Stderr.Fd())),
	}
}

// Command runs one subcommand with its arguments and returns the exit code.
type Command func(ctx context.Context, env Env, args []string) int

// Exit codes shared by the commands.
const (
	ExitOK    = 0
	ExitError = 1 // the command ran and something failed (an input, the store, AWS)
	ExitUsage = 2 // bad flags or arguments
)

// Run dispatches args to the named subcommand; without one, to the UI.
func Run(ctx context.Context, commands map[string]Command, args []string, env Env) int {
	env, flush := env.terminalSafe()
	defer flush()
	if len(args) > 0 && args[0] == "help" {
		return help(ctx, commands, args[1:], env)
	}
	name := ""
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		if _, ok := commands[args[0]]; ok {
			name, args = args[0], args[1:]
		} else if len(args) > 0 && looksLikeCommand(args[0]) {
			fmt.Fprintf(env.Stderr, "trailview: unknown command %q\n\n", args[0])
			usage(env.Stderr, commands)
			return ExitUsage
		}
	}
	if name == "" && len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
		usage(env.Stdout, commands)
		return ExitOK
	}
	return commands[name](ctx, env, args)
}

// help is 'trailview help [COMMAND]': the same as 'trailview -h' or
// 'trailview COMMAND -h'.
func help(ctx context.Context, commands map[string]Command, args []string, env Env) int {
	if len(args) == 0 || args[0] == "help" {
		usage(env.Stdout, commands)
		return ExitOK
	}
	if cmd, ok := commands[args[0]]; ok && args[0] != "" && len(args) == 1 {
		return cmd(ctx, env, []string{"-h"})
	}
	if len(args) > 1 {
		fmt.Fprintf(env.Stderr, "trailview: help takes one command, not %q\n\n", strings.Join(args, " "))
	} else {
		fmt.Fprintf(env.Stderr, "trailview: unknown command %q\n\n", args[0])
	}
	usage(env.Stderr, commands)
	return ExitUsage
}

// looksLikeCommand tells a mistyped subcommand from a path to load: paths
// usually hold a dot or a slash, or exist.
func looksLikeCommand(arg string) bool {
	if strings.ContainsAny(arg, "./\\") {
		return false
	}
	_, err := os.Stat(arg)
	return err != nil
}

func usage(w io.Writer, commands map[string]Command) {
	fmt.Fprint(w, `trailview browses AWS CloudTrail Event history from the terminal.

Usage:
  trailview [--db PATH] [--region R] [--demo] [PATH...]   open the browser (loading PATHs first)
  trailview COMMAND [flags]

Commands:
  load           load CloudTrail log files, downloads or lookup-events output into the store
  lookup-events  answer exactly as 'aws cloudtrail lookup-events' would, from the store
  export         write events as CSV, JSON or JSON lines
  top            count the most frequent values of a field (trailview top ip)
  timeline       count events and errors per minute, hour or day
  who            one key, user, ARN or IP across the store, with its credential chain
  new            values first seen in a window (trailview new ip)
  fetch          copy Event history from AWS with the LookupEvents API
  version        print the version

Run 'trailview COMMAND -h' for a command's flags.
`)
}

// newFlags makes a flag set that reports errors instead of exiting, with a
// usage text that starts with synopsis.
func newFlags(env Env, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args; it returns the exit code to use when parsing
// ended the command (help asked for, or a bad flag).
func parseFlags(fs *flag.FlagSet, env Env, args []string) (int, bool) {
	// The flag package prints the usage itself, on stderr, for -h as for a
	// bad flag; it is printed here instead, once, on the right stream.
	usage := fs.Usage
	fs.Usage = func() {}
	err := fs.Parse(args)
	fs.Usage = usage
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(env.Stdout)
			fs.Usage()
			return ExitOK, false
		}
		fs.Usage() // after the flag package's line naming the bad flag
		return ExitUsage, false
	}
	return 0, true
}

// storePath resolves the store location: --db, then TRAILVIEW_DB, then
// $XDG_DATA_HOME/trailview/history.db (default ~/.local/share).
func storePath(env Env, flagValue string) (string, error) {
	if flagValue != "" {
		return flagValue, nil
	}
	if p := env.Getenv("TRAILVIEW_DB"); p != "" {
		return p, nil
	}
	base := env.Getenv("XDG_DATA_HOME")
	if base == "" {
		home := env.Getenv("HOME")
		if home == "" {
			h, err := os.UserHomeDir()
			if err != nil {
				return "", fmt.Errorf("cannot find the store: set --db, TRAILVIEW_DB or HOME: %w", err)
			}
			home = h
		}
		base = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(base, "trailview", "history.db"), nil
}

// regionFromEnv gives the Region from --region, then AWS_REGION, then
// AWS_DEFAULT_REGION; "" means "the Region with the most events".
func regionFromEnv(env Env, flagValue string) string {
	if flagValue != "" {
		return flagValue
	}
	if r := env.Getenv("AWS_REGION"); r != "" {
		return r
	}
	return env.Getenv("AWS_DEFAULT_REGION")
}

func errorf(env Env, format string, args ...any) {
	fmt.Fprintf(env.Stderr, "trailview: "+format+"\n", args...)
}
