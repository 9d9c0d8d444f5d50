package awscli

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// ErrInvalidTimestamp is wrapped by every error of ParseTimestamp.
var ErrInvalidTimestamp = errors.New("invalid timestamp")

// Python's datetime covers years 1 to 9999; the CLI cannot express
// anything outside, so neither do we.
var (
	minTime = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)
	maxTime = time.Date(9999, 12, 31, 23, 59, 59, 999999000, time.UTC)
)

// ParseTimestamp reads a timestamp argument the way the AWS CLI v2 does
// (botocore.utils.parse_timestamp, then parse_to_aware_datetime), in this
// order:
//
//   - a number is epoch seconds, integer or fractional, signed, with an
//     optional exponent ("1741046400", "1741046400.25", "1.7410464e9").
//     As in the CLI this comes first, so "20250304" is a number of seconds,
//     not a date;
//   - ISO 8601 / RFC 3339: "2025-03-04", "2025-03-04T09", "2025-03-04T09:00",
//     "2025-03-04T09:00:00", with "T", "t" or a space between date and time,
//     a fraction after "." or ",", and a zone "Z", "UTC", "GMT", "+01:00",
//     "+0100" or "+01" (optionally after a space); the basic form
//     "20250304T090000Z" too;
//   - the US forms of older CLI documentation: "01-27-2015, 01:16 PM",
//     "1/27/2015 13:16", "01-27-2015";
//   - month names: "Mar 4, 2025", "4 Mar 2025", "March 4, 2025 09:00",
//     "Mar 4, 2025, 9:02:11 PM", RFC 1123 ("Tue, 04 Mar 2025 09:00:00 GMT").
//
// A time without a zone is in loc. The CLI itself treats such times as UTC
// (parse_to_aware_datetime replaces a missing tzinfo with tzutc), so pass
// time.UTC to behave exactly like it; nil means UTC. Fractions are kept to
// the microsecond, as Python's datetime does. The CLI hands other free-form
// text to dateutil, whose every heuristic we do not copy: anything not
// listed above is an error wrapping ErrInvalidTimestamp.
func ParseTimestamp(s string, loc *time.Location) (time.Time, error) {
	if loc == nil {
		loc = time.UTC
	}
	v := strings.TrimSpace(s)
	if v == "" || len(v) > 100 {
		return time.Time{}, fmt.Errorf("%w %q", ErrInvalidTimestamp, s)
	}
	if t, ok, err := parseEpoch(v); ok {
		if err != nil {
			return time.Time{}, fmt.Errorf("%w %q: %v", ErrInvalidTimestamp, s, err)
		}
		return t, nil
	}
	t, err := parseISO(v, loc)
	if errors.Is(err, errNotISO) {
		t, err = parseLayouts(v, loc)
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("%w %q: %v", ErrInvalidTimestamp, s, err)
	}
	if t.Before(minTime) || t.After(maxTime) {
		return time.Time{}, fmt.Errorf("%w %q: year out of range", ErrInvalidTimestamp, s)
	}
	return t.Round(time.Microsecond), nil
}

// epochSyntax is Python float() syntax minus inf/nan, which the CLI cannot
// turn into a datetime either.
var epochSyntax = regexp.MustCompile(`^[+-]?(?:\d+(?:_\d+)*(?:\.(?:\d+(?:_\d+)*)?)?|\.\d+(?:_\d+)*)(?:[eE][+-]?\d+(?:_\d+)*)?$`)

// parseEpoch reports ok when v has the syntax of a number, and an error
// when that number is not a representable time.
func parseEpoch(v string) (time.Time, bool, error) {
	if !epochSyntax.MatchString(v) {
		return time.Time{}, false, nil
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(v, "_", ""), 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return time.Time{}, true, errors.New("number out of range")
	}
	if f < float64(minTime.Unix()) || f > float64(maxTime.Unix()) {
		return time.Time{}, true, errors.New("year out of range")
	}
	sec, frac := math.Modf(f)
	us := math.RoundToEven(frac * 1e6)
	return time.Unix(int64(sec), int64(us)*1000).UTC(), true, nil
}

var errNotISO = errors.New("not ISO 8601")

var (
	isoExtended = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt ](\d{1,2})(?::(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?)?` + zonePattern + `$`)
	isoBasic    = regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})[Tt](\d{2})(?:(\d{2})(?:(\d{2})(?:[.,](\d+))?)?)?` + zonePattern + `$`)
	zonePattern = `\s*(Z|z|UTC|utc|GMT|gmt|[+-]\d{2}(?::?\d{2})?)?`
)

