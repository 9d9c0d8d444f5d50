package assets

import (
	"math/rand/v2"
	"strconv"
	"strings"
)

// rng wraps a PCG source with the helpers the generator needs. PCG is
// specified by math/rand/v2 and will not change between Go releases, which
// is what makes "same options, same bytes" hold.
type rng struct{ *rand.Rand }

func newRNG(seed, stream uint64) rng {
	return rng{rand.New(rand.NewPCG(seed, stream))}
}

func (r rng) chance(p float64) bool { return r.Float64() < p }

func (r rng) between(lo, hi int) int { return lo + r.IntN(hi-lo+1) }

func pick[T any](r rng, xs []T) T { return xs[r.IntN(len(xs))] }

// weighted returns an index drawn with the given weights (all >= 0, sum > 0).
func (r rng) weighted(ws []int) int {
	total := 0
	for _, w := range ws {
		total += w
	}
	n := r.IntN(total)
	for i, w := range ws {
		if n < w {
			return i
		}
		n -= w
	}
	return len(ws) - 1
}

// appendUUID appends a random version-4 UUID.
func (r rng) appendUUID(b []byte) []byte {
	return appendUUIDBits(b, r.Uint64(), r.Uint64())
}

func (r rng) uuid() string { return string(r.appendUUID(nil)) }

func appendUUIDBits(b []byte, hi, lo uint64) []byte {
	hi = hi&^0xf000 | 0x4000         // version 4
	lo = lo&^(0xc<<60) | (0x8 << 60) // RFC 4122 variant
	var raw [16]byte
	for i := range 8 {
		raw[i] = byte(hi >> (56 - 8*i))
		raw[8+i] = byte(lo >> (56 - 8*i))
	}
	for i, c := range raw {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			b = append(b, '-')
		}
		b = append(b, hexDigits[c>>4], hexDigits[c&0xf])
	}
	return b
}

const upperAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567" // base32, as AWS IDs use

// ident returns prefix followed by n base32 characters, the shape of IAM
// unique IDs (AIDA..., AROA...) and access keys (AKIA..., ASIA...).
func (r rng) ident(prefix string, n int) string {
	b := make([]byte, 0, len(prefix)+n)
	b = append(b, prefix...)
	for range n {
		b = append(b, upperAlnum[r.IntN(len(upperAlnum))])
	}
	return string(b)
}

const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

func (r rng) alnum(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alnum[r.IntN(len(alnum))]
	}
	return string(b)
}

// hex returns n lower-case hex digits.
func (r rng) hex(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = hexDigits[r.IntN(16)]
	}
	return string(b)
}

// ipv4 returns an address in the /24 or /16 given by prefix ("203.0.113."
// or "54.239.").
func (r rng) ipv4(prefix string) string {
	s := prefix
	if strings.Count(prefix, ".") == 2 {
		s += strconv.Itoa(r.IntN(256)) + "."
	}
	return s + strconv.Itoa(1+r.IntN(254))
}

// mix is splitmix64: a stateless hash used where a value must be the same
// every time it is derived (a session's key within its hour) without keeping
// state per session.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// hashIdent is ident for a hashed value: stable for the same h.
func hashIdent(prefix string, n int, h uint64) string {
	b := make([]byte, 0, len(prefix)+n)
	b = append(b, prefix...)
	for i := range n {
		if i%12 == 0 {
			h = mix(h + uint64(i))
		}
		b = append(b, upperAlnum[h&31])
		h >>= 5
	}
	return string(b)
}
