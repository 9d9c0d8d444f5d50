package history

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"sync"
	"unicode/utf8"

	"modernc.org/sqlite"
)

// SQL functions that compiled filters use. They exist because the record
// is stored compressed (so SQLite's own JSON functions cannot read it) and
// because matching rules (ASCII case folding, globs, CIDR, words) must be
// the same everywhere. Names start with tv_ to stay out of SQLite's way.
//
//	tv_eid(text) blob            stored form of an event/request ID (EncodeID)
//	tv_eid_text(blob) text       the ID's text (DecodeID)
//	tv_tiekey(blob) blob         the key that orders events of one time (order.go)
//	tv_glob(text, pattern) int   ASCII case-insensitive glob: * any run, ? one character
//	tv_cidr(text, prefix) int    text is an IP address inside the CIDR prefix
//	tv_match(RecordSQL, path, kind, pattern) int
//	                             a value at the dotted JSON path of the record
//	                             matches: kind is "eq", "glob", "exists" or "cidr";
//	                             arrays on the path match if any element does
//	tv_text(RecordSQL, phrase) int
//	                             the record holds the full-text phrase (words.go)
//
// RecordSQL (blocks.go) stands for the three arguments that give a row's
// record: its ID, its raw column and its block's stored bytes.
var registerOnce sync.Once

func registerFunctions() {
	registerOnce.Do(func() {
		registerTieKey()
		sqlite.MustRegisterDeterministicScalarFunction("tv_eid", 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
			s, ok := args[0].(string)
			if !ok {
				return nil, nil
			}
			return EncodeID(s), nil
		})
		sqlite.MustRegisterDeterministicScalarFunction("tv_eid_text", 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
			b, ok := args[0].([]byte)
			if !ok {
				return nil, nil
			}
			return DecodeID(b), nil
		})
		sqlite.MustRegisterDeterministicScalarFunction("tv_glob", 2, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
			return boolInt(GlobMatch(textArg(args[1]), textArg(args[0]))), nil
		})
		sqlite.MustRegisterDeterministicScalarFunction("tv_cidr", 2, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
			prefix, err := cachedPrefix(textArg(args[1]))
			if err != nil {
				return nil, err
			}
			return boolInt(inPrefix(prefix, textArg(args[0]))), nil
		})
		sqlite.MustRegisterDeterministicScalarFunction("tv_match", 6, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
			rec, err := recordArg(args)
			if err != nil {
				return nil, err
			}
			ok, err := MatchPath(rec, textArg(args[3]), textArg(args[4]), textArg(args[5]))
			return boolInt(ok), err
		})
		sqlite.MustRegisterDeterministicScalarFunction("tv_text", 4, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
			rec, err := recordArg(args)
			if err != nil {
				return nil, err
			}
			return boolInt(ParsePhrase(textArg(args[3])).matchRecord(rec)), nil
		})
	})
}

// recordArg returns the record that the first three arguments (RecordSQL)
// give.
func recordArg(args []driver.Value) ([]byte, error) {
	id, _ := args[0].(int64)
	raw, _ := args[1].([]byte)
	block, _ := args[2].([]byte)
	return storedRecord(id, raw, block)
}

func textArg(v driver.Value) string {
	switch x := v.(type) {
	case string:
		return x
	case []byte:
		return string(x)
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

var prefixCache sync.Map // string -> netip.Prefix

func cachedPrefix(s string) (netip.Prefix, error) {
	if p, ok := prefixCache.Load(s); ok {
		return p.(netip.Prefix), nil
	}
	p, err := ParseCIDR(s)
	if err != nil {
		return p, err
	}
	prefixCache.Store(s, p)
	return p, nil
}

// ParseCIDR accepts a CIDR prefix or a single address (a /32 or /128).
func ParseCIDR(s string) (netip.Prefix, error) {
	if p, err := netip.ParsePrefix(s); err == nil {
		return p.Masked(), nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("%q is not an IP address or CIDR prefix", s)
	}
	return netip.PrefixFrom(a, a.BitLen()), nil
}

func inPrefix(p netip.Prefix, ip string) bool {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return false
	}
	return p.Contains(a.Unmap())
}

// GlobMatch reports whether s matches pattern, where '*' matches any run of
// characters and '?' exactly one, comparing ASCII letters without case.
func GlobMatch(pattern, s string) bool {
	px, sx := 0, 0
	nextPx, nextSx := -1, -1
	for px < len(pattern) || sx < len(s) {
		if px < len(pattern) {
			switch c := pattern[px]; c {
			case '*':
				nextPx, nextSx = px, sx+1
				px++
				continue
			case '?':
				if sx < len(s) {
					_, n := utf8.DecodeRuneInString(s[sx:])
					px++
					sx += n
					continue
				}
			default:
				if sx < len(s) && asciiFold(c) == asciiFold(s[sx]) {
					px++
					sx++
					continue
				}
			}
		}
		if nextSx > 0 && nextSx <= len(s) {
			px, sx = nextPx, nextSx
			continue
		}
		return false
	}
	return true
}

func asciiFold(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// Kinds of value match for MatchPath.
const (
	MatchEqual  = "eq"
	MatchGlob   = "glob"
	MatchExists = "exists"
	MatchCIDR   = "cidr"
)

var errBadMatchKind = errors.New("unknown match kind")

// MatchPath reports whether a value at the dotted path of the compact
// record matches pattern. Arrays along the path match if any element does.
// Strings compare by their decoded text, numbers and booleans by their JSON
// text, objects and arrays at the end of the path by their compact JSON.
func MatchPath(rec []byte, path, kind, pattern string) (bool, error) {
	var prefix netip.Prefix
	switch kind {
	case MatchEqual, MatchGlob, MatchExists:
	case MatchCIDR:
		var err error
		if prefix, err = cachedPrefix(pattern); err != nil {
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
		case MatchExists:
			found = true
		case MatchEqual:
			found = asciiOnlyLower(text) == asciiOnlyLower(pattern)
		case MatchGlob:
			found = GlobMatch(pattern, text)
		case MatchCIDR:
			found = inPrefix(prefix, text)
		}
	})
	return found, nil
}

// asciiOnlyLower folds only ASCII letters, matching SQLite's NOCASE.
func asciiOnlyLower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				b[j] = asciiFold(b[j])
			}
			return string(b)
		}
	}
	return s
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
	if child, ok := getMember(v, keys[0]); ok {
		walkPath(child, keys[1:], fn)
	}
}
