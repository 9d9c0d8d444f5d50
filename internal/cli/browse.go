package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/trailview/trailview/assets"
	"github.com/trailview/trailview/history/store"
	"github.com/trailview/trailview/ui"
)

// Browse implements 'trailview [--db PATH] [--region R] [--demo] [PATH...]':
// the terminal UI. With PATHs the UI opens at once and loads them with
// progress on screen. With --demo, or when the default store is missing or
// empty and no PATH is given, it opens the built-in sample history in its
// own store (never the user's) and says so on screen. A store named with
// --db or TRAILVIEW_DB is what the user asked to see: if it does not exist
// (most likely a typo) that is a usage error naming it, never the sample;
// if it holds no events yet, it opens empty with a hint to load.
func Browse(ctx context.Context, env Env, args []string) int {
	env, flush := env.terminalSafe()
	defer flush()
	fs := newFlags(env, "trailview", "trailview [--db PATH] [--region R] [--demo] [PATH...]")
	db := fs.String("db", "", "store file (default $TRAILVIEW_DB, else $XDG_DATA_HOME/trailview/history.db)")
	region := fs.String("region", "", "Region to show first (default $AWS_REGION, $AWS_DEFAULT_REGION, else the Region with the most events)")
	demo := fs.Bool("demo", false, "browse the built-in sample history instead of your store")
	if code, ok := parseFlags(fs, env, args); !ok {
		return code
	}
	paths := fs.Args()
	if *demo && len(paths) > 0 {
		errorf(env, "--demo shows the built-in sample and cannot load files; run 'trailview %s' without --demo", paths[0])
		return ExitUsage
	}
	if !env.StdoutTerminal {
		errorf(env, "the browser needs a terminal; for scripts use 'trailview export' or 'trailview lookup-events'")
		return ExitError
	}
	path, err := storePath(env, *db)
	if err != nil {
		errorf(env, "%v", err)
		return ExitError
	}
	named := storeNamedBy(env, *db)
	st, sample, err := openBrowseStore(ctx, path, named, *demo, len(paths) > 0)
	if errors.Is(err, errNoStore) {
		errorf(env, "%v", err)
		return ExitUsage
	}
	if err != nil {
		errorf(env, "%v", err)
		return ExitError
	}
	var emptyHint string
	if named != "" && !sample && len(paths) == 0 {
		emptyHint = fmt.Sprintf("No events in %s yet: load some with 'trailview load --db %s PATH' or 'trailview --db %s PATH'", path, path, path)
	}
	var openStore func(context.Context) (*store.Store, error)
	var storeDone func(*store.Store) <-chan struct{}
	if sample {
		storeDone = assets.SampleDone
		// The sample is opened (built on first use, which takes a moment)
		// while the UI already shows; the UI closes it.
		dir, now := sampleDir(env), env.Now()
		openStore = func(ctx context.Context) (*store.Store, error) {
			st, err := assets.OpenSample(ctx, dir, now)
			if err != nil {
				return nil, fmt.Errorf("opening the sample history: %w", err)
			}
			return st, nil
		}
	} else {
		defer st.Close()
	}

	cfgPath := configPath(env)
	cols, err := ui.LoadColumns(cfgPath)
	if err != nil {
		// A broken config must not keep the user out: defaults apply.
		cols = nil
	}
	err = ui.Run(ctx, ui.Options{
		Store:      st,
		OpenStore:  openStore,
		StoreDone:  storeDone,
		Region:     regionFromEnv(env, *region),
		Paths:      paths,
		Sample:     sample,
		EmptyHint:  emptyHint,
		Now:        env.Now,
		ConfigPath: cfgPath,
		Columns:    cols,
	})
	if err != nil {
		errorf(env, "%v", err)
		return ExitError
	}
	return ExitOK
}

// errNoStore is a store named with --db or TRAILVIEW_DB that is not there.
var errNoStore = errors.New("no store")

// storeNamedBy says how the user named the store: "--db", "TRAILVIEW_DB",
// or "" for the default store.
func storeNamedBy(env Env, flagValue string) string {
	switch {
	case flagValue != "":
		return "--db"
	case env.Getenv("TRAILVIEW_DB") != "":
		return "TRAILVIEW_DB"
	}
	return ""
}

// openBrowseStore opens the user's store; it returns sample = true (and
// no store) when the sample is asked for or when the default store has
// nothing to show. named is how the store was named (storeNamedBy). A
// missing store is not created just to find it empty, and a named one
// that is missing or a directory is errNoStore, naming it.
func openBrowseStore(ctx context.Context, path, named string, demo, loading bool) (*store.Store, bool, error) {
	if demo {
		return nil, true, nil
	}
	if named != "" {
		if err := checkNamedStore(path, named, loading); err != nil {
			return nil, false, err
		}
	} else if !loading {
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			return nil, true, nil
		}
	}
	st, err := store.Open(ctx, path, store.OpenOptions{})
	if err != nil {
		return nil, false, err
	}
	if loading || named != "" {
		return st, false, nil
	}
	scopes, err := st.Scopes(ctx)
	if err != nil {
		st.Close()
		return nil, false, err
	}
	if len(scopes) == 0 {
		st.Close()
		return nil, true, nil
	}
	return st, false, nil
}

// checkNamedStore refuses a named store path that cannot be the store the
// user meant: a directory, or (unless PATHs are being loaded into it, which
// creates it as 'trailview load' does) a file that does not exist.
func checkNamedStore(path, named string, loading bool) error {
	st, err := os.Stat(path)
	switch {
	case err == nil && st.IsDir():
		return fmt.Errorf("%w: %s %s is a directory, not a store file", errNoStore, named, path)
	case err == nil, loading && errors.Is(err, fs.ErrNotExist):
		return nil
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%w at %s (%s): check the path, or create the store by loading events: 'trailview load --db %s PATH'",
			errNoStore, path, named, path)
	}
	return fmt.Errorf("open store %s: %w", path, err)
}

// configPath is $XDG_CONFIG_HOME/trailview/config (default ~/.config).
func configPath(env Env) string {
	base := env.Getenv("XDG_CONFIG_HOME")
	if base == "" {
		home := env.Getenv("HOME")
		if home == "" {
			h, err := os.UserHomeDir()
			if err != nil {
				return "" // columns are then kept for this run only
			}
			home = h
		}
		base = filepath.Join(home, ".config")
	}
	return filepath.Join(base, "trailview", "config")
}

// sampleDir is where the sample's own store is kept:
// $XDG_CACHE_HOME/trailview (default ~/.cache, else the temporary dir).
func sampleDir(env Env) string {
	base := env.Getenv("XDG_CACHE_HOME")
	if base == "" {
		if home := env.Getenv("HOME"); home != "" {
			base = filepath.Join(home, ".cache")
		} else {
			base = os.TempDir()
		}
	}
	return filepath.Join(base, "trailview")
}
