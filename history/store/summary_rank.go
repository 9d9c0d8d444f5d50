package store

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
)

// summary_rank (migration 0010) keeps every value's count over all time,
// Regions, accounts and read-only, for the fields whose values are nearly
// all alone in their day, where a top over summary_day groups a row per
// value (summary_rank_top.go). Other fields have few values per day and
// their tops are fast without it; leaving them out keeps the bytes down.
var rankedKinds = []dictKind{kindAccessKey, kindResourceName}

func ranked(k dictKind) bool { return slices.Contains(rankedKinds, k) }

// rankAnyRO is summary_rank's ro of the counts of every event; ro 0
// rows count the events with read-only false alone (migration 0010).
const rankAnyRO = 3

// summaryRankRecountSQL counts summary_rank from summary_day, as
// migration 0010 does: value 0 of a resource kind counts the events with
// a value, not a value.
func summaryRankRecountSQL() []string {
	from := " FROM summary_day WHERE kind IN (" + rankedKindList() + ") AND value_id <> 0"
	return []string{
		"INSERT INTO summary_rank SELECT kind, cat, 3, value_id, sum(n)" + from + " GROUP BY kind, cat, value_id",
		"INSERT INTO summary_rank SELECT kind, cat, 0, value_id, sum(n)" + from + " AND ro = 0 GROUP BY kind, cat, value_id",
	}
}

type rankKey struct {
	kind           dictKind
	cat, ro, value int64
}

// flushRank adds the pending day counts of the ranked kinds to
// summary_rank, in the flush that writes them to summary_day.
func (w *writer) flushRank(ctx context.Context, days map[dayKey]*daySum) error {
	sums := map[rankKey]int64{}
	for k, v := range days {
		if ranked(k.kind) && k.value != 0 {
			sums[rankKey{k.kind, k.cat, rankAnyRO, k.value}] += v.n
			if k.ro == 0 {
				sums[rankKey{k.kind, k.cat, 0, k.value}] += v.n
			}
		}
	}
	if len(sums) == 0 {
		return nil
	}
	keys := slices.SortedFunc(maps.Keys(sums), func(a, b rankKey) int {
		return cmp.Or(cmp.Compare(a.kind, b.kind), cmp.Compare(a.cat, b.cat), cmp.Compare(a.ro, b.ro), cmp.Compare(a.value, b.value))
	})
	args := make([]any, 0, 5*len(keys))
	for _, k := range keys {
		args = append(args, int64(k.kind), k.cat, k.ro, k.value, sums[k])
	}
	if err := w.upsertRows(ctx, "INSERT INTO summary_rank(kind, cat, ro, value_id, n) VALUES ",
		"ON CONFLICT DO UPDATE SET n = n + excluded.n", 5, args); err != nil {
		return fmt.Errorf("count events per value: %w", err)
	}
	return nil
}
