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

// MaxSessions bounds Sessions: a query over a busy store may hold
// thousands of keys, and a screen needs the recent ones.
const MaxSessions = 500

// Session is one access key's use among a query's events.
type Session struct {
	AccessKeyID string
	// Username and IdentityARN are the identity the key's events name
	// most often (a key belongs to one identity; a tie goes to the
	// smaller value).
	Username, IdentityARN string
	FirstSeen, LastSeen   time.Time
	Events, Errors        int64
	SourceIPs             int64  // distinct source IPs
	TopIP                 string // the source IP of most events
	TopIPCount            int64
	// IssuedBy is the nearest link of the key's chain (the event that
	// issued it, with its caller), nil when no stored event issued it.
	IssuedBy *history.ChainLink
}

// sessionsSQL groups the query's events by key, IP and identity once
// (base), keeps the keys last seen most recently (keys), and picks each
// key's most frequent IP and identity with a window function, so the
// answer is at most limit rows whatever the store's size. %s is the
// query's FROM and WHERE.
const sessionsSQL = `WITH base AS (
  SELECT e.key_id AS k, e.ip_id AS ip, e.user_id AS u, e.iarn_id AS a,
         count(*) AS n, count(e.error_id) AS errs, min(e.time_us) AS lo, max(e.time_us) AS hi
  FROM %s GROUP BY 1, 2, 3, 4),
keys AS (
  SELECT k, sum(n) AS n, sum(errs) AS errs, min(lo) AS lo, max(hi) AS hi, count(DISTINCT ip) AS ips
  FROM base GROUP BY k ORDER BY hi DESC, k LIMIT ?),
ipn AS (
  SELECT k, ip, sum(n) AS n FROM base WHERE ip IS NOT NULL AND k IN (SELECT k FROM keys) GROUP BY k, ip),
topip AS (
  SELECT k, ip, n FROM (SELECT k, ip, n, row_number() OVER (PARTITION BY k ORDER BY n DESC, (SELECT value FROM dict WHERE id = ip)) AS r FROM ipn) WHERE r = 1),
idn AS (
  SELECT k, u, a, sum(n) AS n FROM base WHERE k IN (SELECT k FROM keys) GROUP BY k, u, a),
topid AS (
  SELECT k, u, a FROM (SELECT k, u, a, row_number() OVER (PARTITION BY k ORDER BY n DESC,
    (SELECT value FROM dict WHERE id = u), (SELECT value FROM dict WHERE id = a)) AS r FROM idn) WHERE r = 1)
SELECT keys.k, keys.n, keys.errs, keys.lo, keys.hi, keys.ips, topip.ip, topip.n, topid.u, topid.a
FROM keys LEFT JOIN topip ON topip.k = keys.k LEFT JOIN topid ON topid.k = keys.k`

// sessionRow is one row of sessionsSQL before its IDs are resolved.
type sessionRow struct {
	s             Session
	key           int64
	ip, user, arn sql.NullInt64
	ipN           sql.NullInt64
}

// Sessions groups q's events by access key: one Session per key, the
// limit keys last seen most recently (at most MaxSessions), newest first
// then by key. Events without a key are not counted.
func (s *Store) Sessions(ctx context.Context, q history.Query, limit int) ([]Session, error) {
	if limit <= 0 || limit > MaxSessions {
		return nil, fmt.Errorf("sessions: limit %d: must be from 1 to %d", limit, MaxSessions)
	}
	b, err := s.build(ctx, q)
	if errors.Is(err, errNoMatch) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("sessions: %w", err)
	}
	query := fmt.Sprintf(sessionsSQL, b.from+b.where("e.key_id IS NOT NULL"))
	rows, err := s.db.QueryContext(ctx, query, append(append([]any(nil), b.args...), limit)...)
	if err != nil {
		return nil, fmt.Errorf("sessions: %w", err)
	}
	defer rows.Close()
	var got []sessionRow
	ids := map[int64]string{}
	for rows.Next() {
		var r sessionRow
		var lo, hi int64
		if err := rows.Scan(&r.key, &r.s.Events, &r.s.Errors, &lo, &hi, &r.s.SourceIPs, &r.ip, &r.ipN, &r.user, &r.arn); err != nil {
			return nil, fmt.Errorf("sessions: read: %w", err)
		}
		r.s.FirstSeen, r.s.LastSeen = time.UnixMicro(lo).UTC(), time.UnixMicro(hi).UTC()
		ids[r.key] = ""
		for _, n := range []sql.NullInt64{r.ip, r.user, r.arn} {
			if n.Valid {
				ids[n.Int64] = ""
			}
		}
		got = append(got, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sessions: %w", err)
	}
	if err := s.texts(ctx, ids); err != nil {
		return nil, fmt.Errorf("sessions: names: %w", err)
	}
	out := make([]Session, len(got))
	for i, r := range got {
		text := func(n sql.NullInt64) string {
			if !n.Valid {
				return ""
			}
			return ids[n.Int64]
		}
		out[i] = r.s
		out[i].AccessKeyID, out[i].TopIP, out[i].TopIPCount = ids[r.key], text(r.ip), r.ipN.Int64
		out[i].Username, out[i].IdentityARN = text(r.user), text(r.arn)
	}
	slices.SortFunc(out, func(a, b Session) int {
		return cmp.Or(b.LastSeen.Compare(a.LastSeen), cmp.Compare(a.AccessKeyID, b.AccessKeyID))
	})
	if err := s.addIssuers(ctx, out); err != nil {
		return nil, fmt.Errorf("sessions: chain: %w", err)
	}
	return out, nil
}

// addIssuers sets each session's nearest chain link: the earliest event
// that issued its key, as IssuedBy reads it, for all keys in a few
// queries rather than one walk each.
func (s *Store) addIssuers(ctx context.Context, out []Session) error {
	at := map[string]int{}
	keys := make([]any, 0, len(out))
	for i := range out {
		at[out[i].AccessKeyID] = i
		keys = append(keys, out[i].AccessKeyID)
	}
	for len(keys) > 0 {
		n := min(len(keys), 500)
		chunk := keys[:n]
		keys = keys[n:]
		links, err := s.queryLinks(ctx, "SELECT "+linkColumns+" FROM issued i JOIN events e ON e.id = i.event WHERE i.key IN ("+
			placeholders(n)+") ORDER BY e.time_us, e.id", chunk...)
		if err != nil {
			return err
		}
		for _, l := range links {
			if i, ok := at[l.AccessKeyID]; ok && out[i].IssuedBy == nil {
				out[i].IssuedBy = &l
			}
		}
	}
	return nil
}
