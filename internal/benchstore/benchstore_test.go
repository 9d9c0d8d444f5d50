package benchstore

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/store"
)

func TestPathSmall(t *testing.T) {
	const n = 3000
	path := Path(t, n)
	if again := Path(t, n); again != path {
		t.Fatalf("second call gave %s, first %s", again, path)
	}
	ctx := context.Background()
	s, err := store.Open(ctx, path, store.OpenOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := s.Count(ctx, history.Query{})
	if err != nil {
		t.Fatal(err)
	}
	if got != n {
		t.Fatalf("store holds %d management events, want %d", got, n)
	}
	scopes, err := s.Scopes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(scopes) < 6 {
		t.Fatalf("want several Regions and accounts, got %d scopes", len(scopes))
	}
}

func TestWaitsForOtherBuild(t *testing.T) {
	dir := t.TempDir()
	path := dir + "/store.db"
	// A live lock and no store: ensure waits; the "other binary" finishes.
	if err := os.WriteFile(path+".lock", nil, 0o600); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := ensure(context.Background(), path, 300)
		done <- err
	}()
	if _, err := ensure(context.Background(), dir+"/other.db", 300); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(dir+"/other.db", path); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestStaleLockTakenOver(t *testing.T) {
	dir := t.TempDir()
	path := dir + "/store.db"
	if err := os.WriteFile(path+".lock", nil, 0o600); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	os.Chtimes(path+".lock", old, old)
	built, err := ensure(context.Background(), path, 300)
	if err != nil || !built {
		t.Fatalf("built %v, %v", built, err)
	}
	if _, err := os.Stat(path + ".lock"); err == nil {
		t.Error("lock left behind")
	}
}
