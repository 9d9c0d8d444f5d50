package record

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"

	"github.com/trailview/trailview/history"
)

// Kinds of value match for MatchPath.
const (
	matchEqual  = "eq"
	matchGlob   = "glob"
	matchExists = "exists"
	matchCIDR   = "cidr"
)

var errBadMatchKind = errors.New("unknown match kind")

// MatchPath reports whether a value at the dotted path of the compact
// record matches pattern. Arrays along the path match if any element does.
// Strings compare by their decoded text, numbers and booleans by their JSON
// text, objects and arrays at the end of the path by their compact JSON.
func MatchPath(rec []byte, path, kind, pattern string) (bool, error) {
	var prefix netip.Prefix
	switch kind {
	case matchEqual, matchGlob, matchExists:
	case matchCIDR:
		var err error
		if prefix, err = history.CachedCIDR(pattern); err != nil {
			return false, err
		}
	default:
		return false, fmt.Errorf("%w %q", errBadMatchKind, kind)
	}
	keys := strings.Split(path, ".")
	found := false
	walkPath(rec, keys, func(v []byte) {
		if found || string(v) == "null" {
			return
		}
		text := string(v)
		if len(v) > 0 && v[0] == '"' {
			text, _ = unquoteContent(v[1 : len(v)-1])
		}
		switch kind {
		case matchExists:
			found = true
		case matchEqual:
			found = history.LowerASCII(text) == history.LowerASCII(pattern)
		case matchGlob:
			found = history.GlobMatch(pattern, text)
		case matchCIDR:
			found = history.InCIDR(prefix, text)
		}
	})
	return found, nil
}

func walkPath(v []byte, keys []string, fn func([]byte)) {
	if len(v) > 0 && v[0] == '[' {
		forEachElement(v, func(el []byte) bool {
			walkPath(el, keys, fn)
			return true
		})
		return
	}
	if len(keys) == 0 {
		fn(v)
		return
	}
	if len(v) == 0 || v[0] != '{' {
		return
	}
	if child, ok := GetMember(v, keys[0]); ok {
		walkPath(child, keys[1:], fn)
	}
}