func parseISO(v string, loc *time.Location) (time.Time, error) {
	m := isoExtended.FindStringSubmatch(v)
	if m == nil {
		m = isoBasic.FindStringSubmatch(v)
	}
	if m == nil {
		return time.Time{}, errNotISO
	}
	num := func(s string) int {
		n, _ := strconv.Atoi(s)
		return n
	}
	year, month, day := num(m[1]), num(m[2]), num(m[3])
	hour, minute, sec := num(m[4]), num(m[5]), num(m[6])
	nsec := 0
	if m[7] != "" {
		frac := m[7]
		if len(frac) > 6 {
			frac = frac[:6] // dateutil keeps microseconds and drops the rest
		}
		nsec = num(frac+strings.Repeat("0", 6-len(frac))) * 1000
	}
	if month < 1 || month > 12 || day < 1 || day > daysIn(year, month) {
		return time.Time{}, errors.New("day is out of range for month")
	}
	if hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, errors.New("time out of range")
	}
	zone, err := zoneOf(m[8], loc)
	if err != nil {
		return time.Time{}, err
	}
	return time.Date(year, time.Month(month), day, hour, minute, sec, nsec, zone), nil
}

func daysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func zoneOf(z string, loc *time.Location) (*time.Location, error) {
	switch strings.ToUpper(z) {
	case "":
		return loc, nil
	case "Z", "UTC", "GMT":
		return time.UTC, nil
	}
	sign := 1
	if z[0] == '-' {
		sign = -1
	}
	digits := strings.ReplaceAll(z[1:], ":", "")
	h, _ := strconv.Atoi(digits[:2])
	m := 0
	if len(digits) == 4 {
		m, _ = strconv.Atoi(digits[2:])
	}
	if h > 23 || m > 59 {
		return nil, errors.New("offset out of range")
	}
	return time.FixedZone("", sign*(h*3600+m*60)), nil
}

// layouts are the non-ISO forms, tried in order. Go's month and weekday
// names match case-insensitively, as dateutil's do.
var layouts = []string{
	"1-2-2006, 3:04 PM", "1-2-2006, 3:04:05 PM", "1-2-2006 3:04 PM", "1-2-2006 3:04:05 PM",
	"1-2-2006, 15:04", "1-2-2006, 15:04:05", "1-2-2006 15:04", "1-2-2006 15:04:05", "1-2-2006",
	"1/2/2006, 3:04 PM", "1/2/2006, 3:04:05 PM", "1/2/2006 3:04 PM", "1/2/2006 3:04:05 PM",
	"1/2/2006, 15:04", "1/2/2006, 15:04:05", "1/2/2006 15:04", "1/2/2006 15:04:05", "1/2/2006",
	"2006/1/2", "2006/1/2 15:04", "2006/1/2 15:04:05",
	"Jan 2, 2006, 3:04:05 PM", "Jan 2, 2006 3:04:05 PM", "Jan 2, 2006 15:04:05", "Jan 2, 2006 15:04", "Jan 2, 2006",
	"Jan 2 2006 15:04:05", "Jan 2 2006 15:04", "Jan 2 2006",
	"January 2, 2006, 3:04:05 PM", "January 2, 2006 15:04:05", "January 2, 2006 15:04", "January 2, 2006", "January 2 2006",
	"2 Jan 2006 15:04:05", "2 Jan 2006 15:04", "2 Jan 2006", "2 January 2006 15:04:05", "2 January 2006",
	"Mon, 02 Jan 2006 15:04:05 GMT", "Mon, 2 Jan 2006 15:04:05 GMT", "Mon, 02 Jan 2006 15:04:05 -0700",
	"Mon Jan 2 15:04:05 2006", "Mon Jan 2 15:04:05 UTC 2006",
}

func parseLayouts(v string, loc *time.Location) (time.Time, error) {
	// Collapse runs of spaces: dateutil tokenises, so "Mar  4 2025" is fine.
	v = strings.Join(strings.Fields(v), " ")
	for _, l := range layouts {
		if t, err := time.ParseInLocation(l, v, loc); err == nil {
			if strings.Contains(l, "GMT") || strings.Contains(l, "UTC") {
				t = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
			}
			return t, nil
		}
	}
	return time.Time{}, errors.New("unknown string format")
}
