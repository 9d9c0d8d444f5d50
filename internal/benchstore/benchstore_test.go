package benchstore

import (
	"context"
	"testing"

	"github.com/trailview/trailview/history"
)

func TestPathSmall(t *testing.T) {
	const n = 3000
	path := Path(t, n)
	if again := Path(t, n); again != path {
		t.Fatalf("second call gave %s, first %s", again, path)
	}
	ctx := context.Background()
	s, err := history.Open(ctx, path, history.OpenOptions{ReadOnly: true})
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
