package fakeapi

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// countArrival records a request arriving at at for the account/Region k
// and returns how many, this one included, fall inside the rate window.
// The caller holds s.mu.
func (s *Server) countArrival(k string, at time.Time) int {
	arr := append(s.arrivals[k], at)
	inWindow := 0
	for _, t := range arr {
		if at.Sub(t) < s.Window {
			inWindow++
		}
	}
	s.arrivals[k] = arr
	return inWindow
}

// logRequest numbers the request (N for every call, Page for every distinct
// one, so that a request a client sends again keeps its Page) and adds it
// to the log. The caller holds s.mu.
func (s *Server) logRequest(k, account, region string, in lookupRequest, start, end, at time.Time) Request {
	s.counts[k]++
	req := Request{Account: account, Region: region, N: s.counts[k], Category: in.EventCategory, At: at}
	if in.NextToken != nil {
		req.Token = *in.NextToken
	}
	req.Start, req.End = start, end
	pages := s.pages[k]
	if pages == nil {
		pages = map[string]int{}
		s.pages[k] = pages
	}
	pk := fmt.Sprint(req.Token, "|", req.Category, "|", start.UnixNano(), "|", end.UnixNano())
	if n, ok := pages[pk]; ok {
		req.Page, req.Repeat = n, true
	} else {
		req.Page = len(pages) + 1
		pages[pk] = req.Page
	}
	s.log = append(s.log, req)
	return req
}

// writeFault answers with the failure a test's Hook asked for and reports
// whether it did; None (or an unknown Fault) lets the request be answered.
func writeFault(w http.ResponseWriter, f Fault, account string) bool {
	switch f {
	case Throttle:
		writeError(w, 400, "ThrottlingException", "Rate exceeded")
	case InternalError:
		writeError(w, 500, "InternalFailure", "")
	case ExpiredToken:
		writeError(w, 400, "ExpiredTokenException", "The security token included in the request is expired")
	case Huge:
		writeHuge(w)
	case StaleToken:
		writeError(w, 400, "InvalidNextTokenException", "Invalid NextToken")
	case AccessDenied:
		writeError(w, 400, "AccessDeniedException", "User: arn:aws:iam::"+account+":user/tester is not authorized to perform: cloudtrail:LookupEvents")
	case Drop:
		dropConnection(w)
	default:
		return false
	}
	return true
}

// writeHuge starts a valid answer and never ends it within any sane bound
// (65 MiB of whitespace), to test that clients cap what they read.
func writeHuge(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	io.WriteString(w, `{"Events":[`)
	spaces := []byte(strings.Repeat(" ", 1<<20))
	for i := 0; i < 65; i++ {
		if _, err := w.Write(spaces); err != nil {
			return
		}
	}
	io.WriteString(w, `]}`)
}

// dropConnection closes the connection without an answer, as a network
// failure would; if the connection cannot be taken over, aborting the
// handler has net/http do the same.
func dropConnection(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}

// checkParams checks the request's parameters in the order the endpoint
// does and answers the first that is wrong; it returns the page size.
func checkParams(w http.ResponseWriter, in lookupRequest, terr error) (max int, ok bool) {
	if terr != nil {
		writeError(w, 400, "InvalidTimeRangeException", terr.Error())
		return 0, false
	}
	if in.EventCategory != "" && in.EventCategory != "insight" {
		writeError(w, 400, "InvalidEventCategoryException", "")
		return 0, false
	}
	max = 50
	if in.MaxResults != nil {
		max = *in.MaxResults
	}
	if max < 1 || max > 50 {
		writeError(w, 400, "InvalidMaxResultsException", "")
		return 0, false
	}
	if len(in.LookupAttributes) > 1 {
		writeError(w, 400, "InvalidLookupAttributesException", "")
		return 0, false
	}
	return max, true
}

// tokenOffset is where the page a NextToken asks for starts (0 without a
// token). A token is good only for the parameters it was issued for, as
// the real endpoint requires; a replay with other parameters is a client
// bug, recorded as a violation. The caller holds s.mu.
func (s *Server) tokenOffset(k, token, params string) (int, bool) {
	if token == "" {
		return 0, true
	}
	st, ok := s.tokens[token]
	if !ok || st.params != params {
		if ok {
			s.violate("%s: token replayed with other parameters: %s, issued for %s", k, params, st.params)
		}
		return 0, false
	}
	return st.offset, true
}

// lookupAnswer is the body of a LookupEvents answer.
type lookupAnswer struct {
	Events    []json.RawMessage
	NextToken string `json:",omitempty"`
}

// page is up to max events of the category in [start, end] from offset,
// and a token for the rest if any. The caller holds s.mu.
func (s *Server) page(k string, insight bool, start, end time.Time, offset, max int, params string) lookupAnswer {
	var match []Event
	for _, e := range s.events[k] {
		if e.Insight != insight {
			continue
		}
		if (!start.IsZero() && e.Time.Before(start)) || (!end.IsZero() && e.Time.After(end)) {
			continue
		}
		match = append(match, e)
	}
	out := lookupAnswer{Events: []json.RawMessage{}}
	for i := offset; i < len(match) && i < offset+max; i++ {
		out.Events = append(out.Events, match[i].JSON)
	}
	if offset+max < len(match) {
		tok := newToken()
		s.tokens[tok] = tokenState{params: params, offset: offset + max}
		out.NextToken = tok
	}
	return out
}
