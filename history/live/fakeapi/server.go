// Package fakeapi is an in-process CloudTrail endpoint for tests: it speaks
// the LookupEvents wire protocol (AWS JSON 1.1, spec 2) and STS
// GetCallerIdentity, checks what a well-behaved client must do (signed
// requests, tokens replayed with unchanged parameters, at most 2 requests
// per second per account and Region) and injects failures on demand.
package fakeapi

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Event is one lookup event the server holds.
type Event struct {
	ID      string
	Time    time.Time
	Insight bool   // served only for EventCategory=insight
	JSON    []byte // the lookup event as the API returns it
}

// Fault is a failure to inject instead of answering.
type Fault int

// Faults.
const (
	None          Fault = iota
	Throttle            // 400 ThrottlingException
	InternalError       // 500 InternalFailure
	Drop                // close the connection without an answer
	ExpiredToken        // 400 ExpiredTokenException
	AccessDenied        // 400 AccessDeniedException
	StaleToken          // 400 InvalidNextTokenException, as for a token that expired
	Huge                // 200 with an endless answer (65 MiB of whitespace)
)

// Request describes one LookupEvents call, for Hook and Log.
type Request struct {
	Account, Region string
	N               int // 1-based count of LookupEvents calls for this account and Region
	// Page numbers the distinct requests (token, category and span) of
	// this account and Region, from 1; Repeat marks one asked before. A
	// client, or Go's transport under load, may send a request again:
	// tests that fault or count pages key on Page, not on N.
	Page       int
	Repeat     bool
	Token      string
	Category   string
	Start, End time.Time
	At         time.Time // arrival, server clock
}

// Server is the fake endpoint. Configure it before the first request.
type Server struct {
	*httptest.Server

	// Hook, if set, is called for every LookupEvents request before it is
	// answered and may ask for a fault.
	Hook func(Request) Fault
	// Window and PerWindow bound the rate: at most PerWindow requests per
	// account and Region in any Window (default 2 in 1 second).
	Window    time.Duration
	PerWindow int

	mu         sync.Mutex
	keys       map[string]string // access key ID -> account
	events     map[string][]Event
	disabled   map[string]bool // Regions that refuse the credentials
	tokens     map[string]tokenState
	arrivals   map[string][]time.Time
	counts     map[string]int
	pages      map[string]map[string]int // account/Region -> request -> Page
	violations []string
	log        []Request
}

type tokenState struct {
	params string // canonical parameters the token was issued for
	offset int
}

// New starts a server.
func New() *Server {
	s := &Server{Window: time.Second, PerWindow: 2, keys: map[string]string{}, events: map[string][]Event{},
		disabled: map[string]bool{}, tokens: map[string]tokenState{}, arrivals: map[string][]time.Time{}, counts: map[string]int{},
		pages: map[string]map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// AddKey accepts an access key ID for account.
func (s *Server) AddKey(accessKeyID, account string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.keys[accessKeyID] = account
}

// Disable makes region refuse every credential, as an opt-in Region does
// when the account has not enabled it.
func (s *Server) Disable(region string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.disabled[region] = true
}

// AddEvents adds events to the history of account and region.
func (s *Server) AddEvents(account, region string, evs []Event) {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := account + "/" + region
	seen := map[string]bool{}
	for _, e := range s.events[k] {
		seen[e.ID] = true
	}
	for _, e := range evs {
		if !seen[e.ID] {
			seen[e.ID] = true
			s.events[k] = append(s.events[k], e)
		}
	}
	list := s.events[k]
	sort.Slice(list, func(i, j int) bool {
		if !list[i].Time.Equal(list[j].Time) {
			return list[i].Time.After(list[j].Time)
		}
		return list[i].ID > list[j].ID
	})
}

// Events returns the history of account and region.
func (s *Server) Events(account, region string) []Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Event(nil), s.events[account+"/"+region]...)
}

// SetHook sets Hook while the server may be answering: for a client in
// another process, whose requests give the race detector no order between
// setting Hook and reading it.
func (s *Server) SetHook(h func(Request) Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.Hook = h
}

// Violations lists what clients did wrong: unsigned requests, changed
// parameters under a token, too many requests in a window.
func (s *Server) Violations() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.violations...)
}

// Log returns every LookupEvents request received.
func (s *Server) Log() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.log...)
}

func (s *Server) violate(format string, args ...any) {
	s.violations = append(s.violations, fmt.Sprintf(format, args...))
}

