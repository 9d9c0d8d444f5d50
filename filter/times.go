package filter

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// maxSince bounds relative durations; Event history holds 90 days, and a
// cap keeps the arithmetic far from overflow.
const maxSince = 100 * 365 * 24 * time.Hour

// parseDuration reads durations such as 30m, 2h, 7d, 2w or 1h30m: one or
// more numbers, each followed by a unit s, m, h, d (24 h) or w (7 d),
// letters in any case.
func parseDuration(s string) (time.Duration, error) {
	if s == "" {
		return 0, fmt.Errorf("empty duration")
	}
	var total time.Duration
	rest := strings.ToLower(s)
	for rest != "" {
		i := 0
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		if i == 0 {
			return 0, fmt.Errorf("expected a number")
		}
		if i > 9 {
			return 0, fmt.Errorf("number too large")
		}
		n, _ := strconv.Atoi(rest[:i])
		rest = rest[i:]
		if rest == "" {
			return 0, fmt.Errorf("missing unit after %d (s, m, h, d or w)", n)
		}
		var unit time.Duration
		switch rest[0] {
		case 's':
			unit = time.Second
		case 'm':
			unit = time.Minute
		case 'h':
			unit = time.Hour
		case 'd':
			unit = 24 * time.Hour
		case 'w':
			unit = 7 * 24 * time.Hour
		default:
			return 0, fmt.Errorf("unknown unit %q (use s, m, h, d or w)", rest[:1])
		}
		rest = rest[1:]
		total += time.Duration(n) * unit
		if total > maxSince {
			return 0, fmt.Errorf("longer than 100 years")
		}
	}
	if total <= 0 {
		return 0, fmt.Errorf("duration must be positive")
	}
	return total, nil
}

// timeLayouts are the accepted absolute times; without a zone they are
// UTC, as the console shows times by default (spec 4.2).
var timeLayouts = []string{
	"2006-01-02T15:04:05.999999999Z07:00",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02 15:04",
	"2006-01-02",
}

func parseTime(s string) (time.Time, error) {
	for _, layout := range timeLayouts {
		t, err := time.ParseInLocation(layout, strings.ToUpper(s), time.UTC)
		if err != nil {
			continue
		}
		if t.Year() < 1970 || t.Year() > 9999 {
			return time.Time{}, fmt.Errorf("year %d is out of range", t.Year())
		}
		return t.UTC(), nil
	}
	return time.Time{}, fmt.Errorf("expected a date such as 2025-03-01 or 2025-03-01T10:00Z")
}
