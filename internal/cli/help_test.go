package cli

import (
	"context"
	"strings"
	"testing"
)

// TestUsagePrintedOnceOnTheRightStream: -h prints the usage once, on
// stdout, and nothing on stderr; a bad flag prints it once, on stderr,
// after the line naming the flag.
func TestUsagePrintedOnceOnTheRightStream(t *testing.T) {
	for name := range allCommands {
		t.Run("trailview "+name, func(t *testing.T) {
			for _, h := range []string{"-h", "--help", "-help"} {
				args := []string{h}
				if name != "" {
					args = []string{name, h}
				}
				env, out, errb := testEnv(t, nil)
				if code := Run(context.Background(), allCommands, args, env); code != ExitOK {
					t.Fatalf("%v: exit %d", args, code)
				}
				if errb.Len() != 0 {
					t.Errorf("%v: stderr is not empty:\n%s", args, errb)
				}
				if n := strings.Count(strings.ToLower(out.String()), "usage:"); n != 1 {
					t.Errorf("%v: the usage is printed %d times:\n%s", args, n, out)
				}
			}
			if name == "lookup-events" {
				return // bad options follow the AWS CLI's format, checked by its own tests
			}
			args := []string{"--no-such-flag"}
			if name != "" {
				args = []string{name, "--no-such-flag"}
			}
			env, out, errb := testEnv(t, nil)
			if code := Run(context.Background(), allCommands, args, env); code != ExitUsage {
				t.Fatalf("%v: exit %d", args, code)
			}
			text := errb.String()
			if out.Len() != 0 || strings.Count(text, "Usage:") != 1 || !strings.HasPrefix(text, "flag provided but not defined: -no-such-flag\n") {
				t.Errorf("%v: stdout %q, stderr:\n%s", args, out, text)
			}
		})
	}
}

// TestHelpCommand: 'trailview help' is 'trailview -h', and 'trailview
// help CMD' is 'trailview CMD -h'.
func TestHelpCommand(t *testing.T) {
	run := func(args ...string) (int, string, string) {
		env, out, errb := testEnv(t, nil)
		code := Run(context.Background(), allCommands, args, env)
		return code, out.String(), errb.String()
	}
	code, out, errb := run("help")
	_, wantOut, _ := run("-h")
	if code != ExitOK || out != wantOut || errb != "" || !strings.Contains(out, "Commands:") {
		t.Errorf("help: exit %d, stdout %q (want %q), stderr %q", code, out, wantOut, errb)
	}
	for name := range allCommands {
		if name == "" {
			continue
		}
		code, out, errb := run("help", name)
		_, wantOut, _ := run(name, "-h")
		if code != ExitOK || out != wantOut || errb != "" || out == "" {
			t.Errorf("help %s: exit %d, stdout %q (want %q), stderr %q", name, code, out, wantOut, errb)
		}
	}
	for _, args := range [][]string{{"help", "lod"}, {"help", "load", "export"}} {
		code, out, errb := run(args...)
		if code != ExitUsage || out != "" || !strings.Contains(errb, "Commands:") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errb)
		}
	}
}
