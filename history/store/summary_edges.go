package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/trailview/trailview/history"
)

// The partial hours or days at a window's edges are counted from the
// events. They are a small slice of time, so each is read through the
// scope index (Region, category, time) one Region at a time: the column
// indexes a whole-window count prefers would be read whole for a few
// thousand events, and without a Region the planner cannot seek the scope
// index's time.

// edgeQueries is q's edges, one query per Region when q has none, each
// with its condition on the Region's ID.
func (s *Store) edgeQueries(ctx context.Context, q history.Query, edges []history.Query) ([]history.Query, [][]cond, error) {
	if q.Region != "" {
		return edges, make([][]cond, len(edges)), nil
	}
	rows, err := s.db.QueryContext(ctx, "SELECT DISTINCT region_id FROM scopes")
	if err != nil {
		return nil, nil, fmt.Errorf("list Regions: %w", err)
	}
	var regions []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, nil, fmt.Errorf("list Regions: %w", err)
		}
		regions = append(regions, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("list Regions: %w", err)
	}
	var qs []history.Query
	var conds [][]cond
	for _, e := range edges {
		for _, r := range regions {
			qs = append(qs, e)
			conds = append(conds, []cond{{"e.region_id = ?", []any{r}}})
		}
	}
	return qs, conds, nil
}

// edgeFacetParts is the SELECTs (k, n, lo, hi), joined by UNION ALL and
// each starting with it, that count field's values in the edges, with
// their arguments; for a resource field also the events with a value.
func (s *Store) edgeFacetParts(ctx context.Context, q history.Query, edges []history.Query, sf summaryFacet, src facetSource) (parts string, args []any, present int64, err error) {
	qs, conds, err := s.edgeQueries(ctx, q, edges)
	if err != nil {
		return "", nil, 0, err
	}
	for i, e := range qs {
		b, err := s.build(ctx, e, conds[i]...)
		if errors.Is(err, errNoMatch) {
			continue
		}
		if err != nil {
			return "", nil, 0, err
		}
		if sf.resource {
			counts, n, err := s.edgeResourceCounts(ctx, b, sf.kind)
			if err != nil {
				return "", nil, 0, err
			}
			present += n
			parts += " UNION ALL SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3 FROM json_each(?)"
			args = append(args, counts)
			continue
		}
		parts += " UNION ALL SELECT " + src.key + ", count(*), min(e.time_us), max(e.time_us) FROM events e INDEXED BY events_scope" +
			b.where(src.key+" IS NOT NULL") + " GROUP BY " + src.key
		args = append(args, b.args...)
	}
	return parts, args, present, nil
}

// edgeResourceCounts is resourceCounts of the events of b as a JSON array
// of [id, events, first, last], for SQLite's json_each, with the events
// with a non-empty value.
func (s *Store) edgeResourceCounts(ctx context.Context, b *builder, kind dictKind) (string, int64, error) {
	counts, present, err := s.resourceCounts(ctx, "events e INDEXED BY events_scope", b, kind)
	if err != nil {
		return "", 0, err
	}
	out := make([][4]int64, 0, len(counts))
	for id, c := range counts {
		out = append(out, [4]int64{id, c.n, c.lo, c.hi})
	}
	j, err := json.Marshal(out)
	if err != nil {
		return "", 0, fmt.Errorf("count resources: %w", err)
	}
	return string(j), present, nil
}

// resourceCounts counts, from the resources list each events row keeps,
// the events of b (read from from) per distinct resource name (or type),
// and the events with a non-empty one. Reading the lists of the selected
// events beats joining the resources table, which has no index on the
// event and was read whole (seconds on a million events) for any filter.
func (s *Store) resourceCounts(ctx context.Context, from string, b *builder, kind dictKind) (map[int64]facetCount, int64, error) {
	empty, err := s.lookupDictID(ctx, kind, "")
	if err != nil {
		return nil, 0, err
	}
	rows, err := s.db.QueryContext(ctx, "SELECT e.res, e.time_us FROM "+from+b.where("e.res IS NOT NULL"), b.args...)
	if err != nil {
		return nil, 0, fmt.Errorf("count resources: %w", err)
	}
	defer rows.Close()
	counts := map[int64]facetCount{}
	var present int64
	var seen []int64
	for rows.Next() {
		var res sql.RawBytes
		var t int64
		if err := rows.Scan(&res, &t); err != nil {
			return nil, 0, fmt.Errorf("count resources: %w", err)
		}
		seen = seen[:0]
		forEachResourceRef(res, func(typeID, nameID int64) {
			id := nameID
			if kind == kindResourceType {
				id = typeID
			}
			if id != 0 && !slices.Contains(seen, id) { // 0: no type
				seen = append(seen, id)
			}
		})
		hasValue := false
		for _, id := range seen {
			hasValue = hasValue || id != empty
			c, ok := counts[id]
			if !ok {
				c = facetCount{lo: t, hi: t}
			}
			counts[id] = facetCount{c.n + 1, min(c.lo, t), max(c.hi, t)}
		}
		if hasValue {
			present++
		}
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("count resources: %w", err)
	}
	return counts, present, nil
}
