package history

import (
	"fmt"
	"net/netip"
	"sync"
	"unicode/utf8"
)

var prefixCache sync.Map // string -> netip.Prefix

// CachedCIDR is ParseCIDR remembering its answers: a filter's prefix is
// parsed once, not once per row.
func CachedCIDR(s string) (netip.Prefix, error) {
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

// InCIDR reports whether ip is an address inside p.
func InCIDR(p netip.Prefix, ip string) bool {
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

// LowerASCII folds only ASCII letters, matching SQLite's NOCASE.
func LowerASCII(s string) string {
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
