package store

import (
	"bytes"
	"strings"

	"github.com/trailview/trailview/history/record"
)

// tv_match, like tv_text (sqlfuncs_text.go), is asked of every event a
// walk visits: a JSON path that few events have (responseElements.
// keyMetadata.arn:*) is looked for in every record of the Region. A
// record that has the path has each key of it, between quotes, in its
// bytes, unless it spells a character of the key as an escape; a key
// that could be spelled another way (with a quote, backslash, slash,
// control or non-ASCII character) is not searched for, and a record
// with a \u escape gets the full check. No kind of match (eq, glob,
// exists, cidr) holds for a path the record lacks.

// pathMatches is record.MatchPath, after the byte search.
func pathMatches(rec []byte, path, kind, pattern string) (bool, error) {
	if !mayHavePath(rec, path) {
		return false, nil
	}
	return record.MatchPath(rec, path, kind, pattern)
}

// mayHavePath is false only when rec cannot hold the dotted path.
func mayHavePath(rec []byte, path string) bool {
	keys := cachedPathKeys(path)
	if len(keys) == 0 || bytes.Contains(rec, []byte(`\u`)) {
		return true
	}
	for _, k := range keys {
		if !bytes.Contains(rec, k) {
			return false
		}
	}
	return true
}

// pathKeys are the path's keys that a record can spell only one way, each
// quoted as the record holds it.
func pathKeys(path string) [][]byte {
	var out [][]byte
	for _, k := range strings.Split(path, ".") {
		if k != "" && plainKey(k) {
			out = append(out, []byte(`"`+k+`"`))
		}
	}
	return out
}

func plainKey(k string) bool {
	for i := 0; i < len(k); i++ {
		if c := k[i]; c < 0x20 || c >= 0x80 || c == '"' || c == '\\' || c == '/' {
			return false
		}
	}
	return true
}

var pathKeyMemo filterMemo[[][]byte]

func cachedPathKeys(path string) [][]byte { return pathKeyMemo.get(path, pathKeys) }
