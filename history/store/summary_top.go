package store

import (
	"context"
	"fmt"
	"strconv"

	"github.com/trailview/trailview/history"
)

// summaryFacet is where the summaries keep a field's counts.
type summaryFacet struct {
	grain    int64    // hourUS or dayUS
	table    string   // summary_hour or summary_day
	key      string   // the column of the value (an ID, or ro)
	n        string   // the column of the count
	lo, hi   string   // the first and last event's times of a row
	cond     string   // more conditions on the table's rows
	kind     dictKind // the value's dict kind; 0 for read-only
	resource bool     // value_id 0 rows count the events with a value
}

func summaryFacetOf(f history.Field) (summaryFacet, bool) {
	hour := summaryFacet{grain: hourUS, table: "summary_hour", n: "events", lo: "first_us", hi: "last_us"}
	switch f {
	case history.FieldRegion:
		hour.key, hour.kind = "region_id", kindRegion
		return hour, true
	case history.FieldAccount:
		hour.key, hour.kind = "account_id", kindAccount
		return hour, true
	case history.FieldReadOnly:
		hour.key, hour.cond = "ro", " AND ro <> 2"
		return hour, true
	}
	day := summaryFacet{grain: dayUS, table: "summary_day", key: "value_id", n: "n",
		lo: "day * 86400000000 + first_off", hi: "day * 86400000000 + first_off + span_us"}
	switch f {
	case history.FieldResourceName:
		day.kind, day.resource = kindResourceName, true
	case history.FieldResourceType:
		day.kind, day.resource = kindResourceType, true
	default:
		c := lookupColumnOf(f)
		if c == nil || !summarised(c.kind) {
			return day, false
		}
		day.kind = c.kind
	}
	day.cond = " AND kind = " + strconv.Itoa(int(day.kind))
	if day.resource {
		day.cond += " AND value_id <> 0"
	}
	return day, true
}

// topFromSummaries fills res from the summaries when they can answer;
// handled is false when the events must be counted instead.
func (s *Store) topFromSummaries(ctx context.Context, q history.Query, field history.Field, src facetSource, limit int, res *TopResult) (handled bool, err error) {
	sf, ok := summaryFacetOf(field)
	if !s.summaryApplies(q) || !ok {
		return false, nil
	}
	sp, ok := splitWindow(q, sf.grain)
	if !ok {
		return false, nil
	}
	s.summaryAnswers.Add(1)
	scope, scopeArgs, err := s.summaryScope(ctx, q)
	if err != nil {
		return true, err
	}
	if res.Total, err = s.summaryTotal(ctx, q, scope, scopeArgs); err != nil {
		return true, fmt.Errorf("top %v: %w", field, err)
	}
	byRank := ranked(sf.kind)
	if byRank {
		done, gaveUp, err := s.topCovered(ctx, q, sf, scope, scopeArgs, limit, res)
		if err != nil {
			return true, fmt.Errorf("top %v: %w", field, err)
		}
		if done {
			return true, nil
		}
		byRank = !gaveUp // the window's counts would not stand out more
	}
	grainCol := "day"
	if sf.grain == hourUS {
		grainCol = "hour"
	}
	whole := " FROM " + sf.table + " WHERE " + scope + sf.cond + " AND " + grainCol + " BETWEEN ? AND ?"
	wholeArgs := append(append([]any(nil), scopeArgs...), sp.lo, sp.hi)
	edgeParts, edgeArgs, edgePresent, err := s.edgeFacetParts(ctx, q, sp.edges, sf, src)
	if err != nil {
		return true, fmt.Errorf("top %v: %w", field, err)
	}
	edges, err := s.edgeCounts(ctx, edgeParts, edgeArgs)
	if err != nil {
		return true, fmt.Errorf("top %v: %w", field, err)
	}
	present, err := s.topWholeDays(ctx, q, sf, byRank, whole, wholeArgs, edges, limit, res)
	if err != nil {
		return true, fmt.Errorf("top %v: %w", field, err)
	}
	if sf.resource {
		if present, err = s.summaryResourcePresent(ctx, sp, sf, scope, scopeArgs); err != nil {
			return true, fmt.Errorf("top %v: %w", field, err)
		}
		present += edgePresent
	}
	res.Missing = res.Total - present
	return true, nil
}

// summaryResourcePresent counts the events of the whole days with at
// least one non-empty value of a resource field: an event with several
// counts once.
func (s *Store) summaryResourcePresent(ctx context.Context, sp summarySpan, sf summaryFacet, scope string, scopeArgs []any) (int64, error) {
	var present int64
	err := s.db.QueryRowContext(ctx, "SELECT coalesce(sum(n), 0) FROM summary_day WHERE "+scope+" AND kind = ? AND value_id = 0 AND day BETWEEN ? AND ?",
		append(append([]any(nil), scopeArgs...), int64(sf.kind), sp.lo, sp.hi)...).Scan(&present)
	if err != nil {
		return 0, fmt.Errorf("count events with a value: %w", err)
	}
	return present, nil
}

// topWholeDays is topByRank, when byRank and it finishes, and mergeTop
// otherwise.
func (s *Store) topWholeDays(ctx context.Context, q history.Query, sf summaryFacet, byRank bool, whole string, wholeArgs []any, edges map[int64]facetCount, limit int, res *TopResult) (int64, error) {
	if byRank {
		present, handled, err := s.topByRank(ctx, sf, rankListOf(q), whole, wholeArgs, edges, nil, limit, res)
		if handled || err != nil {
			return present, err
		}
	}
	return s.mergeTop(ctx, sf, whole, wholeArgs, edges, limit, res)
}
