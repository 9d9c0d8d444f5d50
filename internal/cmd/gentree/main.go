// Command gentree writes a generated CloudTrail history in the layout
// CloudTrail uses in S3, for the ingest benchmark (docs/benchmarks.md):
//
//	go run ./internal/cmd/gentree -out DIR -events N [-seed S] [-shape sample|padded|busy]
//
// -shape padded (or -padded): 1.2-2 KB records over the 90 days ending at
// -end, four Regions and three accounts (assets.BenchOptions). -shape busy:
// the second benchmark shape, ~1.5 KB records of many distinct tokens over
// the 14 days ending at -end, about 12 records a file, data and
// network-activity events mixed in (assets.BusyOptions). Otherwise the
// sample's three Regions and two accounts over 90 days.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/trailview/trailview/assets"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("gentree", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "directory to write the tree into (must not exist or be empty)")
	events := fs.Int("events", 100_000, "management events to generate")
	seed := fs.Uint64("seed", 1, "generator seed; the same options give the same files")
	padded := fs.Bool("padded", false, "the same as -shape padded")
	shape := fs.String("shape", "sample", "sample, padded (1.2-2 KB records, 4 Regions, 3 accounts, 90 days) or busy (diverse ~1.5 KB records, 12 a file, 14 days)")
	end := fs.String("end", assets.BenchEnd.Format(time.RFC3339), "time of the newest event (RFC 3339)")
	insights := fs.Int("insights", -1, "Insights records (default: the options' own)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: gentree -out DIR [-events N] [-seed S] [-shape sample|padded|busy] [-end TIME]\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 || *out == "" {
		fmt.Fprintln(stderr, "gentree: -out DIR is required and no arguments are taken")
		fs.Usage()
		return 2
	}
	endTime, err := time.Parse(time.RFC3339, *end)
	if err != nil {
		fmt.Fprintf(stderr, "gentree: -end: %v\n", err)
		return 2
	}
	if err := emptyDir(*out); err != nil {
		fmt.Fprintf(stderr, "gentree: %v\n", err)
		return 1
	}
	if *padded {
		*shape = "padded"
	}
	var opts assets.Options
	switch *shape {
	case "sample":
		opts = assets.SampleOptions(endTime)
	case "padded":
		opts = assets.BenchOptions(*events)
	case "busy":
		opts = assets.BusyOptions(*events)
	default:
		fmt.Fprintf(stderr, "gentree: -shape %q: want sample, padded or busy\n", *shape)
		return 2
	}
	opts.End = endTime
	opts.Events, opts.Seed = *events, *seed
	if *insights >= 0 {
		opts.Insights = *insights
	}
	start := time.Now()
	st, err := assets.WriteTree(*out, opts)
	if err != nil {
		fmt.Fprintf(stderr, "gentree: %v\n", err)
		return 1
	}
	el := time.Since(start)
	fmt.Fprintf(stdout, "wrote %s: %d files (%d Insights), %d events, %d data events, %d Insights records, %.1f MB gzip (%.1f MB JSON, %.0f B/record) in %v\n",
		*out, st.Files, st.InsightFiles, st.Events, st.DataEvents, st.Insights, float64(st.Bytes)/1e6, float64(st.RawBytes)/1e6,
		float64(st.RawBytes)/float64(max(1, st.Events+st.DataEvents+st.Insights)), el.Round(time.Millisecond))
	return 0
}

// emptyDir refuses to mix a new tree into existing files.
func emptyDir(dir string) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return os.MkdirAll(dir, 0o755)
	case err != nil:
		return err
	case len(entries) > 0:
		return fmt.Errorf("%s is not empty", dir)
	}
	return nil
}
