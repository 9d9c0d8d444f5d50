package live

import (
	"context"
	"errors"
	"fmt"
	"hash/crc32"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/live/fakeapi"
	"github.com/trailview/trailview/history/store"
)

// testAccount gives each test its own account: the process-wide pacer
// would otherwise make parallel tests of one Region wait for each other.
func testAccount(key string) string {
	return fmt.Sprintf("%012d", uint64(crc32.ChecksumIEEE([]byte(key)))*1000+7)
}

func openStore(t *testing.T) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "h.db"), store.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// testOptions points a fetch at srv with static test credentials; nothing
// is read from the machine's AWS configuration and nothing reaches AWS.
func testOptions(srv *fakeapi.Server, key string, regions ...string) Options {
	return testOptionsURL(srv.URL, key, regions...)
}

// testOptionsURL is testOptions for a server in another process.
func testOptionsURL(url, key string, regions ...string) Options {
	return Options{
		Regions:     regions,
		EndpointURL: url,
		ConfigOptions: []func(*config.LoadOptions) error{
			config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(key, "test-secret-not-real", "")),
			config.WithSharedConfigFiles([]string{}),
			config.WithSharedCredentialsFiles([]string{}),
		},
		// Retries come fast; the pacer alone must keep the rate.
		SDKBackoff: retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 5 * time.Millisecond, nil }),
		Backoff:    func(int) time.Duration { return 5 * time.Millisecond },
	}
}

func newServer(t *testing.T, key string) *fakeapi.Server {
	t.Helper()
	srv := fakeapi.New()
	t.Cleanup(srv.Close)
	srv.AddKey(key, testAccount(key))
	return srv
}

func run(t *testing.T, ctx context.Context, store *store.Store, opts Options) ([]Progress, error) {
	t.Helper()
	f, err := New(ctx, store, opts)
	if err != nil {
		t.Fatalf("new fetcher: %v", err)
	}
	if f.Account() == "" {
		t.Fatal("no account")
	}
	return f.Run(ctx)
}

// storedIDs lists the store's events per category and checks that no event
// is stored twice.
func storedIDs(t *testing.T, s *store.Store) map[string]history.Category {
	t.Helper()
	out := map[string]history.Category{}
	n := 0
	for _, cat := range []history.Category{history.Management, history.Insight} {
		err := s.Iterate(context.Background(), history.Query{Category: cat}, false, func(e *history.Event) error {
			n++
			out[e.EventID] = cat
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	var rows int
	if err := s.QueryRowForTest(context.Background(), "SELECT count(*) FROM events").Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if rows != len(out) || n != len(out) {
		t.Errorf("%d rows, %d iterated, %d distinct event IDs: an event is stored twice", rows, n, len(out))
	}
	return out
}

// sameEvents checks that the store holds exactly the server's events of
// account and regions: none missing, none extra, none doubled.
func sameEvents(t *testing.T, s *store.Store, srv *fakeapi.Server, account string, regions ...string) {
	t.Helper()
	got := storedIDs(t, s)
	want := map[string]history.Category{}
	for _, r := range regions {
		for _, e := range srv.Events(account, r) {
			c := history.Management
			if e.Insight {
				c = history.Insight
			}
			want[e.ID] = c
		}
	}
	var missing, extra []string
	for id, c := range want {
		if g, ok := got[id]; !ok || g != c {
			missing = append(missing, id)
		}
	}
	for id := range got {
		if _, ok := want[id]; !ok {
			extra = append(extra, id)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	if len(missing) > 0 || len(extra) > 0 {
		t.Errorf("store differs from the server (%d events): %d missing %.3v, %d extra %.3v", len(want), len(missing), missing, len(extra), extra)
	}
}

func noViolations(t *testing.T, srv *fakeapi.Server) {
	t.Helper()
	for _, v := range srv.Violations() {
		t.Errorf("server saw: %s", v)
	}
}

func errorKind(err error) ErrorKind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return -1
}

// pagesAsked counts the distinct pages among reqs: Go's transport under
// load now and then closes a connection while an answer is being read,
// and the SDK sends that request again.
func pagesAsked(reqs []fakeapi.Request) int {
	n := 0
	for _, r := range reqs {
		if !r.Repeat {
			n++
		}
	}
	return n
}
