package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/record"
)

// Bounds of a chain walk: a store holds what its loads put there, so a
// chain may loop (a key recorded as issuing itself, two records citing
// each other) or fan out without end.
const (
	MaxChainDepth = 32   // links followed upwards
	MaxIssued     = 1000 // keys listed downwards
	maxIssuedHops = 8    // generations followed downwards
)

// linkColumns is what a chain link reads of an issued row i joined to its
// events row e, in the order scanLink reads.
const linkColumns = "i.key, i.caller, e.id, e.event_id, e.time_us, e.name_id, e.region_id, e.account_id, e.iarn_id"

type linkRow struct {
	link                        history.ChainLink
	name, region, account, iarn sql.NullInt64
}

func scanLink(rows *sql.Rows) (linkRow, error) {
	var r linkRow
	var caller sql.NullString
	var eid []byte
	var us int64
	if err := rows.Scan(&r.link.AccessKeyID, &caller, &r.link.RowID, &eid, &us, &r.name, &r.region, &r.account, &r.iarn); err != nil {
		return r, err
	}
	r.link.CallerAccessKeyID = caller.String
	r.link.EventID = record.DecodeID(eid)
	r.link.EventTime = time.UnixMicro(us).UTC()
	return r, nil
}

// queryLinks runs a query selecting linkColumns and resolves the rows'
// names, Regions, accounts and ARNs.
func (s *Store) queryLinks(ctx context.Context, query string, args ...any) ([]history.ChainLink, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var got []linkRow
	ids := map[int64]string{}
	for rows.Next() {
		r, err := scanLink(rows)
		if err != nil {
			return nil, err
		}
		for _, n := range []sql.NullInt64{r.name, r.region, r.account, r.iarn} {
			if n.Valid {
				ids[n.Int64] = ""
			}
		}
		got = append(got, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := s.texts(ctx, ids); err != nil {
		return nil, err
	}
	out := make([]history.ChainLink, len(got))
	for i, r := range got {
		text := func(n sql.NullInt64) string {
			if !n.Valid {
				return ""
			}
			return ids[n.Int64]
		}
		out[i] = r.link
		out[i].EventName, out[i].Region, out[i].Account, out[i].CallerARN = text(r.name), text(r.region), text(r.account), text(r.iarn)
	}
	return out, nil
}

// IssuedBy walks up from key: the event that issued it, then the event
// that issued the key which called that one, and so on, nearest first.
// The walk stops at a caller without a key (an AWS service, a SAML or web
// identity), at a key no stored event issued (a long-term key created
// before the store's history, a console session, the store's edge), at a
// key already on the chain, or after MaxChainDepth links. Regions and
// accounts do not matter: the issued table is store-wide.
func (s *Store) IssuedBy(ctx context.Context, key string) ([]history.ChainLink, error) {
	var chain []history.ChainLink
	seen := map[string]bool{}
	for key != "" && !seen[key] && len(chain) < MaxChainDepth {
		seen[key] = true
		// The earliest issuing event wins: a key is issued once, and a
		// second record of it is a copy.
		links, err := s.queryLinks(ctx, "SELECT "+linkColumns+" FROM issued i JOIN events e ON e.id = i.event WHERE i.key = ? ORDER BY e.time_us, e.id LIMIT 1", key)
		if err != nil {
			return nil, fmt.Errorf("chain of %s: %w", key, err)
		}
		if len(links) == 0 {
			break
		}
		chain = append(chain, links[0])
		key = links[0].CallerAccessKeyID
	}
	return chain, nil
}

// IssuedFrom lists the keys that key issued, then those that they issued,
// breadth first, each generation by time: at most MaxIssued keys over at
// most maxIssuedHops generations, each key once.
func (s *Store) IssuedFrom(ctx context.Context, key string) ([]history.ChainLink, error) {
	var out []history.ChainLink
	seen := map[string]bool{key: true}
	level := []string{key}
	for hop := 0; hop < maxIssuedHops && len(level) > 0 && len(out) < MaxIssued; hop++ {
		var next []string
		for _, k := range level {
			links, err := s.queryLinks(ctx, "SELECT "+linkColumns+" FROM issued i JOIN events e ON e.id = i.event WHERE i.caller = ? ORDER BY e.time_us, e.id LIMIT ?", k, MaxIssued-len(out))
			if err != nil {
				return nil, fmt.Errorf("keys issued by %s: %w", k, err)
			}
			for _, l := range links {
				if seen[l.AccessKeyID] || len(out) >= MaxIssued {
					continue
				}
				seen[l.AccessKeyID] = true
				out = append(out, l)
				next = append(next, l.AccessKeyID)
			}
		}
		level = next
	}
	return out, nil
}
