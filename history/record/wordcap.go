package record

import "unicode/utf8"

// MaxIndexedWord is the longest word the full-text index stores whole;
// longer words are indexed by their first MaxIndexedWord bytes. Busy
// accounts' records are full of long random tokens (560-character session
// tokens, x-amz-id-2 values, commit hashes) that each become a term of
// their own length in the index, for no gain in selectivity: 32 random
// characters already single out one group. Searches stay exact because
// every candidate group is confirmed on its records (tv_text), and a long
// search word asks for the capped prefix as a prefix term (MatchQuery), so
// stores written before the cap, which hold such words whole, still find
// them.
const MaxIndexedWord = 32

// capWord cuts w to at most MaxIndexedWord bytes, at a rune boundary so
// the index's tokenizer and the query see the same bytes.
func capWord[W string | []byte](w W) (W, bool) {
	if len(w) <= MaxIndexedWord {
		return w, false
	}
	n := MaxIndexedWord
	for n > 0 && !utf8.RuneStart(w[n]) {
		n--
	}
	return w[:n], true
}
