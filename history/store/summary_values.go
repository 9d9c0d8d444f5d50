package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/trailview/trailview/history"
)

// summary_values (migration 0010) keeps, for the ranked kinds
// (summary_rank.go), the distinct values and the events with a value
// over all time, per Region (and 0 for every Region) and per set of
// read-only keys (ro_mask, bit 1<<ro for each ro kept). Distinct values
// cannot be added up across Regions or read-only keys, so a top whose
// window holds every event of its scope would otherwise count them from
// every summary_day row of the field (a hundred milliseconds at a million
// events). Accounts are not kept: a top naming accounts counts the rows.

// roMasks are the non-empty sets of ro keys (allROKeys), as bit masks.
const roMasks = 7 // the three ro keys of allROKeys

type valuesKey struct {
	kind        dictKind
	cat, region int64
	roMask      int64
}

type valuesSum struct{ values, events int64 }

// presenceKey is a value of a ranked kind.
type presenceKey struct {
	kind       dictKind
	cat, value int64
}

// flushValues adds the pending day counts of the ranked kinds to
// summary_values. It runs before they reach summary_day, whose rows tell
// which Regions and read-only keys a value had before.
func (w *writer) flushValues(ctx context.Context, days map[dayKey]*daySum) error {
	added := map[presenceKey]map[int64]int64{} // value -> Region -> ro bits
	sums := map[valuesKey]*valuesSum{}
	sum := func(k valuesKey) *valuesSum {
		if sums[k] == nil {
			sums[k] = &valuesSum{}
		}
		return sums[k]
	}
	empties, err := w.emptyRankedIDs(ctx)
	if err != nil {
		return err
	}
	for k, v := range days {
		if !ranked(k.kind) {
			continue
		}
		// A resource kind's value 0 counts its events with a value; the
		// other kinds count no empty value.
		if k.value == 0 || !isResourceKind(k.kind) {
			for m := int64(1); m <= roMasks; m++ {
				if m>>k.ro&1 == 1 {
					sum(valuesKey{k.kind, k.cat, k.region, m}).events += v.n
					sum(valuesKey{k.kind, k.cat, 0, m}).events += v.n
				}
			}
		}
		if k.value == 0 || slices.Contains(empties, k.value) {
			continue
		}
		pk := presenceKey{k.kind, k.cat, k.value}
		if added[pk] == nil {
			added[pk] = map[int64]int64{}
		}
		added[pk][k.region] |= 1 << k.ro
	}
	if len(sums) == 0 {
		return nil
	}
	before, err := w.presenceBefore(ctx, slices.Collect(maps.Keys(added)))
	if err != nil {
		return err
	}
	for pk, regions := range added {
		old := before[pk]
		var oldAll, newAll int64
		for _, bits := range old {
			oldAll |= bits
		}
		newAll = oldAll
		for r, bits := range regions {
			countNewlyPresent(old[r], old[r]|bits, func(m int64) { sum(valuesKey{pk.kind, pk.cat, r, m}).values++ })
			newAll |= bits
		}
		countNewlyPresent(oldAll, newAll, func(m int64) { sum(valuesKey{pk.kind, pk.cat, 0, m}).values++ })
	}
	return w.upsertValues(ctx, sums)
}

// countNewlyPresent calls add for each ro mask that bits after meets and
// bits before did not.
func countNewlyPresent(before, after int64, add func(mask int64)) {
	for m := int64(1); m <= roMasks; m++ {
		if before&m == 0 && after&m != 0 {
			add(m)
		}
	}
}

func isResourceKind(k dictKind) bool { return k == kindResourceName || k == kindResourceType }

