package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	out := filepath.Join(t.TempDir(), "tree")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-out", out, "-events", "500", "-padded", "-seed", "7"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), " 500 events") {
		t.Errorf("summary %q does not count 500 events", stdout.String())
	}
	if _, err := os.Stat(filepath.Join(out, "AWSLogs", "111122223333", "CloudTrail")); err != nil {
		t.Errorf("no S3 layout under %s: %v", out, err)
	}
	// A second run into the same directory is refused.
	stdout.Reset()
	stderr.Reset()
	if code := run([]string{"-out", out, "-events", "10"}, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), "not empty") {
		t.Errorf("rerun into a full dir: exit %d, %q", code, stderr.String())
	}
}

// TestBusyShape: -shape busy writes the second benchmark shape, whose data
// events the summary counts apart from the management events.
func TestBusyShape(t *testing.T) {
	out := filepath.Join(t.TempDir(), "tree")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-out", out, "-events", "3000", "-shape", "busy"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), " 3000 events") || strings.Contains(stdout.String(), " 0 data events") {
		t.Errorf("summary %q: want 3000 events and some data events", stdout.String())
	}
	if _, err := os.Stat(filepath.Join(out, "AWSLogs", "444455556666", "CloudTrail", "eu-west-1")); err != nil {
		t.Errorf("busy shape spreads over the second account's second Region: %v", err)
	}
}

func TestBadFlags(t *testing.T) {
	for _, args := range [][]string{{"-bogus"}, {}, {"-out", t.TempDir(), "extra"}, {"-out", "x", "-end", "yesterday"}, {"-out", t.TempDir(), "-shape", "round"}} {
		var stdout, stderr bytes.Buffer
		if code := run(args, &stdout, &stderr); code != 2 {
			t.Errorf("%q: exit %d, want 2 (%s)", args, code, stderr.String())
		}
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-out", t.TempDir(), "-events", "-5"}, &stdout, &stderr); code != 1 {
		t.Errorf("negative events: exit %d, want 1", code)
	}
}
