package store

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
)

// DefaultMaxInflateRatio caps how many times its stored size an input may
// grow when decompressed. CloudTrail's gzip log files inflate 10 to 30
// times; the most compressible file we could make of real records (one
// record repeated with fresh IDs and times, a flood of identical calls)
// inflates 36 times. 200 leaves more than five times that, and stays far
// below the 1,000-fold (deflate's ceiling is 1,032) that decompression
// bombs reach: a 216 KB zip bomb is refused after 43 MB of work, not the
// hundreds of gigabytes its entries claim.
const DefaultMaxInflateRatio = 200

// minInflateAllowance is what any input may inflate to whatever its
// ratio: a few milliseconds of work, so that a small file made of one
// repeated record is never refused.
const minInflateAllowance = 1 << 20

// errLikelyBomb marks an input refused for inflating too much, or for
// the overlapping entries that make a zip inflate too much.
var errLikelyBomb = errors.New("refused as a likely decompression bomb")

// inflateBudget is what an input (a file, or a zip archive's members
// together) may decompress to.
type inflateBudget struct {
	ratio   float64
	stored  int64           // bytes as stored; -1 when unknown (stdin)
	read    *countingReader // counts the stored bytes read when stored is unknown
	used    int64           // decompressed bytes given so far
	archive bool            // the budget of a zip archive's members (for the message)
}

// newInflateBudget makes the budget of an input of stored bytes read from
// src; when the size is unknown (-1), the returned reader replaces src and
// counts the bytes read.
func newInflateBudget(ratio float64, stored int64, src io.Reader) (*inflateBudget, io.Reader) {
	if ratio <= 0 {
		ratio = DefaultMaxInflateRatio
	}
	b := &inflateBudget{ratio: ratio, stored: stored}
	if stored < 0 {
		b.read = &countingReader{r: src}
		return b, b.read
	}
	return b, src
}

// limit is the number of decompressed bytes allowed so far. Without a
// known size it grows with the stored bytes read, which the decompressor
// reads ahead of what it has given out.
func (b *inflateBudget) limit() int64 {
	stored := b.stored
	if stored < 0 && b.read != nil {
		stored = b.read.n
	}
	limit := b.ratio * float64(stored)
	if limit >= math.MaxInt64 { // a huge ratio: no limit (converting would overflow)
		return math.MaxInt64
	}
	return max(int64(limit), minInflateAllowance)
}

func (b *inflateBudget) exceeded() bool { return b.used > b.limit() }

func (b *inflateBudget) err() error {
	size := "its size"
	if b.stored >= 0 {
		size = fmt.Sprintf("its %d bytes", b.stored)
	}
	if b.archive {
		return fmt.Errorf("the archive's members inflate to more than %g times %s (--max-inflate-ratio raises the limit): %w; "+
			"the members after this one are not read", b.ratio, size, errLikelyBomb)
	}
	return fmt.Errorf("inflates to more than %g times %s (--max-inflate-ratio raises the limit): %w", b.ratio, size, errLikelyBomb)
}

// limited makes a decompressed stream fail once the budget is spent.
func (b *inflateBudget) limited(r io.Reader) io.Reader { return &inflateLimiter{r: r, b: b} }

// bound limits a decoded input if it was compressed; plain JSON needs no
// budget.
func (b *inflateBudget) bound(d *decoded) io.Reader {
	if d.compressed {
		return b.limited(d)
	}
	return d
}

type inflateLimiter struct {
	r io.Reader
	b *inflateBudget
}

func (l *inflateLimiter) Read(p []byte) (int, error) {
	if l.b.exceeded() {
		return 0, l.b.err()
	}
	n, err := l.r.Read(p)
	l.b.used += int64(n)
	if l.b.exceeded() {
		return 0, l.b.err()
	}
	return n, err
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// checkZipLayout refuses an archive whose entries share bytes, which is
// how zip bombs reach their ratio (many entries inflating one stream),
// and one whose entries declare more content in all than the budget
// allows: archive/zip fails a member that gives more than it declares,
// so the declared sizes bound the work. An entry spans from its local
// header, at least 30 bytes and its name long, to the end of its data.
func checkZipLayout(files []*zip.File, b *inflateBudget) error {
	type span struct {
		start, end int64
		name       string
	}
	spans := make([]span, 0, len(files))
	var declared uint64
	for _, f := range files {
		declared += f.UncompressedSize64
		if declared > uint64(b.limit()) {
			return fmt.Errorf("its members declare more than %g times the archive's %d bytes of content, from %q on "+
				"(--max-inflate-ratio raises the limit): %w", b.ratio, b.stored, f.Name, errLikelyBomb)
		}
		data, err := f.DataOffset()
		if err != nil {
			return fmt.Errorf("member %q: %v", f.Name, err)
		}
		start := data - 30 - int64(len(f.Name))
		spans = append(spans, span{start, data + int64(f.CompressedSize64), f.Name})
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	for i := 1; i < len(spans); i++ {
		if spans[i].start < spans[i-1].end {
			return fmt.Errorf("members %q and %q overlap (share bytes), as a zip bomb's do: %w", spans[i-1].name, spans[i].name, errLikelyBomb)
		}
	}
	return nil
}
