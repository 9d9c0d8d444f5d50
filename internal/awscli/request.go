package awscli

import (
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/trailview/trailview/history"
)

// LookupEventsArgs are the request parameters of `aws cloudtrail
// lookup-events` as typed: nil means not given.
type LookupEventsArgs struct {
	LookupAttributes []string // the words after --lookup-attributes
	StartTime        *string
	EndTime          *string
	EventCategory    *string
	MaxResults       *string
	NextToken        *string
	CLIInputJSON     *string
}

// LookupEventsRequest is what the CLI would send to LookupEvents.
type LookupEventsRequest struct {
	LookupAttributes []history.LookupAttribute // nil when not given
	StartTime        *time.Time
	EndTime          *time.Time
	EventCategory    *string
	MaxResults       *int
	NextToken        *string
}

// lookupEventsMembers is the input shape's member order, which is the
// order of the skeleton and of botocore's messages.
var lookupEventsMembers = []string{"LookupAttributes", "StartTime", "EndTime", "EventCategory", "MaxResults", "NextToken"}

// BuildLookupEventsRequest does what the CLI does between parsing its
// arguments and calling the service: read file:// values, parse the
// shorthand or JSON of --lookup-attributes and the integer of
// --max-results, fill parameters not given on the command line from
// --cli-input-json, then validate the whole as botocore does. Timestamps
// without a zone are UTC, as in the CLI, and are sent as whole seconds
// (botocore's unixtimestamp serialiser truncates). Errors are *ArgError or
// *ParamError (exit 252).
func BuildLookupEventsRequest(a LookupEventsArgs) (LookupEventsRequest, error) {
	params := object{}
	if a.LookupAttributes != nil {
		vals := make([]string, len(a.LookupAttributes))
		for i, v := range a.LookupAttributes {
			r, err := ReadParamFile("--lookup-attributes", v)
			if err != nil {
				return LookupEventsRequest{}, err
			}
			vals[i] = r
		}
		items, err := lookupAttributeItems(vals)
		if err != nil {
			return LookupEventsRequest{}, err
		}
		params = append(params, member{"LookupAttributes", items})
	}
	for _, s := range []struct {
		name, flag string
		v          *string
	}{{"StartTime", "--start-time", a.StartTime}, {"EndTime", "--end-time", a.EndTime}, {"EventCategory", "--event-category", a.EventCategory}} {
		if s.v == nil {
			continue
		}
		v, err := ReadParamFile(s.flag, *s.v)
		if err != nil {
			return LookupEventsRequest{}, err
		}
		params = append(params, member{s.name, v})
	}
	if a.MaxResults != nil {
		v, err := ReadParamFile("--max-results", *a.MaxResults)
		if err != nil {
			return LookupEventsRequest{}, err
		}
		n, err := ParseInt(v)
		if err != nil {
			return LookupEventsRequest{}, parsingError("--max-results", "invalid literal for int() with base 10: %s", pyRepr(v))
		}
		params = append(params, member{"MaxResults", float64(n)})
	}
	if a.NextToken != nil {
		v, err := ReadParamFile("--next-token", *a.NextToken)
		if err != nil {
			return LookupEventsRequest{}, err
		}
		params = append(params, member{"NextToken", v})
	}
	if a.CLIInputJSON != nil {
		v, err := ReadParamFile("--cli-input-json", *a.CLIInputJSON)
		if err != nil {
			return LookupEventsRequest{}, err
		}
		in, err := decodeJSON("--cli-input-json", v)
		if err != nil {
			return LookupEventsRequest{}, err
		}
		o, ok := in.(object)
		if !ok {
			return LookupEventsRequest{}, parsingError("--cli-input-json", "Invalid JSON received.")
		}
		for _, m := range o {
			if _, given := params.get(m.key); !given {
				// The command line wins over the input document.
				params = append(params, m)
			}
		}
	}
	return validateLookupEvents(params)
}

