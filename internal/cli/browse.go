package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/trailview/trailview/assets"
	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/ui"
)

// Browse implements 'trailview [--db PATH] [--region R] [--demo] [PATH...]':
// the terminal UI. With PATHs the UI opens at once and loads them with
// progress on screen. With --demo, or when the store is empty and no PATH
// is given, it opens the built-in sample history in its own store (never
// the user's) and says so on screen.
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
	store, sample, err := openBrowseStore(ctx, path, *demo, len(paths) > 0)
	if err != nil {
		errorf(env, "%v", err)
		return ExitError
	}
	var openStore func(context.Context) (*history.Store, error)
	var storeDone func(*history.Store) <-chan struct{}
	if sample {
		storeDone = assets.SampleDone
		// The sample is opened (built on first use, which takes a moment)
		// while the UI already shows; the UI closes it.
		dir, now := sampleDir(env), env.Now()
		openStore = func(ctx context.Context) (*history.Store, error) {
			st, err := assets.OpenSample(ctx, dir, now)
			if err != nil {
				return nil, fmt.Errorf("opening the sample history: %w", err)
			}
			return st, nil
		}
	} else {
		defer store.Close()
	}

	cfgPath := configPath(env)
	cols, err := ui.LoadColumns(cfgPath)
	if err != nil {
		// A broken config must not keep the user out: defaults apply.
		cols = nil
	}
	err = ui.Run(ctx, ui.Options{
		Store:      store,
		OpenStore:  openStore,
		StoreDone:  storeDone,
		Region:     regionFromEnv(env, *region),
		Paths:      paths,
		Sample:     sample,
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

// openBrowseStore opens the user's store; it returns sample = true (and
// no store) when the sample is asked for or when there is nothing else to
// show. A missing store is not created just to find it empty.
func openBrowseStore(ctx context.Context, path string, demo, loading bool) (*history.Store, bool, error) {
	if demo {
		return nil, true, nil
	}
	if !loading {
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			return nil, true, nil
		}
	}
	store, err := history.Open(ctx, path, history.OpenOptions{})
	if err != nil {
		return nil, false, err
	}
	if loading {
		return store, false, nil
	}
	scopes, err := store.Scopes(ctx)
	if err != nil {
		store.Close()
		return nil, false, err
	}
	if len(scopes) == 0 {
		store.Close()
		return nil, true, nil
	}
	return store, false, nil
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
