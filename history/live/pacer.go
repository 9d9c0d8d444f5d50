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
	"golang.org/x/time/rate"
)

// DefaultInterval is the least time between two requests to one account
// and Region. The service allows 2 per second (spec 2.8); pacing at 650 ms
// rather than 500 leaves room for jitter between sending and arrival: at
// 550 ms a loaded machine (CI, -race) delivered two requests 420 ms apart
// and three within one second as the service counts them.
const DefaultInterval = 650 * time.Millisecond

// pacedClient is the HTTP client of one account and Region. It sits below
// the SDK's retryer, so every attempt, retries included, waits for its
// turn: the retryer's own back-off can only make requests rarer.
type pacedClient struct {
	next     aws.HTTPClient
	limiter  *rate.Limiter
	requests atomic.Int64
}

// limiters holds one limiter per account, Region and interval for the
// whole process: the service counts requests per account and Region, not
// per fetch, so a fetch that follows another (or runs beside it, from the
// UI) must wait for the same turns.
var limiters sync.Map

func newPacedClient(next aws.HTTPClient, account, region string, interval time.Duration) *pacedClient {
	key := fmt.Sprintf("%s/%s/%d", account, region, interval)
	l, _ := limiters.LoadOrStore(key, rate.NewLimiter(rate.Every(interval), 1))
	return &pacedClient{next: next, limiter: l.(*rate.Limiter)}
}

func (c *pacedClient) Do(req *http.Request) (*http.Response, error) {
	if err := c.limiter.Wait(req.Context()); err != nil {
		return nil, err
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
