package benchstore

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/trailview/trailview/assets"
	"github.com/trailview/trailview/history/store"
)

// build writes the store at path: the generated events go to gzipped JSON
// lines files of chunkEvents each in a scratch directory, which one Load
// reads the way it reads any archive (a transaction per file, parallel
// parsing, bulk index build), then the finished file is renamed to path.
func build(ctx context.Context, path string, events int, alive func()) error {
	dir := filepath.Dir(path)
	scratch, err := os.MkdirTemp(dir, "trailview-benchstore-*")
	if err != nil {
		return fmt.Errorf("scratch dir: %w", err)
	}
	defer os.RemoveAll(scratch)

	files, err := writeChunks(scratch, assets.BenchOptions(events))
	if err != nil {
		return err
	}
	tmp := filepath.Join(scratch, "store.db")
	s, err := store.Open(ctx, tmp, store.OpenOptions{})
	if err != nil {
		return fmt.Errorf("open %s: %w", tmp, err)
	}
	last := time.Now()
	res, err := s.Load(ctx, files, store.LoadOptions{Progress: func(store.Progress) {
		if time.Since(last) > 5*time.Second {
			alive()
			last = time.Now()
		}
	}})
	if cerr := s.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("close store: %w", cerr)
	}
	if err != nil {
		return fmt.Errorf("load generated events: %w", err)
	}
	if len(res.Errors) > 0 {
		return fmt.Errorf("load generated events: %d inputs failed, first: %w", len(res.Errors), res.Errors[0])
	}
	if got := res.Added - res.Insights; got != int64(events) {
		return fmt.Errorf("load generated events: %d management events stored, want %d", got, events)
	}
	// Close checkpoints the WAL; anything left beside the file belongs to
	// the scratch dir and goes with it.
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("move store into place: %w", err)
	}
	return nil
}
