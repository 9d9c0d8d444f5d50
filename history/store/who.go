package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/trailview/trailview/history"
)

// subjectColumn is the events column a subject kind is compared on.
func subjectColumn(k history.SubjectKind) (*lookupColumn, error) {
	switch k {
	case history.SubjectKey:
		return lookupColumnOf(history.FieldAccessKeyID), nil
	case history.SubjectUser:
		return lookupColumnOf(history.FieldUsername), nil
	case history.SubjectARN:
		return lookupColumnOf(history.FieldIdentityARN), nil
	case history.SubjectIP:
		return lookupColumnOf(history.FieldSourceIP), nil
	}
	return nil, fmt.Errorf("who: unknown subject kind %q", k)
}

// Who returns the dossier of a subject over the scope of wq: its events'
// Regions, accounts, source IPs, user agents, calls and error codes, and
// for a key its credential chain. The value is compared exactly. The
// counting runs in SQLite, grouped by every facet at once, so one pass
// over the subject's rows (an index range for keys and users) returns
// one row per distinct combination.
func (s *Store) Who(ctx context.Context, wq history.WhoQuery) (history.Dossier, error) {
	d := history.Dossier{Kind: wq.Kind, Value: wq.Value}
	col, err := subjectColumn(wq.Kind)
	if err != nil {
		return d, err
	}
	id, err := s.lookupDictID(ctx, col.kind, wq.Value)
	if err != nil {
		return d, fmt.Errorf("who %s: %w", wq.Value, err)
	}
	if id != 0 {
		if err := s.countDossier(ctx, &d, wq, col, id); err != nil {
			return d, fmt.Errorf("who %s: %w", wq.Value, err)
		}
	}
	if wq.Kind == history.SubjectKey {
		if d.IssuedBy, err = s.IssuedBy(ctx, wq.Value); err != nil {
			return d, err
		}
		d.Issued, err = s.IssuedFrom(ctx, wq.Value)
	} else if id != 0 {
		d.Issued, err = s.queryLinks(ctx, "SELECT "+linkColumns+" FROM issued i JOIN events e ON e.id = i.event WHERE e."+col.col+" = ? ORDER BY e.time_us, e.id LIMIT ?", id, MaxIssued)
	}
	if err != nil {
		return d, fmt.Errorf("who %s: keys issued: %w", wq.Value, err)
	}
	return d, nil
}

// dossierFacets are the columns a dossier groups by, in scan order.
var dossierFacets = [...]string{"region_id", "account_id", "ip_id", "agent_id", "source_id", "name_id", "error_id"}

const (
	dossierRegion = iota
	dossierAccount
	dossierIP
	dossierAgent
	dossierSource
	dossierName
	dossierError
)

// combo is one distinct combination of the dossier's columns.
type combo struct {
	ids         [len(dossierFacets)]sql.NullInt64
	n, errs     int64
	first, last int64
}

