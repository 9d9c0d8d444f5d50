package live

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// DefaultInterval is the least time between one request's answer and
// the next request to the same account and Region. The service allows 2
// per second (spec 2.8). Counting from the answer rather than from when a
// request was let go makes the spacing hold where the service measures
// it, on arrival: a request that arrives is answered later, so the next
// one arrives at least this long after it, however the sending goroutines
// were delayed. (A rate limiter that only spaced the moments requests were
// let go let two of them arrive 10 ms apart on a loaded machine, when the
// first was held up between its turn and the wire.)
const DefaultInterval = 600 * time.Millisecond

// pacedClient is the HTTP client of one account and Region. It sits below
// the SDK's retryer, so every attempt, retries included, waits for its
// turn: the retryer's own back-off can only make requests rarer.
type pacedClient struct {
	next     aws.HTTPClient
	pace     *pace
	requests atomic.Int64
}

// pace is the turn of one account and Region: one request at a time, each
// no sooner than interval after the previous one was answered.
type pace struct {
	turn     chan struct{} // holds a token while a request is out
	interval time.Duration
	last     time.Time // when the previous request ended; guarded by turn
}

// paces holds one pace per account, Region and interval for the whole
// process: the service counts requests per account and Region, not per
// fetch, so a fetch that follows another (or runs beside it, from the UI,
// or for the other event category) must wait for the same turns.
var paces sync.Map

func newPacedClient(next aws.HTTPClient, account, region string, interval time.Duration) *pacedClient {
	key := fmt.Sprintf("%s/%s/%d", account, region, interval)
	p, _ := paces.LoadOrStore(key, &pace{turn: make(chan struct{}, 1), interval: interval})
	return &pacedClient{next: next, pace: p.(*pace)}
}

func (c *pacedClient) Do(req *http.Request) (*http.Response, error) {
	p := c.pace
	ctx := req.Context()
	select {
	case p.turn <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() {
		p.last = time.Now()
		<-p.turn
	}()
	if wait := time.Until(p.last.Add(p.interval)); wait > 0 {
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		}
	}
	c.requests.Add(1)
	resp, err := c.next.Do(req)
	if err == nil && resp.Body != nil {
		resp.Body = &boundedBody{rc: resp.Body, left: maxResponseBytes}
	}
	return resp, err
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
