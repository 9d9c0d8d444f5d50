package benchstore

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"

	"github.com/klauspost/compress/gzip"

	"github.com/trailview/trailview/assets"
)

// chunkEvents is the number of records per scratch file: large enough that
// per-file costs vanish, small enough that one file's transaction stays
// modest.
const chunkEvents = 50_000

type chunkWriter struct {
	dir   string
	files []string
	f     *os.File
	zw    *gzip.Writer
	bw    *bufio.Writer
	n     int
}

func (c *chunkWriter) open() error {
	name := filepath.Join(c.dir, fmt.Sprintf("chunk-%05d.jsonl.gz", len(c.files)))
	f, err := os.Create(name)
	if err != nil {
		return fmt.Errorf("scratch file: %w", err)
	}
	c.f = f
	if c.zw == nil {
		c.zw, _ = gzip.NewWriterLevel(f, gzip.BestSpeed)
		c.bw = bufio.NewWriterSize(c.zw, 1<<16)
	} else {
		c.zw.Reset(f)
		c.bw.Reset(c.zw)
	}
	c.files = append(c.files, name)
	c.n = 0
	return nil
}

func (c *chunkWriter) close() error {
	if c.f == nil {
		return nil
	}
	err := c.bw.Flush()
	if e := c.zw.Close(); err == nil {
		err = e
	}
	if e := c.f.Close(); err == nil {
		err = e
	}
	c.f = nil
	if err != nil {
		return fmt.Errorf("write scratch file: %w", err)
	}
	return nil
}

func writeChunks(dir string, opts assets.Options) ([]string, error) {
	c := &chunkWriter{dir: dir}
	err := assets.Generate(opts, func(r *assets.Record) error {
		if c.f == nil || c.n == chunkEvents {
			if err := c.close(); err != nil {
				return err
			}
			if err := c.open(); err != nil {
				return err
			}
		}
		c.n++
		c.bw.Write(r.JSON)
		return c.bw.WriteByte('\n')
	})
	if cerr := c.close(); err == nil {
		err = cerr
	}
	return c.files, err
}
