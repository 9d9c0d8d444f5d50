package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

// testEnv runs commands without a terminal, with a fixed clock and an
// environment that points every store and config file into a temp dir.
func testEnv(t *testing.T, vars map[string]string) (Env, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	dir := t.TempDir()
	env := map[string]string{
		"HOME":            dir,
		"XDG_DATA_HOME":   dir + "/data",
		"XDG_CONFIG_HOME": dir + "/config",
		"XDG_CACHE_HOME":  dir + "/cache",
	}
	for k, v := range vars {
		env[k] = v
	}
	var out, errb bytes.Buffer
	return Env{
		Stdin:  strings.NewReader(""),
		Stdout: &out,
		Stderr: &errb,
		Getenv: func(k string) string { return env[k] },
		Now:    func() time.Time { return time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC) },
	}, &out, &errb
}

// allCommands mirrors main.go's table.
var allCommands = map[string]Command{
	"":              Browse,
	"load":          Load,
	"lookup-events": LookupEvents,
	"export":        Export,
	"fetch":         Fetch,
	"version":       Version,
}

func TestEveryCommandPrintsUsageWithH(t *testing.T) {
	for name := range allCommands {
		t.Run("trailview "+name+" -h", func(t *testing.T) {
			env, out, errb := testEnv(t, nil)
			args := []string{"-h"}
			if name != "" {
				args = []string{name, "-h"}
			}
			code := Run(context.Background(), allCommands, args, env)
			if code != ExitOK {
				t.Fatalf("exit %d, stderr %s", code, errb)
			}
			text := out.String()
			if !strings.Contains(strings.ToLower(text), "usage") || !strings.Contains(text, "trailview") {
				t.Errorf("stdout does not hold a usage text:\n%s", text)
			}
		})
	}
}

func TestBadFlagExitsWithUsageError(t *testing.T) {
	for name := range allCommands {
		if name == "lookup-events" {
			continue // the AWS CLI's convention applies there: exit 252, checked by its own tests
		}
		t.Run("trailview "+name+" --no-such-flag", func(t *testing.T) {
			env, _, errb := testEnv(t, nil)
			args := []string{"--no-such-flag"}
			if name != "" {
				args = []string{name, "--no-such-flag"}
			}
			if code := Run(context.Background(), allCommands, args, env); code != ExitUsage {
				t.Fatalf("exit %d, want %d", code, ExitUsage)
			}
			if !strings.Contains(errb.String(), "no-such-flag") {
				t.Errorf("stderr does not name the bad flag:\n%s", errb)
			}
		})
	}
}

func TestUnknownCommand(t *testing.T) {
	env, _, errb := testEnv(t, nil)
	if code := Run(context.Background(), allCommands, []string{"lod"}, env); code != ExitUsage {
		t.Fatalf("exit %d, want %d", code, ExitUsage)
	}
	if !strings.Contains(errb.String(), `unknown command "lod"`) {
		t.Errorf("stderr: %s", errb)
	}
}

func TestStorePathChain(t *testing.T) {
	env, _, _ := testEnv(t, map[string]string{"XDG_DATA_HOME": "/x"})
	if p, _ := storePath(env, ""); p != "/x/trailview/history.db" {
		t.Errorf("XDG path %q", p)
	}
	env, _, _ = testEnv(t, map[string]string{"XDG_DATA_HOME": "", "HOME": "/home/u"})
	if p, _ := storePath(env, ""); p != "/home/u/.local/share/trailview/history.db" {
		t.Errorf("HOME path %q", p)
	}
	env, _, _ = testEnv(t, map[string]string{"TRAILVIEW_DB": "/t.db"})
	if p, _ := storePath(env, ""); p != "/t.db" {
		t.Errorf("TRAILVIEW_DB path %q", p)
	}
	if p, _ := storePath(env, "/flag.db"); p != "/flag.db" {
		t.Errorf("--db path %q", p)
	}
}

func TestRegionChain(t *testing.T) {
	env, _, _ := testEnv(t, map[string]string{"AWS_REGION": "eu-west-1", "AWS_DEFAULT_REGION": "us-west-2"})
	if r := regionFromEnv(env, "ap-south-1"); r != "ap-south-1" {
		t.Errorf("flag: %q", r)
	}
	if r := regionFromEnv(env, ""); r != "eu-west-1" {
		t.Errorf("AWS_REGION: %q", r)
	}
	env, _, _ = testEnv(t, map[string]string{"AWS_DEFAULT_REGION": "us-west-2"})
	if r := regionFromEnv(env, ""); r != "us-west-2" {
		t.Errorf("AWS_DEFAULT_REGION: %q", r)
	}
}

func TestParseDuration(t *testing.T) {
	for in, want := range map[string]time.Duration{"90d": 90 * 24 * time.Hour, "2w": 14 * 24 * time.Hour, "36h": 36 * time.Hour, "1.5d": 36 * time.Hour} {
		if got, err := ParseDuration(in); err != nil || got != want {
			t.Errorf("%s: %v %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "d", "-3d", "x7d", "7"} {
		if _, err := ParseDuration(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
