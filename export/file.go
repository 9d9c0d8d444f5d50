package export

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/store"
)

// Result describes a finished export.
type Result struct {
	Events int64    // events written
	Files  []string // files created, in order (ToFile only)
}

// ctxCheckEvery is how often the export loop looks at its context between
// rows; the store's query notices cancellation on its own as well.
const ctxCheckEvery = 256

// ToWriter writes the events of q from store to w, newest first, and
// completes the document. Split is ignored: one stream is one document.
func ToWriter(ctx context.Context, store *store.Store, q history.Query, w io.Writer, opts Options) (Result, error) {
	x, err := NewWriter(w, opts)
	if err != nil {
		return Result{}, err
	}
	err = store.Iterate(ctx, q, x.NeedsRaw(), func(e *history.Event) error {
		if x.Count()%ctxCheckEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		return x.Write(e)
	})
	if err != nil {
		return Result{Events: x.Count()}, fmt.Errorf("export: %w", err)
	}
	if err := x.Close(); err != nil {
		return Result{Events: x.Count()}, fmt.Errorf("export: %w", err)
	}
	return Result{Events: x.Count()}, nil
}

// SplitName is the name of the i-th file (from 1) of a split export of
// path: the number goes before the extension, "events.csv" giving
// "events-0001.csv", "events-0002.csv", ... so the files sort in order.
func SplitName(path string, i int) string {
	ext := filepath.Ext(path)
	if strings.ContainsRune(ext, filepath.Separator) || ext == filepath.Base(path) {
		ext = "" // a dot in a directory name, or a dot file such as ".csv"
	}
	return fmt.Sprintf("%s-%04d%s", strings.TrimSuffix(path, ext), i, ext)
}

// ToFile writes the events of q from store to path, newest first. With
// opts.Split, it writes at most Split events per file, named by SplitName
// (always numbered, even when one file is enough, so the names do not
// depend on the count).
//
// Each file is written under a temporary name in the same directory,
// synced, and renamed only after every event is written: a failed or
// cancelled export leaves no file behind. An existing file is an error
// wrapping fs.ErrExist unless force is set. Files are created with mode
// 0600: they hold audit data, like the store.
func ToFile(ctx context.Context, store *store.Store, q history.Query, path string, opts Options, force bool) (res Result, err error) {
	if path == "" {
		return Result{}, errors.New("export: no file name given")
	}
	first := path
	if opts.Split > 0 {
		first = SplitName(path, 1)
	}
	if !force {
		// Checked again when renaming; failing here saves the work.
		if err := notExists(first); err != nil {
			return Result{}, err
		}
	}
	if _, err := NewWriter(io.Discard, opts); err != nil {
		return Result{}, err
	}
	p := &parts{path: path, opts: opts}
	defer func() {
		if err != nil {
			p.discard()
		}
	}()
	if err := p.next(); err != nil {
		return Result{}, err
	}
	err = store.Iterate(ctx, q, p.w.NeedsRaw(), func(e *history.Event) error {
		if p.total%ctxCheckEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if opts.Split > 0 && p.w.Count() >= int64(opts.Split) {
			if err := p.finish(); err != nil {
				return err
			}
			if err := p.next(); err != nil {
				return err
			}
		}
		if err := p.w.Write(e); err != nil {
			return err
		}
		p.total++
		return nil
	})
	if err == nil {
		err = p.finish()
	}
	if err != nil {
		return Result{Events: p.total}, fmt.Errorf("export to %s: %w", path, err)
	}
	files, err := p.commit(force)
	if err != nil {
		return Result{Events: p.total}, fmt.Errorf("export to %s: %w", path, err)
	}
	return Result{Events: p.total, Files: files}, nil
}

// parts tracks the temporary files of one ToFile call.
type parts struct {
	path  string
	opts  Options
	temps []string // finished and current temporary files
	f     *os.File // current file
	w     *Writer  // current writer
	total int64    // events written in all parts
}

// next opens a new temporary file and a writer on it.
func (p *parts) next() error {
	dir, base := filepath.Split(p.path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return fmt.Errorf("create temporary file: %w", err)
	}
	p.temps = append(p.temps, f.Name())
	p.f = f
	opts := p.opts
	if progress, base := opts.Progress, p.total; progress != nil {
		opts.Progress = func(n int64) { progress(base + n) }
	}
	w, err := NewWriter(f, opts)
	if err != nil {
		return err
	}
	p.w = w
	return nil
}

// finish completes, syncs and closes the current part.
func (p *parts) finish() error {
	if p.f == nil {
		return nil
	}
	f := p.f
	p.f = nil
	err := p.w.Close()
	if err == nil {
		err = f.Sync()
		if err != nil {
			err = fmt.Errorf("sync %s: %w", f.Name(), err)
		}
	}
	if cerr := f.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("close %s: %w", f.Name(), cerr)
	}
	return err
}

// commit gives the finished parts their names. Unless force is set, no
// existing file is replaced: every name is checked first, and each rename
// is a hard link that fails if the name was taken meanwhile.
func (p *parts) commit(force bool) ([]string, error) {
	names := make([]string, len(p.temps))
	for i := range p.temps {
		names[i] = p.path
		if p.opts.Split > 0 {
			names[i] = SplitName(p.path, i+1)
		}
		if !force {
			if err := notExists(names[i]); err != nil {
				return nil, err
			}
		}
	}
	for i, tmp := range p.temps {
		if err := place(tmp, names[i], force); err != nil {
			for _, done := range names[:i] {
				os.Remove(done)
			}
			return nil, err
		}
	}
	p.temps = nil
	syncDir(filepath.Dir(p.path))
	return names, nil
}

// discard removes the temporary files after a failure.
func (p *parts) discard() {
	if p.f != nil {
		p.f.Close()
		p.f = nil
	}
	for _, t := range p.temps {
		os.Remove(t)
	}
	p.temps = nil
}

// place moves a finished temporary file to its name.
func place(tmp, name string, force bool) error {
	if force {
		if err := os.Rename(tmp, name); err != nil {
			return fmt.Errorf("rename to %s: %w", name, err)
		}
		return nil
	}
	err := os.Link(tmp, name)
	if err == nil {
		os.Remove(tmp)
		return nil
	}
	if errors.Is(err, fs.ErrExist) {
		return &existsError{name: name}
	}
	// Some filesystems (FAT, some network shares) have no hard links:
	// check, then rename, which leaves only a tiny race.
	if err := notExists(name); err != nil {
		return err
	}
	if err := os.Rename(tmp, name); err != nil {
		return fmt.Errorf("rename to %s: %w", name, err)
	}
	return nil
}

// existsError says that an output file is already there. It wraps
// fs.ErrExist for errors.Is without adding that error's own text ("file
// already exists"), which would say the same thing twice.
type existsError struct{ name string }

func (e *existsError) Error() string { return e.name + " already exists" }
func (e *existsError) Unwrap() error { return fs.ErrExist }

// notExists returns an error wrapping fs.ErrExist when name exists.
func notExists(name string) error {
	_, err := os.Lstat(name)
	if err == nil {
		return &existsError{name: name}
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("check %s: %w", name, err)
	}
	return nil
}

// syncDir makes the renames durable. Failure is ignored: some systems
// cannot sync a directory, and the data itself is already synced.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	d.Sync()
	d.Close()
}
