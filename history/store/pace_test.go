package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

// TestFetchTurnIsSharedBetweenStoreHandles walks the fetch turn of one
// account and Region through two handles on one store (as two processes
// have), on a made-up clock: a held turn makes the other wait for the
// holder's answer plus the interval, a killed holder's lease runs out, and
// a clock set back does not block the turn for as long (issue 14,
// item 11).
func TestFetchTurnIsSharedBetweenStoreHandles(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "h.db")
	a, err := Open(ctx, path, OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Open(ctx, path, OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	const lease, interval = 5 * time.Second, 600 * time.Millisecond
	t0 := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	at := func(d time.Duration) time.Time { return t0.Add(d) }
	claim := func(s *Store, holder string, now time.Duration, wantWait time.Duration, wantBy string) {
		t.Helper()
		wait, by, err := s.ClaimFetchTurn(ctx, "111122223333", "us-east-1", holder, func() time.Time { return at(now) }, lease, lease+interval)
		if err != nil {
			t.Fatal(err)
		}
		if wait != wantWait || by != wantBy {
			t.Errorf("%s claims at +%v: wait %v held by %q, want %v held by %q", holder, now, wait, by, wantWait, wantBy)
		}
	}
	move := func(s *Store, holder string, next time.Duration) {
		t.Helper()
		if err := s.MoveFetchTurn(ctx, "111122223333", "us-east-1", holder, at(next)); err != nil {
			t.Fatal(err)
		}
	}
	claim(a, "A", 0, 0, "A")
	claim(b, "B", 100*time.Millisecond, lease-100*time.Millisecond, "A") // A's request is out
	move(a, "A", 300*time.Millisecond+interval)                          // answered at +0.3s
	claim(b, "B", 500*time.Millisecond, 400*time.Millisecond, "A")
	claim(b, "B", 900*time.Millisecond, 0, "B")
	// Another account or Region has its own turn.
	if wait, _, err := a.ClaimFetchTurn(ctx, "111122223333", "eu-west-1", "A", func() time.Time { return at(time.Second) }, lease, lease+interval); err != nil || wait != 0 {
		t.Errorf("other Region: wait %v, %v", wait, err)
	}
	// A renewal of A's that lands late does not take B's turn.
	move(a, "A", 10*time.Second)
	claim(a, "A", time.Second, lease-100*time.Millisecond, "B")
	// B dies with its request out: its lease runs out, and then A goes.
	claim(a, "A", 900*time.Millisecond+lease-time.Microsecond, time.Microsecond, "B")
	claim(a, "A", 900*time.Millisecond+lease, 0, "A")
	// The clock is set back an hour: A's lease now looks an hour away,
	// more than any holder takes; B does not wait for it.
	claim(b, "B", -time.Hour, 0, "B")
	// An existing store gets the table by migration; a handle opened
	// read-only can see it but is never asked to claim.
	ro, err := Open(ctx, path, OpenOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	var n int
	if err := ro.db.QueryRow("SELECT count(*) FROM fetch_pace").Scan(&n); err != nil || n != 2 {
		t.Errorf("fetch_pace rows: %d, %v; want one per account and Region", n, err)
	}
}
