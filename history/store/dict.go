package store

import (
	"context"
	"database/sql"
	"errors"
	"sync"
)

// dictKind numbers the families of strings kept in the dict table. They are
// part of the store format: compiled filters refer to them.
type dictKind int

// Dictionary kinds. Never renumber: stored rows use these values.
const (
	kindRegion       dictKind = 1
	kindAccount      dictKind = 2
	kindEventName    dictKind = 3
	kindEventSource  dictKind = 4
	kindUsername     dictKind = 5
	kindAccessKey    dictKind = 6
	kindErrorCode    dictKind = 7
	kindSourceIP     dictKind = 8
	kindUserAgent    dictKind = 9
	kindEventType    dictKind = 10
	kindIdentityType dictKind = 11
	kindIdentityARN  dictKind = 12
	kindResourceType dictKind = 13
	kindResourceName dictKind = 14
	kindDirectory    dictKind = 15 // of loaded files (files.dir_id)
)

// dictCacheLimit bounds the in-memory caches; past it they start over, which
// costs a few lookups but keeps memory flat on stores with millions of
// distinct strings.
const dictCacheLimit = 200_000

type dictKey struct {
	kind  dictKind
	value string
}

// dictCache maps dict IDs to strings and back for committed rows.
type dictCache struct {
	mu    sync.RWMutex
	byKey map[dictKey]int64
	byID  map[int64]string
}

func newDictCache() *dictCache {
	return &dictCache{byKey: map[dictKey]int64{}, byID: map[int64]string{}}
}

func (c *dictCache) lookup(k dictKey) (int64, bool) {
	c.mu.RLock()
	id, ok := c.byKey[k]
	c.mu.RUnlock()
	return id, ok
}

func (c *dictCache) text(id int64) (string, bool) {
	c.mu.RLock()
	s, ok := c.byID[id]
	c.mu.RUnlock()
	return s, ok
}

func (c *dictCache) add(k dictKey, id int64) {
	c.mu.Lock()
	if len(c.byKey) >= dictCacheLimit {
		c.byKey = map[dictKey]int64{}
	}
	if len(c.byID) >= dictCacheLimit {
		c.byID = map[int64]string{}
	}
	c.byKey[k] = id
	c.byID[id] = k.value
	c.mu.Unlock()
}

// texts resolves dict IDs to strings, reading the ones not cached.
func (s *Store) texts(ctx context.Context, ids map[int64]string) error {
	var missing []any
	for id := range ids {
		if t, ok := s.dicts.text(id); ok {
			ids[id] = t
		} else {
			missing = append(missing, id)
		}
	}
	for len(missing) > 0 {
		n := min(len(missing), 500)
		chunk := missing[:n]
		missing = missing[n:]
		rows, err := s.db.QueryContext(ctx, "SELECT id, kind, value FROM dict WHERE id IN ("+placeholders(n)+")", chunk...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			var kind dictKind
			var v string
			if err := rows.Scan(&id, &kind, &v); err != nil {
				rows.Close()
				return err
			}
			ids[id] = v
			s.dicts.add(dictKey{kind, v}, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// lookupDictID returns the ID of an exact string of a kind, or 0 when the store
// has never seen it (so no event can match it).
func (s *Store) lookupDictID(ctx context.Context, kind dictKind, value string) (int64, error) {
	if id, ok := s.dicts.lookup(dictKey{kind, value}); ok {
		return id, nil
	}
	var id int64
	err := s.db.QueryRowContext(ctx, dictExactSQL, kind, value).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	s.dicts.add(dictKey{kind, value}, id)
	return id, nil
}

func placeholders(n int) string {
	if n <= 0 {
		return ""
	}
	b := make([]byte, 0, 2*n)
	for i := 0; i < n; i++ {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '?')
	}
	return string(b)
}
