package filter

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/trailview/trailview/internal/awscli"
)

// maxSince bounds relative durations; Event history holds 90 days, and a
// cap keeps the arithmetic far from overflow.
const maxSince = 100 * 365 * 24 * time.Hour

// ParseDuration reads durations such as 30m, 2h, 7d, 2w or 1h30m, as
// since: and the UI's custom relative range take them: one or more
// numbers, each followed by a unit s, m, h, d (24 h) or w (7 d), letters
// in any case.
func ParseDuration(s string) (time.Duration, error) {
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

// minYear is the first year a time term takes: no CloudTrail event is
// older than 1970, and a year before it is a typo, not a window.
const minYear = 1970

// ParseTime reads a point in time the way after:, before: and the UI's
// time dialog take it: every form `aws cloudtrail lookup-events` accepts
// (awscli.ParseTimestamp, the one timestamp parser of trailview: ISO 8601
// with or without zone, epoch seconds, the CLI's US and month-name forms),
// plus "now". A time without a zone is in loc (nil: UTC). now anchors
// "now" and the example in the error.
func ParseTime(s string, now time.Time, loc *time.Location) (time.Time, error) {
	if loc == nil {
		loc = time.UTC
	}
	if strings.EqualFold(strings.TrimSpace(s), "now") {
		return now, nil
	}
	t, err := awscli.ParseTimestamp(s, loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("expected a time such as %s", TimeExamples(now, loc))
	}
	if t.Year() < minYear {
		return time.Time{}, fmt.Errorf("year %d is out of range (%d to 9999)", t.Year(), minYear)
	}
	return t, nil
}

// TimeExamples lists a few accepted forms of now, in loc, for messages:
// a current example is one the user can edit, a fixed date is not.
func TimeExamples(now time.Time, loc *time.Location) string {
	if loc == nil {
		loc = time.UTC
	}
	hour := now.In(loc).Truncate(time.Hour)
	// No form with a space: a filter term would end at it.
	return fmt.Sprintf("%s, %s or now", hour.Format("2006-01-02"), hour.Format("2006-01-02T15:04Z07:00"))
}