var authRE = regexp.MustCompile(`^AWS4-HMAC-SHA256 Credential=([A-Za-z0-9]+)/(\d{8})/([a-z0-9-]+)/([a-z0-9]+)/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=[0-9a-f]{64}$`)

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	at := time.Now()
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		http.Error(w, "read body", http.StatusBadRequest)
		return
	}
	m := authRE.FindStringSubmatch(r.Header.Get("Authorization"))
	date := r.Header.Get("X-Amz-Date")
	if m == nil || len(date) < 8 || date[:8] != m[2] || !strings.Contains(m[5], "host") || !strings.Contains(m[5], "x-amz-date") {
		s.mu.Lock()
		s.violate("request not signed with SigV4: Authorization %q, X-Amz-Date %q", r.Header.Get("Authorization"), date)
		s.mu.Unlock()
		writeError(w, 403, "IncompleteSignature", "Authorization header requires a SigV4 signature")
		return
	}
	key, region, service := m[1], m[3], m[4]
	s.mu.Lock()
	account, known := s.keys[key]
	s.mu.Unlock()
	if !known && service == "sts" {
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(403)
		fmt.Fprint(w, `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid.</Message></Error><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ErrorResponse>`)
		return
	}
	if !known {
		writeError(w, 400, "UnrecognizedClientException", "The security token included in the request is invalid.")
		return
	}
	if service == "sts" {
		if !strings.Contains(string(body), "Action=GetCallerIdentity") {
			http.Error(w, "unsupported STS action", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "text/xml")
		fmt.Fprintf(w, `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::%s:user/tester</Arn><UserId>AIDATESTER</UserId><Account>%s</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ResponseMetadata></GetCallerIdentityResponse>`, account, account)
		return
	}
	// The spec (2.1) names the target with its namespace; aws-sdk-go-v2
	// (cloudtrail v1.56) sends the short form. The service takes both.
	target := strings.TrimPrefix(r.Header.Get("X-Amz-Target"), "com.amazonaws.cloudtrail.v20131101.")
	if service != "cloudtrail" || target != "CloudTrail_20131101.LookupEvents" ||
		r.Header.Get("Content-Type") != "application/x-amz-json-1.1" || !strings.Contains(m[5], "x-amz-target") {
		s.mu.Lock()
		s.violate("not a signed LookupEvents call: service %q, target %q, content type %q", service, r.Header.Get("X-Amz-Target"), r.Header.Get("Content-Type"))
		s.mu.Unlock()
		writeError(w, 400, "UnknownOperationException", "")
		return
	}
	s.lookup(w, account, region, body, at)
}

type lookupRequest struct {
	LookupAttributes []json.RawMessage
	StartTime        *json.Number
	EndTime          *json.Number
	EventCategory    string
	MaxResults       *int
	NextToken        *string
}

// lookup answers one LookupEvents request. Every request is counted and
// logged before anything can refuse it, so that tests see throttled and
// faulted requests too; then come the rate, the credentials, the Hook's
// fault, the parameters and the token, each answering its own error.
func (s *Server) lookup(w http.ResponseWriter, account, region string, body []byte, at time.Time) {
	var in lookupRequest
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.UseNumber()
	if err := dec.Decode(&in); err != nil {
		writeError(w, 400, "SerializationException", err.Error())
		return
	}
	k := account + "/" + region
	start, end, terr := times(in.StartTime, in.EndTime)
	s.mu.Lock()
	inWindow := s.countArrival(k, at)
	req := s.logRequest(k, account, region, in, start, end, at)
	if inWindow > s.PerWindow {
		s.violate("%s: %d requests within %s (request %d)", k, inWindow, s.Window, req.N)
		s.mu.Unlock()
		writeError(w, 400, "ThrottlingException", "Rate exceeded")
		return
	}
	hook := s.Hook
	disabled := s.disabled[region]
	s.mu.Unlock()

	if disabled {
		writeError(w, 400, "UnrecognizedClientException", "The security token included in the request is invalid.")
		return
	}
	if hook != nil && writeFault(w, hook(req), account) {
		return
	}
	max, ok := checkParams(w, in, terr)
	if !ok {
		return
	}
	params := fmt.Sprintf("%s|%v|%v|%s|%d|%s", k, start.UnixMicro(), end.UnixMicro(), in.EventCategory, max, in.LookupAttributes)

	s.mu.Lock()
	offset, ok := s.tokenOffset(k, req.Token, params)
	if !ok {
		s.mu.Unlock()
		writeError(w, 400, "InvalidNextTokenException", "Invalid NextToken")
		return
	}
	out := s.page(k, in.EventCategory == "insight", start, end, offset, max, params)
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	json.NewEncoder(w).Encode(out)
}

func times(a, b *json.Number) (start, end time.Time, err error) {
	parse := func(n *json.Number) (time.Time, error) {
		if n == nil {
			return time.Time{}, nil
		}
		f, err := strconv.ParseFloat(string(*n), 64)
		if err != nil || math.IsNaN(f) || math.Abs(f) > 1e11 {
			return time.Time{}, fmt.Errorf("bad timestamp %s", *n)
		}
		sec, frac := math.Modf(f)
		return time.Unix(int64(sec), int64(math.Round(frac*1e6))*1000).UTC(), nil
	}
	if start, err = parse(a); err != nil {
		return
	}
	if end, err = parse(b); err != nil {
		return
	}
	if !start.IsZero() && !end.IsZero() && start.After(end) {
		err = fmt.Errorf("start time %v is after end time %v", start, end)
	}
	return
}

func newToken() string {
	b := make([]byte, 48)
	rand.Read(b)
	return base64.StdEncoding.EncodeToString(b)
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.Header().Set("X-Amzn-ErrorType", code)
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"__type": code, "message": msg})
}
