// Command ingestvs times `trailview load` against the shared plain loader
// (../shared/bench-baseline) on the same generated S3 tree, in one run,
// alternating the two, and prints events/s, bytes per event and peak RSS of
// each (docs/benchmarks.md, "Ingest on two shapes"):
//
//	go build -o /tmp/tv . && (cd ../shared/bench-baseline && go build -o /tmp/plainload .)
//	go run ./internal/cmd/ingestvs -shape busy -events 300000 -runs 2
//
// The tree is generated once into $TMPDIR/trailview-bench-SHAPE-N (with a
// .stats.json beside it) and reused. Timing uses /usr/bin/time -v, so the
// peak RSS is the child's own.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/trailview/trailview/assets"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

type config struct {
	shape     string
	events    int
	runs      int
	trailview string
	plainload string
	work      string
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("ingestvs", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c config
	fs.StringVar(&c.shape, "shape", "busy", "padded or busy (assets.BenchOptions, assets.BusyOptions)")
	fs.IntVar(&c.events, "events", 300_000, "management events in the tree")
	fs.IntVar(&c.runs, "runs", 2, "loads of each loader, alternated")
	fs.StringVar(&c.trailview, "trailview", "/tmp/tv", "trailview binary (go build -o /tmp/tv .)")
	fs.StringVar(&c.plainload, "plainload", "/tmp/plainload", "plain loader binary (cd ../shared/bench-baseline && go build -o /tmp/plainload .)")
	fs.StringVar(&c.work, "work", os.TempDir(), "directory for the tree and the stores")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 || c.runs < 1 || c.events < 1 {
		fmt.Fprintln(stderr, "ingestvs: takes no arguments; -runs and -events must be positive")
		return 2
	}
	if err := compare(c, stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "ingestvs: %v\n", err)
		return 1
	}
	return 0
}

func compare(c config, stdout, stderr io.Writer) error {
	for _, bin := range []string{c.trailview, c.plainload, timeBinary} {
		if _, err := os.Stat(bin); err != nil {
			return fmt.Errorf("%s is needed: %w (see -h)", bin, err)
		}
	}
	tree, stats, err := ensureTree(c, stderr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "tree %s: %d files, %d management events, %d data events, %.1f MB gzip\n",
		tree, stats.Files, stats.Events, stats.DataEvents, float64(stats.Bytes)/1e6)
	records := stats.Events + stats.DataEvents + stats.Insights
	for i := range c.runs {
		var tv, pl measurement
		for _, l := range []struct {
			name string
			m    *measurement
			argv func(db string) []string
		}{
			{"trailview", &tv, func(db string) []string { return []string{c.trailview, "load", "--db", db, tree} }},
			{"plainload", &pl, func(db string) []string { return []string{c.plainload, "-dir", tree, "-db", db} }},
		} {
			db := filepath.Join(c.work, fmt.Sprintf("ingestvs-%s-%s.db", c.shape, l.name))
			removeStore(db)
			m, err := measure(l.argv(db), db)
			removeStore(db)
			if err != nil {
				return fmt.Errorf("%s: %w", l.name, err)
			}
			*l.m = m
			fmt.Fprintf(stdout, "run %d %-9s %6.1f s %8.0f events/s %5.0f B/event %4.0f MB RSS %6.1f s CPU\n", i+1, l.name,
				m.wall.Seconds(), float64(records)/m.wall.Seconds(), float64(m.dbBytes)/float64(stats.Events), float64(m.rssKB)/1024, m.cpu.Seconds())
		}
		fmt.Fprintf(stdout, "run %d ratio %.2fx (trailview / plain, events/s), %.2fx in CPU time\n", i+1,
			pl.wall.Seconds()/tv.wall.Seconds(), pl.cpu.Seconds()/tv.cpu.Seconds())
	}
	return nil
}

// ensureTree generates the shape's tree once and reuses it after.
func ensureTree(c config, stderr io.Writer) (string, assets.TreeStats, error) {
	var opts assets.Options
	switch c.shape {
	case "padded":
		opts = assets.BenchOptions(c.events)
	case "busy":
		opts = assets.BusyOptions(c.events)
	default:
		return "", assets.TreeStats{}, fmt.Errorf("-shape %q: want padded or busy", c.shape)
	}
	tree := filepath.Join(c.work, "trailview-bench-"+c.shape+"-"+strconv.Itoa(c.events))
	statsPath := tree + ".stats.json"
	var st assets.TreeStats
	if b, err := os.ReadFile(statsPath); err == nil {
		if err := json.Unmarshal(b, &st); err != nil {
			return "", st, fmt.Errorf("%s: %w (remove it and the tree to regenerate)", statsPath, err)
		}
		// A tree shared by linking it into -work: the plain loader's
		// filepath.WalkDir does not follow a symbolic link at its root and
		// "loaded" nothing in 0.0 s, so both loaders get the real path.
		real, err := filepath.EvalSymlinks(tree)
		if err != nil {
			return "", st, fmt.Errorf("tree: %w", err)
		}
		return real, st, nil
	}
	if _, err := os.Stat(tree); err == nil {
		return "", st, fmt.Errorf("%s exists without %s: remove it to regenerate", tree, statsPath)
	}
	fmt.Fprintf(stderr, "generating %s ...\n", tree)
	start := time.Now()
	st, err := assets.WriteTree(tree, opts)
	if err != nil {
		return "", st, err
	}
	fmt.Fprintf(stderr, "generated in %v\n", time.Since(start).Round(time.Second))
	b, _ := json.Marshal(st)
	if err := os.WriteFile(statsPath, b, 0o644); err != nil {
		return "", st, fmt.Errorf("write %s: %w", statsPath, err)
	}
	return tree, st, nil
}

func removeStore(db string) {
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		os.Remove(db + suffix)
	}
}
