package live

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/aws/smithy-go"
)

func TestGaps(t *testing.T) {
	at := func(h int) time.Time { return time.Date(2026, 1, 1, h, 0, 0, 0, time.UTC) }
	sp := func(a, b int) span { return span{at(a), at(b)} }
	cases := []struct {
		name    string
		covered []span
		want    []span
	}{
		{"nothing stored", nil, []span{sp(0, 20)}},
		{"everything", []span{sp(0, 20)}, nil},
		{"more than everything", []span{sp(-5, 30)}, nil},
		{"older part stored", []span{sp(0, 12)}, []span{sp(12, 20)}},
		{"interrupted backfill", []span{sp(8, 20)}, []span{sp(0, 8)}},
		{"both ends open, newest first", []span{sp(5, 12)}, []span{sp(12, 20), sp(0, 5)}},
		{"two spans, unsorted", []span{sp(2, 4), sp(10, 15)}, []span{sp(15, 20), sp(4, 10), sp(0, 2)}},
		{"spans outside", []span{sp(-10, -5), sp(25, 30)}, []span{sp(0, 20)}},
		{"overlapping spans", []span{sp(3, 9), sp(5, 11)}, []span{sp(11, 20), sp(0, 3)}},
	}
	for _, c := range cases {
		got := gaps(sp(0, 20), c.covered)
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%s: gaps %v, want %v", c.name, got, c.want)
		}
	}
	if w := widen(sp(5, 10), 30*time.Minute, sp(0, 20)); w != (span{at(5).Add(-30 * time.Minute), at(10).Add(30 * time.Minute)}) {
		t.Errorf("widen %v", w)
	}
	if w := widen(sp(0, 20), time.Hour, sp(0, 20)); w != sp(0, 20) {
		t.Errorf("widen beyond the limit %v", w)
	}
}

type apiErr struct{ code string }

func (e apiErr) Error() string                 { return e.code }
func (e apiErr) ErrorCode() string             { return e.code }
func (e apiErr) ErrorMessage() string          { return "message from the service" }
func (e apiErr) ErrorFault() smithy.ErrorFault { return smithy.FaultClient }

func TestClassify(t *testing.T) {
	cases := []struct {
		err       error
		kind      ErrorKind
		transient bool
		says      string
	}{
		{apiErr{"AccessDeniedException"}, ErrAccessDenied, false, "cloudtrail:LookupEvents"},
		{apiErr{"ExpiredTokenException"}, ErrExpiredToken, false, "expired"},
		{apiErr{"UnrecognizedClientException"}, ErrNotEnabled, false, "not be enabled"},
		{apiErr{"ThrottlingException"}, ErrThrottled, true, "throttled"},
		{apiErr{"InternalFailure"}, ErrUnavailable, true, "after retrying"},
		{apiErr{"InvalidTimeRangeException"}, ErrOther, false, "InvalidTimeRange"},
		{fmt.Errorf("send: %w", &net.DNSError{Err: "no such host", Name: "cloudtrail.xx-nowhere-1.amazonaws.com", IsNotFound: true}), ErrUnknownRegion, false, `unknown Region "xx-nowhere-1"`},
		{&net.OpError{Op: "read", Err: errors.New("connection reset by peer")}, ErrUnavailable, true, "after retrying"},
		{context.Canceled, ErrOther, false, "canceled"},
	}
	for _, c := range cases {
		e, transient := classify("xx-nowhere-1", c.err)
		if e.Kind != c.kind || transient != c.transient {
			t.Errorf("%v: kind %d transient %v, want %d %v", c.err, e.Kind, transient, c.kind, c.transient)
		}
		if !strings.Contains(e.Error(), c.says) {
			t.Errorf("%v: message %q lacks %q", c.err, e.Error(), c.says)
		}
		if !errors.Is(e, c.err) {
			t.Errorf("%v: not wrapped", c.err)
		}
	}
}