func validateLookupEvents(params object) (LookupEventsRequest, error) {
	var req LookupEventsRequest
	var reports []string
	for _, m := range params {
		known := false
		for _, k := range lookupEventsMembers {
			known = known || k == m.key
		}
		if !known {
			reports = append(reports, fmt.Sprintf("Unknown parameter in input: \"%s\", must be one of: %s", m.key, strings.Join(lookupEventsMembers, ", ")))
		}
	}
	for _, name := range lookupEventsMembers {
		v, ok := params.get(name)
		if !ok {
			continue
		}
		switch name {
		case "LookupAttributes":
			list, isList := v.([]any)
			if !isList {
				reports = append(reports, invalidType(name, v, "<class 'list'>, <class 'tuple'>"))
				continue
			}
			attrs, r := validateAttributes(list, name)
			reports = append(reports, r...)
			req.LookupAttributes = attrs
		case "StartTime", "EndTime":
			t, ok := timestampParam(v)
			if !ok {
				reports = append(reports, InvalidTimestampReport(name, pyStr(v)))
				continue
			}
			if name == "StartTime" {
				req.StartTime = &t
			} else {
				req.EndTime = &t
			}
		case "EventCategory", "NextToken":
			s, isStr := v.(string)
			if !isStr {
				reports = append(reports, invalidType(name, v, "<class 'str'>"))
				continue
			}
			if name == "EventCategory" {
				req.EventCategory = &s
			} else {
				req.NextToken = &s
			}
		case "MaxResults":
			f, isNum := v.(float64)
			if !isNum || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
				reports = append(reports, invalidType(name, v, "<class 'int'>"))
				continue
			}
			if f < 1 {
				reports = append(reports, fmt.Sprintf("Invalid value for parameter MaxResults, value: %d, valid min value: 1", int64(f)))
				continue
			}
			n := int(min(f, math.MaxInt32))
			req.MaxResults = &n
		}
	}
	if len(reports) > 0 {
		return LookupEventsRequest{}, ValidationError(reports...)
	}
	return req, nil
}

// timestampParam reads a timestamp parameter: text in any form
// ParseTimestamp knows, or a JSON number of epoch seconds. The result is
// truncated to the second, as botocore serialises it for this protocol.
func timestampParam(v any) (time.Time, bool) {
	var t time.Time
	switch x := v.(type) {
	case string:
		var err error
		if t, err = ParseTimestamp(x, time.UTC); err != nil {
			return time.Time{}, false
		}
	case float64:
		var err error
		if t, _, err = parseEpoch(strconv.FormatFloat(x, 'f', -1, 64)); err != nil {
			return time.Time{}, false
		}
	default:
		return time.Time{}, false
	}
	return time.Unix(t.Unix(), 0).UTC(), true
}

// ParseInt reads an integer as Python's int() does: surrounding spaces,
// a sign and digit-group underscores are allowed.
func ParseInt(s string) (int, error) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "_") || strings.HasSuffix(s, "_") || strings.Contains(s, "__") {
		return 0, strconv.ErrSyntax
	}
	return strconv.Atoi(strings.ReplaceAll(s, "_", ""))
}

// maxParamFile bounds what a file:// parameter may read.
const maxParamFile = 16 << 20

// ReadParamFile resolves the CLI's file:// and fileb:// prefixes, which
// replace a parameter with a file's content; other values are returned
// unchanged.
func ReadParamFile(param, v string) (string, error) {
	var path string
	switch {
	case strings.HasPrefix(v, "file://"):
		path = v[len("file://"):]
	case strings.HasPrefix(v, "fileb://"):
		path = v[len("fileb://"):]
	default:
		return v, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return "", parsingError(param, "Unable to load paramfile %s: %v", v, err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxParamFile+1))
	if err != nil {
		return "", parsingError(param, "Unable to load paramfile %s: %v", v, err)
	}
	if len(b) > maxParamFile {
		return "", parsingError(param, "Unable to load paramfile %s: larger than %d bytes", v, maxParamFile)
	}
	return string(b), nil
}
