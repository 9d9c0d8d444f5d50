package cli

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/store"
)

// TestLookupEventsEngineErrors drives store.Store.LookupEvents directly
// with requests the CLI's client-side checks would stop, to show that the
// engine itself answers each with the modeled exception, as the service
// does for SDK callers that skip client-side validation.
func TestLookupEventsEngineErrors(t *testing.T) {
	s, err := store.Open(context.Background(), specStore(t), store.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	now := time.Date(2025, 3, 5, 0, 0, 0, 0, time.UTC)
	ip := func(n int) *int { return &n }
	tp := func(s string) *time.Time {
		tm, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return &tm
	}
	one := func(k, v string) []history.LookupAttribute { return []history.LookupAttribute{{Key: k, Value: v}} }
	cases := []struct {
		name string
		in   history.LookupInput
		code string
	}{
		{"MaxResults 0", history.LookupInput{MaxResults: ip(0)}, history.CodeInvalidMaxResults},
		{"MaxResults -1", history.LookupInput{MaxResults: ip(-1)}, history.CodeInvalidMaxResults},
		{"MaxResults 51", history.LookupInput{MaxResults: ip(51)}, history.CodeInvalidMaxResults},
		{"empty value", history.LookupInput{LookupAttributes: one("EventName", "")}, history.CodeInvalidLookupAttributes},
		{"empty key", history.LookupInput{LookupAttributes: one("", "x")}, history.CodeInvalidLookupAttributes},
		{"2001 characters", history.LookupInput{LookupAttributes: one("EventName", strings.Repeat("x", 2001))}, history.CodeInvalidLookupAttributes},
		{"commas count twice", history.LookupInput{LookupAttributes: one("EventName", strings.Repeat(",", 1001))}, history.CodeInvalidLookupAttributes},
		{"spaces count twice", history.LookupInput{LookupAttributes: one("EventName", strings.Repeat(" ", 1000)+"x")}, history.CodeInvalidLookupAttributes},
		{"newlines count twice", history.LookupInput{LookupAttributes: one("EventName", strings.Repeat("\n", 1001))}, history.CodeInvalidLookupAttributes},
		{"invalid UTF-8", history.LookupInput{LookupAttributes: one("EventName", "\xff")}, history.CodeInvalidLookupAttributes},
		{"two attributes", history.LookupInput{LookupAttributes: append(one("EventName", "a"), one("EventName", "b")...)}, history.CodeInvalidLookupAttributes},
		{"insight Username", history.LookupInput{EventCategory: "insight", LookupAttributes: one("Username", "a")}, history.CodeInvalidLookupAttributes},
		{"category", history.LookupInput{EventCategory: "management"}, history.CodeInvalidEventCategory},
		{"start after end", history.LookupInput{StartTime: tp("2025-03-04T10:00:00Z"), EndTime: tp("2025-03-04T09:59:59Z")}, history.CodeInvalidTimeRange},
		{"start after now", history.LookupInput{StartTime: tp("2025-03-05T00:00:01Z")}, history.CodeInvalidTimeRange},
		{"token", history.LookupInput{NextToken: "AQ=="}, history.CodeInvalidNextToken},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.in.Region, c.in.Now = "eu-west-1", now
			_, err := s.LookupEvents(context.Background(), c.in)
			var api *history.APIError
			if !errors.As(err, &api) || api.Code != c.code || api.Message == "" {
				t.Fatalf("error %v, want %s", err, c.code)
			}
		})
	}
	// Limits that are still valid.
	for _, in := range []history.LookupInput{
		{MaxResults: ip(1)}, {MaxResults: ip(50)},
		{LookupAttributes: one("EventName", strings.Repeat("x", 2000))},
		{LookupAttributes: one("EventName", strings.Repeat("_", 1000))},
		{StartTime: tp("2025-03-05T00:00:00Z")}, // start == now
		{StartTime: tp("2025-03-04T09:00:00Z"), EndTime: tp("2025-03-04T09:00:00Z")},
		{LookupAttributes: []history.LookupAttribute{}},
	} {
		in.Region, in.Now = "eu-west-1", now
		if _, err := s.LookupEvents(context.Background(), in); err != nil {
			t.Errorf("%+v: %v", in, err)
		}
	}
	// Now defaults to the store's clock: events from 2025 are out of a
	// window ending in 2030.
	s.Now = func() time.Time { return time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC) }
	out, err := s.LookupEvents(context.Background(), history.LookupInput{Region: "eu-west-1"})
	if err != nil || len(out.Events) != 0 {
		t.Errorf("window ending at the store clock: %d events, %v", len(out.Events), err)
	}
}
