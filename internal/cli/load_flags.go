package cli

import (
	"flag"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/trailview/trailview/history/store"
)

// loadReadFlags are the flags of 'load' that shape how inputs are read.
type loadReadFlags struct {
	verbose, checksum *bool
	inflateRatio      *ratioFlag
}

func addLoadReadFlags(fs *flag.FlagSet) loadReadFlags {
	f := loadReadFlags{
		verbose: fs.Bool("v", false, "name on stderr each file skipped and why (digest files, files loaded before, hidden files, files that are not CloudTrail data)"),
		checksum: fs.Bool("checksum", false, "compare the content (SHA-256) of files whose path, size and modification time match a file loaded before,\n"+
			"and load again those that changed (reads every such file)"),
		inflateRatio: &ratioFlag{store.DefaultMaxInflateRatio},
	}
	fs.Var(f.inflateRatio, "max-inflate-ratio", "refuse a compressed input (gzip, zstd, a zip archive's members together) that inflates to more than `N` times its size, as a decompression bomb does")
	return f
}

// options adds the flags' choices to opts. Notes about single files go to
// env.Stderr above the progress bar.
func (f loadReadFlags) options(opts store.LoadOptions, env Env, bar *progressLine) store.LoadOptions {
	opts.Checksum = *f.checksum
	opts.MaxInflateRatio = f.inflateRatio.v
	opts.Changed = func(name string) {
		bar.note(env.Stderr, "load: "+name+": content changed since it was loaded (same size and modification time); loading it again")
	}
	if *f.verbose {
		opts.Skipped = func(name, why string) { bar.note(env.Stderr, "load: skipped "+name+": "+why) }
	}
	return opts
}

// ratioFlag is a ratio of at least 1, refused at parsing otherwise.
type ratioFlag struct{ v float64 }

func (r *ratioFlag) String() string {
	if r == nil {
		return ""
	}
	return strconv.FormatFloat(r.v, 'g', -1, 64)
}

func (r *ratioFlag) Set(s string) error {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || v < 1 {
		return fmt.Errorf("must be a number of at least 1")
	}
	r.v = v
	return nil
}

// note prints a line of text above the bar (which the next update draws again).
func (b *progressLine) note(w io.Writer, line string) {
	if b.drawn {
		fmt.Fprint(b.w, "\r\x1b[K")
	}
	fmt.Fprintln(w, line)
}
