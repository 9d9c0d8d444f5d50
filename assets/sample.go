package assets

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/trailview/trailview/history"
)

// Why a cache: generating the sample takes about 0.1-0.3 s, but loading its
// events into a fresh store takes seconds on a small machine (see
// docs/benchmarks.md, "Sample history"), far over the first screen's one
// second. So the sample store is built once per clock hour and kept as
// dir/sample-v<GeneratorVersion>-<YYYYMMDDTHH>.db. Its events end at the
// start of that hour, so the newest is always less than an hour old and
// the 90 days stay "recent" without rewriting records. A build goes to a
// temporary name and is renamed into place, so two programs starting
// together never see half a store (the later rename wins, with the same
// bytes: same hour, same events).

// sampleName is the cache file of the sample ending at end (an hour).
func sampleName(end time.Time) string {
	return fmt.Sprintf("sample-v%d-%s.db", GeneratorVersion, end.UTC().Format("20060102T15"))
}

// SamplePath is where OpenSample keeps the sample for now under dir.
func SamplePath(dir string, now time.Time) string {
	return filepath.Join(dir, sampleName(now.UTC().Truncate(time.Hour)))
}

// OpenSample opens the sample history (SampleOptions) for now in its own
// store under dir, never the user's store, building it if this hour's
// copy is missing. dir is a cache directory such as
// $XDG_CACHE_HOME/trailview; it is created if needed. The store is opened
// read-only: the sample is for exploring, not for loading into.
func OpenSample(ctx context.Context, dir string, now time.Time) (*history.Store, error) {
	end := now.UTC().Truncate(time.Hour)
	path := filepath.Join(dir, sampleName(end))
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		if err := buildSample(ctx, dir, path, end); err != nil {
			return nil, err
		}
		removeStaleSamples(dir, end)
	} else if err != nil {
		return nil, fmt.Errorf("sample history: %w", err)
	}
	s, err := history.Open(ctx, path, history.OpenOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("sample history: %w", err)
	}
	return s, nil
}

func buildSample(ctx context.Context, dir, path string, end time.Time) (err error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("sample history: %w", err)
	}
	f, err := os.CreateTemp(dir, ".sample-build-*.db")
	if err != nil {
		return fmt.Errorf("sample history: %w", err)
	}
	tmp := f.Name()
	f.Close()
	defer func() {
		if err != nil {
			for _, suffix := range []string{"", "-wal", "-shm"} {
				os.Remove(tmp + suffix)
			}
		}
	}()
	s, err := history.Open(ctx, tmp, history.OpenOptions{})
	if err != nil {
		return fmt.Errorf("sample history: %w", err)
	}
	err = loadSample(ctx, s, SampleOptions(end))
	if cerr := s.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("sample history: close: %w", cerr)
	}
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("sample history: %w", err)
	}
	return nil
}

// loadSample streams the generated records into s as one JSON-lines
// input, through a pipe: nothing touches the disk but the store.
func loadSample(ctx context.Context, s *history.Store, opts Options) error {
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(WriteJSONLines(pw, opts))
	}()
	res, err := s.Load(ctx, []string{"-"}, history.LoadOptions{Stdin: pr})
	pr.CloseWithError(errors.New("load finished")) // stops the generator if Load returned early
	if err != nil {
		return fmt.Errorf("sample history: %w", err)
	}
	if len(res.Errors) > 0 {
		return fmt.Errorf("sample history: %w", res.Errors[0])
	}
	if want := int64(opts.Events); res.Added-res.Insights != want {
		return fmt.Errorf("sample history: stored %d events, want %d", res.Added-res.Insights, want)
	}
	return nil
}

// removeStaleSamples deletes this version's samples of earlier hours and
// earlier versions' samples, sparing the day before: another trailview may
// still have one of those open.
func removeStaleSamples(dir string, end time.Time) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, "sample-v") || !strings.HasSuffix(name, ".db") {
			continue
		}
		_, stamp, ok := strings.Cut(strings.TrimSuffix(name, ".db"), "-")
		if !ok {
			continue
		}
		_, stamp, ok = strings.Cut(stamp, "-")
		t, perr := time.Parse("20060102T15", stamp)
		if !ok || perr != nil || !t.Before(end.Add(-24*time.Hour)) {
			continue
		}
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(filepath.Join(dir, name+suffix))
		}
	}
}