// emptyRankedIDs are the IDs of the empty string of the ranked kinds: a
// resource without a name has it, and it is no value.
func (w *writer) emptyRankedIDs(ctx context.Context) ([]int64, error) {
	rows, err := w.tx.QueryContext(ctx, "SELECT id FROM dict WHERE kind IN ("+rankedKindList()+") AND value = '' COLLATE NOCASE")
	if err != nil {
		return nil, fmt.Errorf("count values: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("count values: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// presenceBefore reads, from summary_day, the ro bits per Region of each
// value that has rows.
func (w *writer) presenceBefore(ctx context.Context, keys []presenceKey) (map[presenceKey]map[int64]int64, error) {
	out := map[presenceKey]map[int64]int64{}
	slices.SortFunc(keys, func(a, b presenceKey) int {
		return cmp.Or(cmp.Compare(a.kind, b.kind), cmp.Compare(a.cat, b.cat), cmp.Compare(a.value, b.value))
	})
	const chunk = 2000
	for len(keys) > 0 {
		n := 1
		for n < min(len(keys), chunk) && keys[n].kind == keys[0].kind && keys[n].cat == keys[0].cat {
			n++
		}
		ids := make([]int64, n)
		for i, k := range keys[:n] {
			ids[i] = k.value
		}
		j, err := json.Marshal(ids)
		if err != nil {
			return nil, err
		}
		if err := w.readPresence(ctx, keys[0], string(j), out); err != nil {
			return nil, err
		}
		keys = keys[n:]
	}
	return out, nil
}

func (w *writer) readPresence(ctx context.Context, like presenceKey, idsJSON string, out map[presenceKey]map[int64]int64) error {
	rows, err := w.tx.QueryContext(ctx, "SELECT value_id, region_id, "+roBitsSQL+" FROM summary_day WHERE kind = ? AND cat = ?"+
		" AND value_id IN (SELECT value FROM json_each(?)) GROUP BY value_id, region_id", int64(like.kind), like.cat, idsJSON)
	if err != nil {
		return fmt.Errorf("count values: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var value, region, bits int64
		if err := rows.Scan(&value, &region, &bits); err != nil {
			return fmt.Errorf("count values: %w", err)
		}
		pk := presenceKey{like.kind, like.cat, value}
		if out[pk] == nil {
			out[pk] = map[int64]int64{}
		}
		out[pk][region] = bits
	}
	return rows.Err()
}

// roBitsSQL is the ro bits of a group of summary_day rows.
const roBitsSQL = "(max(ro = 0) | (max(ro = 1) << 1) | (max(ro = 2) << 2))"

func (w *writer) upsertValues(ctx context.Context, sums map[valuesKey]*valuesSum) error {
	keys := slices.SortedFunc(maps.Keys(sums), func(a, b valuesKey) int {
		return cmp.Or(cmp.Compare(a.kind, b.kind), cmp.Compare(a.cat, b.cat), cmp.Compare(a.region, b.region), cmp.Compare(a.roMask, b.roMask))
	})
	args := make([]any, 0, 6*len(keys))
	for _, k := range keys {
		args = append(args, int64(k.kind), k.cat, k.region, k.roMask, sums[k].values, sums[k].events)
	}
	if err := w.upsertRows(ctx, "INSERT INTO summary_values(kind, cat, region_id, ro_mask, vals, events) VALUES ",
		"ON CONFLICT DO UPDATE SET vals = vals + excluded.vals, events = events + excluded.events", 6, args); err != nil {
		return fmt.Errorf("count values: %w", err)
	}
	return nil
}

func rankedKindList() string {
	kinds := make([]string, len(rankedKinds))
	for i, k := range rankedKinds {
		kinds[i] = strconv.Itoa(int(k))
	}
	return strings.Join(kinds, ", ")
}

// summaryValuesRecountSQL counts summary_values from summary_day, as
// migration 0010 does.
func summaryValuesRecountSQL() string {
	return `INSERT INTO summary_values
WITH m(mask) AS (VALUES (1), (2), (3), (4), (5), (6), (7)),
p AS (SELECT kind, cat, value_id, region_id, ` + roBitsSQL + ` AS bits FROM summary_day
  WHERE kind IN (` + rankedKindList() + `) AND value_id <> 0 AND value_id NOT IN (SELECT id FROM dict WHERE kind IN (` + rankedKindList() + `) AND value = '' COLLATE NOCASE)
  GROUP BY kind, cat, value_id, region_id),
pa AS (SELECT kind, cat, region_id, bits FROM p
  UNION ALL SELECT kind, cat, 0, max(bits & 1) | max(bits & 2) | max(bits & 4) FROM p GROUP BY kind, cat, value_id),
e AS (SELECT kind, cat, region_id, ro, sum(n) AS n FROM summary_day
  WHERE kind IN (` + rankedKindList() + `) AND (value_id = 0 OR kind NOT IN (13, 14)) GROUP BY kind, cat, region_id, ro),
ea AS (SELECT kind, cat, region_id, ro, n FROM e UNION ALL SELECT kind, cat, 0, ro, n FROM e)
SELECT kind, cat, region_id, mask, sum(v), sum(ev) FROM (
  SELECT kind, cat, region_id, mask, 1 AS v, 0 AS ev FROM pa JOIN m ON bits & mask <> 0
  UNION ALL SELECT kind, cat, region_id, mask, 0, n FROM ea JOIN m ON (mask >> ro) & 1 = 1)
GROUP BY kind, cat, region_id, mask`
}

// coveredValues is the distinct values of kind and the events with one
// from summary_values, when q names no account and its window holds every
// event of its scope (summary_hour's first and last times); nil otherwise.
func (s *Store) coveredValues(ctx context.Context, q history.Query, kind dictKind, scope string, scopeArgs []any) (*valuesSum, error) {
	if len(q.Accounts) > 0 {
		return nil, nil
	}
	if outside, err := s.eventsOutside(ctx, q, scope, scopeArgs); outside || err != nil {
		return nil, err
	}
	var region int64 // 0: every Region
	if q.Region != "" {
		id, err := s.lookupDictID(ctx, kindRegion, q.Region)
		if err != nil {
			return nil, err
		}
		region = id
	}
	keys, _ := summaryROKeys(q)
	var mask int64
	for _, k := range keys {
		mask |= 1 << k
	}
	var v valuesSum
	err := s.db.QueryRowContext(ctx, "SELECT vals, events FROM summary_values WHERE kind = ? AND cat = ? AND region_id = ? AND ro_mask = ?",
		int64(kind), int64(q.Category), region, mask).Scan(&v.values, &v.events)
	if errors.Is(err, sql.ErrNoRows) {
		return &valuesSum{}, nil // events in scope, none with a value
	}
	if err != nil {
		return nil, err
	}
	return &v, nil
}

// eventsOutside says whether q's scope has events before or after its
// window. Only the hours holding the window's ends can have events on
// both sides, so each side is a seek per Region in summary_hour's key
// (the list of Regions lets SQLite seek without one).
func (s *Store) eventsOutside(ctx context.Context, q history.Query, scope string, scopeArgs []any) (bool, error) {
	where := " FROM summary_hour WHERE " + scope
	if q.Region == "" {
		where += " AND region_id IN (SELECT region_id FROM scopes)"
	}
	start, end := q.Start.UnixMicro(), q.End.UnixMicro()
	args := append(append(append([]any(nil), scopeArgs...), floorDiv(start, hourUS), start), scopeArgs...)
	var outside bool
	err := s.db.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1"+where+" AND hour <= ? AND first_us < ?) OR EXISTS (SELECT 1"+where+" AND hour >= ? AND last_us > ?)",
		append(args, floorDiv(end, hourUS), end)...).Scan(&outside)
	if err != nil {
		return false, fmt.Errorf("look for events outside the window: %w", err)
	}
	return outside, nil
}
