package assets

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/klauspost/compress/gzip"
)

// WriteJSONLines writes every generated record, one compact JSON object a
// line, in time order.
func WriteJSONLines(w io.Writer, opts Options) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	err := Generate(opts, func(r *Record) error {
		bw.Write(r.JSON)
		return bw.WriteByte('\n')
	})
	if err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("assets: write JSON lines: %w", err)
	}
	return nil
}

// TreeStats describes a written tree.
type TreeStats struct {
	Files        int   // log files, Insights files included
	InsightFiles int   // of which under CloudTrail-Insight/
	Events       int   // management events
	DataEvents   int   // data and network-activity events (busy shape)
	Insights     int   // Insights records
	Bytes        int64 // compressed bytes written
	RawBytes     int64 // JSON bytes before compression
}

// deliveryWindow is how much activity one log file covers: CloudTrail
// delivers about every five minutes per account and Region (spec 6.6).
const deliveryWindow = 5 * time.Minute

type fileKey struct {
	account, region string
	insight         bool
}

// WriteTree writes the generated history under dir in the layout CloudTrail
// uses in S3 (spec 6.1, 6.4): one gzipped {"Records":[...]} file per
// account, Region and five-minute delivery, records in no particular order
// inside a file, Insights under CloudTrail-Insight/. Only one window of
// records is held in memory at a time.
func WriteTree(dir string, opts Options) (TreeStats, error) {
	tw := &treeWriter{
		dir:     dir,
		r:       newRNG(opts.Seed, 0x7472_6565), // a stream apart from the records': names and shuffles
		pending: map[fileKey][][]byte{},
		dirs:    map[string]bool{},
		zw:      gzip.NewWriter(io.Discard),
	}
	window := int64(-1)
	err := Generate(opts, func(r *Record) error {
		win := r.Time.Unix() / int64(deliveryWindow/time.Second)
		if win != window {
			if err := tw.flush(window); err != nil {
				return err
			}
			window = win
		}
		k := fileKey{r.Account, r.Region, r.Insight}
		tw.pending[k] = append(tw.pending[k], append([]byte(nil), r.JSON...))
		switch {
		case r.Insight:
			tw.stats.Insights++
		case r.Data:
			tw.stats.DataEvents++
		default:
			tw.stats.Events++
		}
		return nil
	})
	if err == nil {
		err = tw.flush(window)
	}
	return tw.stats, err
}

type treeWriter struct {
	dir     string
	r       rng
	pending map[fileKey][][]byte
	order   []fileKey
	dirs    map[string]bool
	zw      *gzip.Writer
	buf     []byte
	stats   TreeStats
}

// flush writes one file per account and Region of the window just ended.
func (tw *treeWriter) flush(window int64) error {
	if len(tw.pending) == 0 {
		return nil
	}
	// Map order is random; sort the keys so names and shuffles repeat.
	tw.order = tw.order[:0]
	for k := range tw.pending {
		tw.order = append(tw.order, k)
	}
	slices.SortFunc(tw.order, func(a, b fileKey) int {
		return cmp.Or(strings.Compare(a.account, b.account), strings.Compare(a.region, b.region), boolCmp(a.insight, b.insight))
	})
	for _, k := range tw.order {
		delivered := time.Unix((window+1)*int64(deliveryWindow/time.Second), 0).UTC().
			Add(time.Duration(30+tw.r.IntN(240)) * time.Second)
		if err := tw.writeFile(k, delivered, tw.pending[k]); err != nil {
			return err
		}
	}
	clear(tw.pending)
	return nil
}

func boolCmp(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

func (tw *treeWriter) writeFile(k fileKey, delivered time.Time, recs [][]byte) error {
	kind := "CloudTrail"
	if k.insight {
		kind = "CloudTrail-Insight"
	}
	sub := filepath.Join(tw.dir, "AWSLogs", k.account, kind, k.region, delivered.Format("2006/01/02"))
	if !tw.dirs[sub] {
		if err := os.MkdirAll(sub, 0o755); err != nil {
			return fmt.Errorf("assets: create %s: %w", sub, err)
		}
		tw.dirs[sub] = true
	}
	name := k.account + "_" + kind + "_" + k.region + "_" + delivered.Format("20060102T1504Z") + "_" + tw.r.alnum(16) + ".json.gz"
	// Records inside a file are in no particular order (spec 5.1).
	tw.r.Shuffle(len(recs), func(i, j int) { recs[i], recs[j] = recs[j], recs[i] })
	b := append(tw.buf[:0], `{"Records":[`...)
	for i, rec := range recs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, rec...)
	}
	b = append(b, "]}"...)
	tw.buf = b

	path := filepath.Join(sub, name)
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("assets: %w", err)
	}
	cw := &countWriter{w: f}
	tw.zw.Reset(cw)
	_, err = tw.zw.Write(b)
	if err == nil {
		err = tw.zw.Close()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("assets: write %s: %w", path, err)
	}
	tw.stats.Files++
	if k.insight {
		tw.stats.InsightFiles++
	}
	tw.stats.Bytes += cw.n
	tw.stats.RawBytes += int64(len(b))
	return nil
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
