package store

import (
	"cmp"
	"context"
	"errors"
	"slices"

	"github.com/trailview/trailview/history"
)

// dossierResourceLimit bounds the dossier's list of resources touched: a
// busy key touches thousands; the view and the JSON show the most used.
const dossierResourceLimit = 50

// dossierResources lists the resource names the subject's events name
// (spec 8: the names LookupEvents lists), most events first, then by
// name; each event counts once per distinct name. Names tied with the
// last one kept are cut by dictionary order.
func (s *Store) dossierResources(ctx context.Context, wq history.WhoQuery, col *lookupColumn, id int64) ([]history.ValueCount, error) {
	b, err := s.build(ctx, history.Query{Region: wq.Region, Accounts: wq.Accounts, Start: wq.Start, End: wq.End},
		cond{"e." + col.col + " = ?", []any{id}})
	if errors.Is(err, errNoMatch) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	// resources rows carry a name on the first row of each distinct name
	// of an event (migration 0001), so counting rows with a name counts
	// events per name.
	q := "SELECT r.name_id, count(*) AS n FROM " + b.from + " JOIN resources r ON r.event = e.id" +
		b.where("r.name_id IS NOT NULL") + " GROUP BY r.name_id ORDER BY n DESC, r.name_id LIMIT ?"
	rows, err := s.db.QueryContext(ctx, q, append(b.args, dossierResourceLimit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type counted struct{ id, n int64 }
	var found []counted
	texts := map[int64]string{}
	for rows.Next() {
		var c counted
		if err := rows.Scan(&c.id, &c.n); err != nil {
			return nil, err
		}
		found = append(found, c)
		texts[c.id] = ""
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := s.texts(ctx, texts); err != nil {
		return nil, err
	}
	out := make([]history.ValueCount, 0, len(found))
	for _, c := range found {
		out = append(out, history.ValueCount{Value: texts[c.id], Count: c.n})
	}
	// Ties were ordered by dictionary ID; the dossier's lists order ties
	// by value.
	slices.SortStableFunc(out, func(a, b history.ValueCount) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Value, b.Value))
	})
	return out, nil
}
