package store

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/trailview/trailview/history"
)

// The writer keeps summary_hour and summary_day (migration 0006) in the
// transaction that adds the events, as it keeps scopes: top and timeline
// then read a row per value and day, or per hour, for the whole days and
// hours of a window (summary_query.go).

const (
	hourUS = int64(time.Hour / time.Microsecond)
	dayUS  = 24 * hourUS
)

// summaryKinds are the dict kinds of the events columns summary_day
// counts per day, with their columns. Region and account are counted by
// summary_hour, and so is read-only.
var summaryKinds = []struct {
	kind dictKind
	col  string
}{
	{kindEventName, "name_id"}, {kindEventSource, "source_id"}, {kindUsername, "user_id"},
	{kindAccessKey, "key_id"}, {kindErrorCode, "error_id"}, {kindSourceIP, "ip_id"},
	{kindUserAgent, "agent_id"}, {kindEventType, "type_id"}, {kindIdentityType, "itype_id"},
	{kindIdentityARN, "iarn_id"},
}

// roKey is read_only as summary keys hold it: 1, 0, or 2 for none.
func roKey(readOnly string) int64 {
	switch readOnly {
	case "true":
		return 1
	case "false":
		return 0
	}
	return 2
}

type hourKey struct{ region, cat, hour, account, ro int64 }

type hourSum struct{ events, errors, first, last int64 }

type dayKey struct {
	kind                    dictKind
	region, cat, day, value int64
	account, ro             int64
}

type daySum struct{ n, first, last int64 }

// summarySums are the counts of the events built since the last flush.
type summarySums struct {
	hours map[hourKey]*hourSum
	days  map[dayKey]*daySum
}

func (s *summarySums) addDay(k dayKey, t int64) {
	if sum := s.days[k]; sum != nil {
		sum.n++
		sum.first, sum.last = min(sum.first, t), max(sum.last, t)
		return
	}
	s.days[k] = &daySum{1, t, t}
}

// countSummary adds one event, whose strings ids resolved, to the pending
// summary counts.
func (w *writer) countSummary(e *history.Event, timeUS int64, ids map[dictKey]int64) {
	s := &w.pending.summary
	if s.hours == nil {
		s.hours, s.days = map[hourKey]*hourSum{}, map[dayKey]*daySum{}
	}
	region, account := ids[dictKey{kindRegion, e.Region}], ids[dictKey{kindAccount, e.Account}]
	cat, ro := int64(e.Category), roKey(e.ReadOnly)
	hk := hourKey{region, cat, floorDiv(timeUS, hourUS), account, ro}
	h := s.hours[hk]
	if h == nil {
		h = &hourSum{first: timeUS, last: timeUS}
		s.hours[hk] = h
	}
	h.events++
	if e.ErrorCode != "" {
		h.errors++
	}
	h.first, h.last = min(h.first, timeUS), max(h.last, timeUS)
	dk := dayKey{region: region, cat: cat, day: floorDiv(timeUS, dayUS), account: account, ro: ro}
	for _, c := range lookupColumns {
		if !summarised(c.kind) {
			continue
		}
		if v := *c.value(e); v != "" {
			dk.kind, dk.value = c.kind, ids[dictKey{c.kind, v}]
			s.addDay(dk, timeUS)
		}
	}
	// An event counts once per distinct resource name and type, as the
	// resources rows are written (eventRow), and once under value 0 when
	// it has any non-empty one.
	var seen []dayKey // few: an event has a handful of resources
	once := func(k dayKey) {
		if !slices.Contains(seen, k) {
			seen = append(seen, k)
			s.addDay(k, timeUS)
		}
	}
	for _, r := range e.Resources {
		for _, kv := range [...]struct {
			kind dictKind
			v    string
		}{{kindResourceName, r.Name}, {kindResourceType, r.Type}} {
			if kv.kind == kindResourceType && kv.v == "" {
				continue
			}
			dk.kind, dk.value = kv.kind, ids[dictKey{kv.kind, kv.v}]
			once(dk)
			if kv.v != "" {
				dk.value = 0
				once(dk)
			}
		}
	}
}

func summarised(k dictKind) bool {
	for _, sk := range summaryKinds {
		if sk.kind == k {
			return true
		}
	}
	return false
}

// flushSummary writes the pending counts; like flushScopes it runs with
// the last rows, so a savepoint that undoes a unit's rows undoes its
// counts too.
func (w *writer) flushSummary(ctx context.Context) error {
	s := &w.pending.summary
	if len(s.hours) > 0 {
		keys := slices.SortedFunc(maps.Keys(s.hours), func(a, b hourKey) int {
			return cmp.Or(cmp.Compare(a.region, b.region), cmp.Compare(a.cat, b.cat), cmp.Compare(a.hour, b.hour),
				cmp.Compare(a.account, b.account), cmp.Compare(a.ro, b.ro))
		})
		args := make([]any, 0, 9*len(keys))
		for _, k := range keys {
			v := s.hours[k]
			args = append(args, k.region, k.cat, k.hour, k.account, k.ro, v.events, v.errors, v.first, v.last)
		}
		if err := w.upsertRows(ctx, "INSERT INTO summary_hour(region_id, cat, hour, account_id, ro, events, errors, first_us, last_us) VALUES ",
			`ON CONFLICT DO UPDATE SET events = events + excluded.events, errors = errors + excluded.errors,
				first_us = min(first_us, excluded.first_us), last_us = max(last_us, excluded.last_us)`, 9, args); err != nil {
			return fmt.Errorf("count events per hour: %w", err)
		}
		clear(s.hours)
	}
	if len(s.days) > 0 {
		if err := w.flushValues(ctx, s.days); err != nil {
			return err
		}
		keys := slices.SortedFunc(maps.Keys(s.days), func(a, b dayKey) int {
			return cmp.Or(cmp.Compare(a.kind, b.kind), cmp.Compare(a.cat, b.cat), cmp.Compare(a.value, b.value),
				cmp.Compare(a.region, b.region), cmp.Compare(a.day, b.day), cmp.Compare(a.account, b.account), cmp.Compare(a.ro, b.ro))
		})
		args := make([]any, 0, 10*len(keys))
		for _, k := range keys {
			v := s.days[k]
			args = append(args, int64(k.kind), k.region, k.cat, k.day, k.value, k.account, k.ro, v.n, v.first-k.day*dayUS, v.last-v.first)
		}
		// The right-hand sides all see the row's old values.
		if err := w.upsertRows(ctx, "INSERT INTO summary_day(kind, region_id, cat, day, value_id, account_id, ro, n, first_off, span_us) VALUES ",
			`ON CONFLICT DO UPDATE SET n = n + excluded.n, first_off = min(first_off, excluded.first_off),
				span_us = max(first_off + span_us, excluded.first_off + excluded.span_us) - min(first_off, excluded.first_off)`, 10, args); err != nil {
			return fmt.Errorf("count events per value and day: %w", err)
		}
		if err := w.flushRank(ctx, s.days); err != nil {
			return err
		}
		clear(s.days)
	}
	return nil
}
