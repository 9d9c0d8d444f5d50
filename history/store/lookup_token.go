package store

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"strconv"
	"strings"
	"time"

	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/record"
)

// NextToken layout: version byte, cursor time (8 bytes), the cursor
// event's ID (the rest up to the MAC: ties are broken on it, order.go),
// then HMAC-SHA256 over those bytes and the normalised query, keyed with
// the store's secret; base64url with padding, which looks like the
// service's tokens (they end in "="). Version 1 carried a row ID instead
// of the event ID; such tokens are refused like any foreign token.
//
// The query is not stored in the token, only signed: a token replayed
// with any other parameter, altered by a single bit, or taken from another
// store fails the check, and the service's single answer for all of these
// is InvalidNextTokenException. MaxResults is deliberately not bound: the
// spec leaves it open [U] and the AWS CLI passes a new --page-size along
// with a resume token. Tokens do not expire [U]; events that age out of
// the 90-day window between pages are simply no longer returned.
const (
	tokenVersion = 2
	tokenHead    = 1 + 8 // version and time, before the event ID
	// tokenMaxLen bounds what openToken decodes: an event ID is at most a
	// record long.
	tokenMaxLen = tokenHead + record.MaxRecordBytes + sha256.Size
)

// tokenQuery is what a token is bound to: every request field except
// MaxResults and NextToken, in a canonical form.
func tokenQuery(in *history.LookupInput, cat history.Category) []byte {
	var b strings.Builder
	field := func(name, v string) {
		// Length-prefixed, so that no two different queries encode alike.
		b.WriteString(name)
		b.WriteString(strconv.Itoa(len(v)))
		b.WriteByte(':')
		b.WriteString(v)
	}
	field("region", in.Region)
	field("accounts", strconv.Itoa(len(in.Accounts)))
	for _, a := range in.Accounts {
		field("account", a)
	}
	field("category", strconv.Itoa(int(cat)))
	for _, a := range in.LookupAttributes {
		field("key", a.Key)
		field("value", a.Value)
	}
	tm := func(name string, t *time.Time) {
		if t == nil {
			field(name, "-")
			return
		}
		field(name, strconv.FormatInt(t.UnixNano(), 10))
	}
	tm("start", in.StartTime)
	tm("end", in.EndTime)
	return []byte(b.String())
}

func (s *Store) signToken(c history.Cursor, query []byte) string {
	buf := make([]byte, tokenHead, tokenHead+len(c.EventID)+sha256.Size)
	buf[0] = tokenVersion
	binary.BigEndian.PutUint64(buf[1:], uint64(c.TimeUS))
	buf = append(buf, c.EventID...)
	return base64.URLEncoding.EncodeToString(append(buf, s.tokenMAC(buf, query)...))
}

func (s *Store) tokenMAC(body, query []byte) []byte {
	m := hmac.New(sha256.New, s.secret)
	m.Write(body)
	m.Write(query)
	return m.Sum(nil)
}

// openToken checks a token against the query it is replayed with.
func (s *Store) openToken(tok string, query []byte) (history.Cursor, bool) {
	if len(tok) > base64.URLEncoding.EncodedLen(tokenMaxLen) {
		return history.Cursor{}, false
	}
	raw, err := base64.URLEncoding.Strict().DecodeString(tok)
	if err != nil || len(raw) < tokenHead+sha256.Size || raw[0] != tokenVersion {
		return history.Cursor{}, false
	}
	body := raw[:len(raw)-sha256.Size]
	if !hmac.Equal(raw[len(body):], s.tokenMAC(body, query)) {
		return history.Cursor{}, false
	}
	return history.Cursor{
		TimeUS:  int64(binary.BigEndian.Uint64(raw[1:])),
		EventID: string(body[tokenHead:]),
	}, true
}