// countDossier reads the subject's rows once, through the subject
// column's index, and groups them here rather than in SQLite: a GROUP BY
// over seven columns sorts every row in a temporary B-tree, which cost
// as much as reading the rows (docs/benchmarks.md, "who").
func (s *Store) countDossier(ctx context.Context, d *history.Dossier, wq history.WhoQuery, col *lookupColumn, id int64) error {
	b, err := s.build(ctx, history.Query{Region: wq.Region, Accounts: wq.Accounts, Start: wq.Start, End: wq.End},
		cond{"e." + col.col + " = ?", []any{id}})
	if errors.Is(err, errNoMatch) {
		return nil
	}
	if err != nil {
		return err
	}
	rows, err := s.db.QueryContext(ctx, dossierSQL(b), b.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	byIDs := map[[len(dossierFacets)]int64]*combo{}
	var ids [len(dossierFacets)]int64
	var us int64
	dest := make([]any, 0, len(dossierFacets)+1)
	for i := range ids {
		dest = append(dest, &ids[i])
	}
	var res []byte
	names := map[int64]int64{} // resources touched: events per name ID
	dest = append(dest, &us, &res)
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		c := byIDs[ids]
		if c == nil {
			c = &combo{first: us, last: us}
			for i, n := range ids {
				// Dictionary IDs start at 1: 0 stands for NULL.
				c.ids[i] = sql.NullInt64{Int64: n, Valid: n != 0}
			}
			byIDs[ids] = c
		}
		c.n++
		if ids[dossierError] != 0 {
			c.errs++
		}
		c.first, c.last = min(c.first, us), max(c.last, us)
		countResourceNames(res, names)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	combos := make([]combo, 0, len(byIDs))
	texts := map[int64]string{}
	for _, c := range byIDs {
		for _, n := range c.ids {
			if n.Valid {
				texts[n.Int64] = ""
			}
		}
		combos = append(combos, *c)
	}
	if err := s.texts(ctx, texts); err != nil {
		return err
	}
	fillDossier(d, combos, texts, cmp.Or(wq.NewWithin, history.DefaultNewWithin))
	if d.Resources, err = s.dossierResources(ctx, names); err != nil {
		return fmt.Errorf("resources: %w", err)
	}
	return nil
}

// dossierSQL selects the dossier's columns of b's rows, one row per
// event, NULL IDs as 0, with the event's resource list: the rows come in
// index order and are grouped by countDossier.
func dossierSQL(b *builder) string {
	cols := ""
	for _, c := range dossierFacets {
		cols += "ifnull(e." + c + ", 0), "
	}
	return "SELECT " + cols + "e.time_us, e.res FROM " + b.from + b.where()
}

// sightings sums combos into one Sighting per value.
type sightings map[string]*history.Sighting

func (m sightings) add(v string, c *combo) {
	if v == "" {
		return
	}
	s := m[v]
	if s == nil {
		s = &history.Sighting{Value: v, FirstSeen: time.UnixMicro(c.first).UTC(), LastSeen: time.UnixMicro(c.last).UTC()}
		m[v] = s
	}
	s.Count += c.n
	s.Errors += c.errs
	if t := time.UnixMicro(c.first).UTC(); t.Before(s.FirstSeen) {
		s.FirstSeen = t
	}
	if t := time.UnixMicro(c.last).UTC(); t.After(s.LastSeen) {
		s.LastSeen = t
	}
}

// sorted lists the values by count descending then value, marking those
// first seen at or after newSince.
func (m sightings) sorted(newSince time.Time) []history.Sighting {
	out := make([]history.Sighting, 0, len(m))
	for _, s := range m {
		s.New = !s.FirstSeen.Before(newSince)
		out = append(out, *s)
	}
	slices.SortFunc(out, func(a, b history.Sighting) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Value, b.Value))
	})
	return out
}

func counts(m sightings) []history.ValueCount {
	out := []history.ValueCount{}
	for _, s := range m.sorted(time.Time{}) {
		out = append(out, history.ValueCount{Value: s.Value, Count: s.Count})
	}
	return out
}

func fillDossier(d *history.Dossier, combos []combo, texts map[int64]string, newWithin time.Duration) {
	text := func(n sql.NullInt64) string {
		if !n.Valid {
			return ""
		}
		return texts[n.Int64]
	}
	regions, accounts, ips, agents, calls, errs := sightings{}, sightings{}, sightings{}, sightings{}, sightings{}, sightings{}
	for i := range combos {
		c := &combos[i]
		d.Events += c.n
		first, last := time.UnixMicro(c.first).UTC(), time.UnixMicro(c.last).UTC()
		if d.FirstSeen.IsZero() || first.Before(d.FirstSeen) {
			d.FirstSeen = first
		}
		if last.After(d.LastSeen) {
			d.LastSeen = last
		}
		regions.add(text(c.ids[dossierRegion]), c)
		accounts.add(text(c.ids[dossierAccount]), c)
		ips.add(text(c.ids[dossierIP]), c)
		agents.add(text(c.ids[dossierAgent]), c)
		errs.add(text(c.ids[dossierError]), c)
		if name := text(c.ids[dossierName]); name != "" {
			calls.add(text(c.ids[dossierSource])+":"+name, c)
		}
	}
	newSince := d.LastSeen.Add(-newWithin)
	d.Regions, d.Accounts, d.ErrorCodes = counts(regions), counts(accounts), counts(errs)
	d.SourceIPs, d.UserAgents, d.Calls = ips.sorted(newSince), agents.sorted(newSince), calls.sorted(newSince)
}
