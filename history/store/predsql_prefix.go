package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/record"
)

// Prefix searches and the full-text index. FTS5 answers "abc*" by merging
// the group lists of every indexed word that starts with abc before it
// returns the first group, and the store has no prefix index: with a
// fresh temporary key per session, "asi*" covers 334,000 words of a
// million-event store (400 ms of merging) and "a*" 470,000 (2 s, for each
// use of the term). A prefix that covers that many words also lies in
// nearly every group, so the group lists would not narrow the walk anyway.
// Such a term is decided on the record alone (tv_text, which is exact;
// the group test was only ever a shortcut), and the query walks the
// Region's events in time order, where dense matches fill a page quickly.

// maxIndexedPrefixWords is the most indexed words a prefix may cover for
// the query to use the full-text index for it: merging 2,000 short group
// lists costs a few milliseconds.
const maxIndexedPrefixWords = 2000

// Short prefixes ("a*", "de*") of a large store cover so many words that
// every event matches some: a page is quick, but a count decompresses and
// checks every event of the scope, and five of them ("a* b* c* d* e*")
// took 15 s to count. A prefix shorter than minBroadPrefix characters
// that covers more than maxShortPrefixWords words is refused with a
// message saying so, as issue 16 allows; three characters and more are
// always searched.
const (
	minBroadPrefix      = 3
	maxShortPrefixWords = 10000
)

// PrefixTooBroadError refuses a short prefix that covers too many of the
// store's indexed words.
type PrefixTooBroadError struct {
	Prefix string // the word as typed, with its '*'
	Words  int    // how many indexed words it covers, at least
}

func (e *PrefixTooBroadError) Error() string {
	return fmt.Sprintf("%s matches more than %s indexed words; type at least %d characters before the *",
		e.Prefix, groupThousands(e.Words), minBroadPrefix)
}

// groupThousands writes n with thousands separators, as the browser's
// counts are written.
func groupThousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// prefixRoute says how a text term's trailing prefix is searched: through
// the full-text index (indexed), or on the record alone. It returns a
// PrefixTooBroadError for a short prefix that covers too many words.
func (s *Store) prefixRoute(ctx context.Context, t history.TextTerm) (indexed bool, err error) {
	ph := record.ParsePhrase(t.Text)
	if !t.Prefix || len(ph.Words) == 0 {
		return true, nil
	}
	word := ph.Words[len(ph.Words)-1]
	limit := maxIndexedPrefixWords
	if len(word) < minBroadPrefix {
		limit = maxShortPrefixWords
	}
	n, err := s.prefixWords(ctx, word, limit)
	if err != nil {
		return false, err
	}
	if len(word) < minBroadPrefix && n > maxShortPrefixWords {
		return false, &PrefixTooBroadError{Prefix: word + "*", Words: maxShortPrefixWords}
	}
	return n <= maxIndexedPrefixWords, nil
}

// prefixWords counts the indexed words that start with word, up to
// limit+1. The count comes from an fts5vocab table over the index, which
// reads the term list in order from the prefix on; it lives in the
// connection's temp schema (so it works on a read-only store too), hence
// the dedicated connection.
func (s *Store) prefixWords(ctx context.Context, word string, limit int) (int, error) {
	lo, hi, ok := prefixRange(word)
	if !ok {
		return 0, nil
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return 0, fmt.Errorf("count words of prefix %s*: %w", word, err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "CREATE VIRTUAL TABLE IF NOT EXISTS temp.tv_words_vocab USING fts5vocab(main, words, row)"); err != nil {
		return 0, fmt.Errorf("count words of prefix %s*: %w", word, err)
	}
	var n int
	err = conn.QueryRowContext(ctx, "SELECT count(*) FROM (SELECT 1 FROM temp.tv_words_vocab WHERE term >= ? AND term < ? LIMIT ?)",
		lo, hi, limit+1).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("count words of prefix %s*: %w", word, err)
	}
	return n, nil
}
