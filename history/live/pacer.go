package live

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/trailview/trailview/history/store"
)

// DefaultInterval is the least time between one request's answer and
// the next request to the same account and Region, from any process using
// the same store. The service allows 2 per second (spec 2.8). Counting
// from the answer rather than from when a request was let go makes the
// spacing hold where the service measures it, on arrival: a request that arrives is answered later, so the next
// one arrives at least this long after it, however the sending goroutines
// were delayed. (A rate limiter that only spaced the moments requests were
// let go let two of them arrive 10 ms apart on a loaded machine, when the
// first was held up between its turn and the wire.)
const DefaultInterval = 600 * time.Millisecond

// turnLease is how long a request's turn is held in the store before it
// must be renewed; a renewal comes every turnRenewal while the request is
// out. A lease rather than a lock because a process killed with kill -9
// releases nothing: its turn simply runs out, so the next fetch of that
// account and Region waits at most this long, never forever. Five seconds
// is far above the time a request takes to reach the service, which is
// what matters: a request sent before its sender died has arrived long
// before the lease runs out, so the next one cannot land beside it.
const (
	turnLease   = 5 * time.Second
	turnRenewal = time.Second
)

// processToken tells this process's turns from other processes' in the
// store: a fetch waiting for another process says so.
var processToken = fmt.Sprintf("pid %d %x", os.Getpid(), rand.Uint64())

// pacedClient is the HTTP client of one account and Region. It sits below
// the SDK's retryer, so every attempt, retries included, waits for its
// turn: the retryer's own back-off can only make requests rarer.
type pacedClient struct {
	next            aws.HTTPClient
	pace            *pace
	store           *store.Store
	account, region string
	// waiting, if set, is told why a request waits for another process.
	waiting  func(note string)
	requests atomic.Int64
}

// pace is the turn of one account and Region in this process: one
// request at a time, which then claims the turn shared with other
// processes in the store.
type pace struct {
	turn     chan struct{} // holds a token while a request is out
	interval time.Duration
	holder   string // this pace's name in the store
}

// paces holds one pace per account, Region and interval for the whole
// process: the service counts requests per account and Region, not per
// fetch, so a fetch that follows another (or runs beside it, from the UI,
// or for the other event category) must wait for the same turns.
var paces sync.Map

var paceCount atomic.Int64

func newPacedClient(next aws.HTTPClient, store *store.Store, account, region string, interval time.Duration) *pacedClient {
	key := fmt.Sprintf("%s/%s/%d", account, region, interval)
	p, _ := paces.LoadOrStore(key, &pace{turn: make(chan struct{}, 1), interval: interval,
		holder: fmt.Sprintf("%s #%d", processToken, paceCount.Add(1))})
	return &pacedClient{next: next, pace: p.(*pace), store: store, account: account, region: region}
}

func (c *pacedClient) Do(req *http.Request) (*http.Response, error) {
	p := c.pace
	ctx := req.Context()
	select {
	case p.turn <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-p.turn }()
	if err := c.claimTurn(ctx); err != nil {
		return nil, err
	}
	stopRenewing := c.renewTurn(ctx)
	c.requests.Add(1)
	resp, err := c.next.Do(req)
	stopRenewing()
	// The interval counts from the answer; it is recorded even when the
	// fetch is being cancelled, or the next fetch would wait for the
	// lease. If it cannot be recorded, the lease holds the turn for its
	// few seconds: the pace is kept, and the answer is good, so that is
	// no reason to fail the request.
	_ = c.store.MoveFetchTurn(context.WithoutCancel(ctx), c.account, c.region, p.holder, time.Now().Add(p.interval))
	if err == nil && resp.Body != nil {
		resp.Body = &boundedBody{rc: resp.Body, left: maxResponseBytes}
	}
	return resp, err
}

// claimTurn waits until the store gives this pace the turn.
func (c *pacedClient) claimTurn(ctx context.Context) error {
	p := c.pace
	for {
		wait, heldBy, err := c.store.ClaimFetchTurn(ctx, c.account, c.region, p.holder, time.Now, turnLease, turnLease+p.interval)
		if err != nil {
			return fmt.Errorf("pace requests to %s: %w", c.region, err)
		}
		if wait <= 0 {
			return nil
		}
		if c.waiting != nil && !strings.HasPrefix(heldBy, processToken+" ") {
			c.waiting(fmt.Sprintf("waiting %s for another trailview fetch of this account in %s (AWS allows 2 requests per second per account and Region; the turn of a fetch that was stopped runs out within %s)",
				wait.Round(100*time.Millisecond), c.region, turnLease))
		}
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		}
	}
}

// renewTurn keeps the lease of a request that lasts; the returned func
// stops it and returns once no renewal can land any more, so that none
// overwrites the turn's end.
func (c *pacedClient) renewTurn(ctx context.Context) (stop func()) {
	done, exited := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(exited)
		tick := time.NewTicker(turnRenewal)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-tick.C:
				// A renewal that fails leaves the lease running out; the
				// next one tries again.
				_ = c.store.MoveFetchTurn(ctx, c.account, c.region, c.pace.holder, time.Now().Add(turnLease))
			}
		}
	}()
	return func() {
		close(done)
		<-exited
	}
}

// maxResponseBytes bounds one answer. A page holds at most 50 events, each
// record far below 1 MB (spec 5: CloudTrail truncates large fields); an
// endpoint sending more is broken or hostile, and the SDK would otherwise
// read it all into memory.
const maxResponseBytes = 64 << 20

var errResponseTooLarge = errors.New("the endpoint's answer is larger than 64 MiB: not a LookupEvents page")

type boundedBody struct {
	rc   io.ReadCloser
	left int64
}

func (b *boundedBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		return 0, errResponseTooLarge
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	return n, err
}

func (b *boundedBody) Close() error { return b.rc.Close() }
