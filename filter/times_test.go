package filter

import (
	"strings"
	"testing"
	"time"

	"github.com/trailview/trailview/internal/awscli"
)

// TestParseTimeIsTheCLIParser: after:/before: take exactly what
// lookup-events takes (one parser, internal/awscli), plus "now", and read
// a time without a zone in the zone they are given.
func TestParseTimeIsTheCLIParser(t *testing.T) {
	now := time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)
	plus1 := time.FixedZone("CET", 3600)
	for _, in := range []string{"2026-12-02T10:00Z", "2026-12-02T10:00+01:00", "2026-12-02", "2026-12-02 10:00",
		"2026-12-02t10:00:00.5z", "1796205600", "12-02-2026, 10:00 AM", "Dec 2, 2026 10:00", "20261202T100000Z"} {
		for _, loc := range []*time.Location{time.UTC, plus1} {
			want, err := awscli.ParseTimestamp(in, loc)
			if err != nil {
				t.Fatalf("the CLI refuses %q: %v", in, err)
			}
			got, err := ParseTime(in, now, loc)
			if err != nil || !got.Equal(want) {
				t.Errorf("ParseTime(%q, %v) = %v, %v; lookup-events reads %v", in, loc, got, err, want)
			}
		}
	}
	if got, err := ParseTime("NOW", now, plus1); err != nil || !got.Equal(now) {
		t.Errorf("now = %v, %v", got, err)
	}
	_, err := ParseTime("yesterday", now, time.UTC)
	if err == nil || !strings.Contains(err.Error(), "2026-12-02T12:00Z") {
		t.Errorf("the error does not give an example of today: %v", err)
	}
	if _, err := ParseTime("1969-12-31", now, time.UTC); err == nil {
		t.Error("a year before CloudTrail existed was taken")
	}
}

// TestCompileInReadsZonelessTimesInLoc: the UI's local-time mode makes
// after:/before: without a zone local; an explicit zone stays as written.
func TestCompileInReadsZonelessTimesInLoc(t *testing.T) {
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	plus1 := time.FixedZone("CET", 3600)
	f, err := CompileIn("after:2025-03-01T10:00 before:2025-03-01T11:00Z", now, plus1)
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC); !f.Start.Equal(want) {
		t.Errorf("after: in +01:00 = %v, want %v", f.Start, want)
	}
	if want := time.Date(2025, 3, 1, 11, 0, 0, 0, time.UTC).Add(-time.Microsecond); !f.End.Equal(want) {
		t.Errorf("before: with Z = %v, want %v", f.End, want)
	}
	utc, err := Compile("after:2025-03-01T10:00", now)
	if err != nil || !utc.Start.Equal(time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("Compile reads a zone-less time as %v (%v), want UTC", utc.Start, err)
	}
	if d, err := ParseDuration("2d12h"); err != nil || d != 60*time.Hour {
		t.Errorf("2d12h = %v, %v", d, err)
	}
}
