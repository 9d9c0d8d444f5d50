package live

import (
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"golang.org/x/time/rate"
)

// DefaultInterval is the least time between two requests to one account
// and Region. The service allows 2 per second (spec 2.8); pacing at 550 ms
// rather than 500 leaves room for network jitter, which could otherwise
// bring three requests into one second as the service counts them.
const DefaultInterval = 550 * time.Millisecond

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
	return c.next.Do(req)
}
