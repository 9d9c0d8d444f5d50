package awscli

import (
	"errors"
	"testing"
	"time"
)

func TestParseTimestamp(t *testing.T) {
	paris := time.FixedZone("CET", 3600)
	base := time.Date(2025, 3, 4, 9, 0, 0, 0, time.UTC)
	cases := []struct {
		in   string
		loc  *time.Location
		want time.Time
	}{
		{"2025-03-04T09:00:00Z", nil, base},
		{"2025-03-04T09:00:00z", nil, base},
		{"2025-03-04t09:00:00Z", nil, base},
		{"2025-03-04 09:00:00Z", nil, base},
		{"  2025-03-04T09:00:00Z  ", nil, base},
		{"2025-03-04T10:00:00+01:00", nil, base},
		{"2025-03-04T10:00:00+0100", nil, base},
		{"2025-03-04T10:00:00+01", nil, base},
		{"2025-03-04T01:00:00-08:00", nil, base},
		{"2025-03-04 10:00:00 +01:00", nil, base},
		{"2025-03-04T09:00:00 UTC", nil, base},
		{"2025-03-04T09:00:00GMT", nil, base},
		{"2025-03-04T09:00:00", nil, base},
		{"2025-03-04T09:00", nil, base},
		{"2025-03-04T09", nil, base},
		{"2025-03-04", nil, time.Date(2025, 3, 4, 0, 0, 0, 0, time.UTC)},
		{"2025-3-4", nil, time.Date(2025, 3, 4, 0, 0, 0, 0, time.UTC)},
		{"2025-03-04T10:00:00", paris, base},
		{"2025-03-04T09:00:00Z", paris, base},
		{"2025-03-04T09:00:00.123Z", nil, base.Add(123 * time.Millisecond)},
		{"2025-03-04T09:00:00,5Z", nil, base.Add(500 * time.Millisecond)},
		{"2025-03-04T09:00:00.1234567891Z", nil, base.Add(123456 * time.Microsecond)},
		{"20250304T090000Z", nil, base},
		{"20250304T0900Z", nil, base},
		{"1741078800", nil, base},
		{"1741078800.5", nil, base.Add(500 * time.Millisecond)},
		{"+1741078800", nil, base},
		{"1.7410788e9", nil, base},
		{"1_741_078_800", nil, base},
		{"0", nil, time.Unix(0, 0).UTC()},
		{"-86400", nil, time.Unix(-86400, 0).UTC()},
		// The CLI tries float() first, so an all-digit date is epoch seconds.
		{"20250304", nil, time.Unix(20250304, 0).UTC()},
		{"03-04-2025, 09:00 AM", nil, base},
		{"03-04-2025, 09:00 PM", nil, base.Add(12 * time.Hour)},
		{"3/4/2025 9:00 AM", nil, base},
		{"03/04/2025 09:00:00", nil, base},
		{"03-04-2025", nil, time.Date(2025, 3, 4, 0, 0, 0, 0, time.UTC)},
		{"2025/03/04 09:00", nil, base},
		{"Mar 4, 2025", nil, time.Date(2025, 3, 4, 0, 0, 0, 0, time.UTC)},
		{"mar 4 2025 09:00", nil, base},
		{"4 March 2025", nil, time.Date(2025, 3, 4, 0, 0, 0, 0, time.UTC)},
		{"Mar 4, 2025, 9:00:00 AM", nil, base},
		{"Tue, 04 Mar 2025 09:00:00 GMT", paris, base},
	}
	for _, c := range cases {
		got, err := ParseTimestamp(c.in, c.loc)
		if err != nil {
			t.Errorf("ParseTimestamp(%q): %v", c.in, err)
			continue
		}
		if !got.Equal(c.want) {
			t.Errorf("ParseTimestamp(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}

func TestParseTimestampRejects(t *testing.T) {
	for _, in := range []string{
		"", "   ", "yesterday", "2025-13-01", "2025-02-30", "2025-03-04T24:00:00Z", "2025-03-04T09:60:00Z",
		"2025-03-04T09:00:00+25:00", "nan", "inf", "-inf", "0x10", "1e400", "99999999999999", "2025-03-04T09:00:00Zjunk",
		"10000-01-01", "--5", "1.2.3", "2025-03-04T09:00:00.Z",
	} {
		if got, err := ParseTimestamp(in, nil); err == nil {
			t.Errorf("ParseTimestamp(%q) = %v, want an error", in, got)
		} else if !errors.Is(err, ErrInvalidTimestamp) {
			t.Errorf("ParseTimestamp(%q) error %v does not wrap ErrInvalidTimestamp", in, err)
		}
	}
}

func FuzzParseTimestamp(f *testing.F) {
	for _, s := range []string{"2025-03-04T09:00:00Z", "1741078800.5", "03-04-2025, 09:00 AM", "Mar 4, 2025"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseTimestamp(s, time.UTC)
		if err == nil && (got.Year() < 1 || got.Year() > 9999) {
			t.Fatalf("ParseTimestamp(%q) = %v outside years 1-9999", s, got)
		}
	})
}
