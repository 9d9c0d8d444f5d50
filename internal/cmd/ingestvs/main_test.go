package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseMaxRSS(t *testing.T) {
	report := "\tCommand being timed: \"x\"\n\tMaximum resident set size (kbytes): 250112\n\tExit status: 0\n"
	if n, ok := parseMaxRSS(report); !ok || n != 250112 {
		t.Errorf("parseMaxRSS = %d, %v; want 250112", n, ok)
	}
	if _, ok := parseMaxRSS("Exit status: 0\n"); ok {
		t.Error("a report without the line gave a value")
	}
}

func TestMissingBinariesNamed(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run([]string{"-trailview", "/nonexistent/tv", "-work", t.TempDir()}, &stdout, &stderr)
	if code != 1 || !strings.Contains(stderr.String(), "/nonexistent/tv") {
		t.Errorf("exit %d, %q: want 1 naming the missing binary", code, stderr.String())
	}
	if code := run([]string{"-runs", "0"}, &stdout, &stderr); code != 2 {
		t.Errorf("-runs 0: exit %d, want 2", code)
	}
}

func TestLinkedTreeResolved(t *testing.T) {
	real, work := t.TempDir(), t.TempDir()
	link := filepath.Join(work, "trailview-bench-busy-10")
	if err := os.Symlink(real, link); err != nil {
		// The tool runs on Linux, where a temporary directory always
		// takes symbolic links: failing to make one is a real failure.
		t.Fatalf("symbolic link: %v", err)
	}
	if err := os.WriteFile(link+".stats.json", []byte(`{"Files":1}`), 0o644); err != nil {
		t.Fatal(err)
	}
	tree, _, err := ensureTree(config{shape: "busy", events: 10, work: work}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(tree); err != nil || fi.Mode()&os.ModeSymlink != 0 {
		t.Errorf("tree %s: %v, mode %v; want the linked directory itself", tree, err, fi.Mode())
	}
}

func TestParseSeconds(t *testing.T) {
	report := "\tUser time (seconds): 12.50\n\tSystem time (seconds): 1.25\n"
	if d, ok := parseSeconds(report, "User time (seconds):"); !ok || d != 12500*time.Millisecond {
		t.Errorf("user time = %v, %v; want 12.5s", d, ok)
	}
	if _, ok := parseSeconds(report, "Elapsed (wall clock) time:"); ok {
		t.Error("a missing line gave a value")
	}
}
