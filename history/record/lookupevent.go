package record

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/trailview/trailview/history"
)

// parseLookupEvent reads one element of LookupEvents output (API, CLI v1/v2,
// boto3 dumps): the record comes from the CloudTrailEvent string, while
// Username and Resources are taken exactly as AWS returned them (spec 8.5).
func parseLookupEvent(wrapper, inner []byte, pathAccount string) (Parsed, error) {
	s, ok, err := stringValue(inner)
	if err != nil || !ok {
		return Parsed{}, &fieldTypeError{Field: "CloudTrailEvent", Want: "a string holding the record"}
	}
	compact, err := CompactJSON(nil, []byte(s))
	if err != nil {
		return Parsed{}, fmt.Errorf("CloudTrailEvent: %w", err)
	}
	p, err := parseRecord(compact, pathAccount)
	if err != nil {
		return Parsed{}, fmt.Errorf("CloudTrailEvent: %w", err)
	}
	e := &p.Event
	if p.Category == history.Insight {
		return p, nil
	}
	user, hasUser, err := stringValue(memberOf(wrapper, "Username"))
	if err != nil {
		return Parsed{}, &fieldTypeError{Field: "Username", Want: "a string"}
	}
	if hasUser {
		e.Username = user
	} else if _, present := GetMember(wrapper, "Username"); !present {
		// The API omits Username when there is none, so an absent key is
		// authoritative too.
		e.Username = ""
	}
	if res, present := GetMember(wrapper, "Resources"); present {
		list, err := parseLookupResources(res)
		if err != nil {
			return Parsed{}, err
		}
		e.Resources = list
		e.ResourcesFromAPI = true
	}
	if !p.HasTime {
		if t, ok := lookupEventTime(memberOf(wrapper, "EventTime")); ok {
			e.Time = t
			p.TimeUS = t.UnixMicro()
			p.HasTime = true
		}
	}
	if e.EventID == "" || e.EventID == syntheticEventID(p.Record) {
		if id, ok, _ := stringValue(memberOf(wrapper, "EventId")); ok && id != "" {
			e.EventID = id
		}
	}
	return p, nil
}

func parseLookupResources(v []byte) ([]history.Resource, error) {
	if string(v) == "null" {
		return nil, nil
	}
	if len(v) == 0 || v[0] != '[' {
		return nil, &fieldTypeError{Field: "Resources", Want: "an array"}
	}
	var out []history.Resource
	var err error
	forEachElement(v, func(el []byte) bool {
		t, _, e1 := stringValue(memberOf(el, "ResourceType"))
		n, _, e2 := stringValue(memberOf(el, "ResourceName"))
		if e1 != nil || e2 != nil || (len(el) > 0 && el[0] != '{') {
			err = &fieldTypeError{Field: "Resources", Want: "objects with string ResourceType and ResourceName"}
			return false
		}
		out = append(out, history.Resource{Type: t, Name: n})
		return true
	})
	return out, err
}

// lookupEventTime reads EventTime in any of the forms spec 3.3 lists: ISO
// 8601 strings (CLI v2, boto3) or epoch seconds (API wire format, CLI v1).
func lookupEventTime(v []byte) (time.Time, bool) {
	if len(v) == 0 || string(v) == "null" {
		return time.Time{}, false
	}
	if v[0] == '"' {
		s, _, err := stringValue(v)
		if err != nil {
			return time.Time{}, false
		}
		t, err := parseTimestamp(s)
		return t, err == nil
	}
	t, err := epochSeconds(string(v))
	return t, err == nil
}

var errBadEpoch = errors.New("not a number of epoch seconds")

// epochSeconds parses a JSON number of (possibly fractional) epoch seconds.
func epochSeconds(s string) (time.Time, error) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f < -1e12 || f > 1e12 {
		return time.Time{}, errBadEpoch
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(math.Round(frac*1e6))*1000).UTC(), nil
}
