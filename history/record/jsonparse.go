package record

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// maxJSONDepth bounds nesting so that hostile input cannot exhaust the stack.
// Real CloudTrail records nest a dozen levels at most.
const maxJSONDepth = 256

// syntaxError is a JSON error at a byte offset within one record.
type SyntaxError struct {
	Offset int
	Msg    string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("invalid JSON at byte %d of the record: %s", e.Offset, e.Msg)
}

// compactor validates one JSON value and appends its compact form (insignificant
// whitespace removed, everything else byte for byte) to dst. It is a
// hand-written recursive descent because encoding/json's Compact costs about
// three times as much per record, and ingest speed is a product goal.
type compactor struct {
	src []byte
	i   int
	dst []byte
	err *SyntaxError
}

func (c *compactor) fail(msg string) {
	if c.err == nil {
		c.err = &SyntaxError{Offset: c.i, Msg: msg}
	}
}

func (c *compactor) ws() {
	for c.i < len(c.src) {
		switch c.src[c.i] {
		case ' ', '\t', '\n', '\r':
			c.i++
		default:
			return
		}
	}
}

func (c *compactor) value(depth int) {
	if depth > maxJSONDepth {
		c.fail("nesting too deep")
		return
	}
	c.ws()
	if c.i >= len(c.src) {
		c.fail("unexpected end of input")
		return
	}
	switch b := c.src[c.i]; {
	case b == '{':
		c.object(depth)
	case b == '[':
		c.array(depth)
	case b == '"':
		c.str()
	case b == '-' || (b >= '0' && b <= '9'):
		c.number()
	case b == 't':
		c.literal("true")
	case b == 'f':
		c.literal("false")
	case b == 'n':
		c.literal("null")
	default:
		c.fail(fmt.Sprintf("unexpected character %q", b))
	}
}

func (c *compactor) object(depth int) {
	c.dst = append(c.dst, '{')
	c.i++
	c.ws()
	if c.i < len(c.src) && c.src[c.i] == '}' {
		c.dst = append(c.dst, '}')
		c.i++
		return
	}
	for c.err == nil {
		c.ws()
		if c.i >= len(c.src) || c.src[c.i] != '"' {
			c.fail("expected a string key")
			return
		}
		c.str()
		c.ws()
		if c.i >= len(c.src) || c.src[c.i] != ':' {
			c.fail("expected ':' after key")
			return
		}
		c.dst = append(c.dst, ':')
		c.i++
		c.value(depth + 1)
		if c.err != nil {
			return
		}
		c.ws()
		if c.i >= len(c.src) {
			c.fail("unexpected end of input in object")
			return
		}
		switch c.src[c.i] {
		case ',':
			c.dst = append(c.dst, ',')
			c.i++
		case '}':
			c.dst = append(c.dst, '}')
			c.i++
			return
		default:
			c.fail("expected ',' or '}' in object")
			return
		}
	}
}

func (c *compactor) array(depth int) {
	c.dst = append(c.dst, '[')
	c.i++
	c.ws()
	if c.i < len(c.src) && c.src[c.i] == ']' {
		c.dst = append(c.dst, ']')
		c.i++
		return
	}
	for c.err == nil {
		c.value(depth + 1)
		if c.err != nil {
			return
		}
		c.ws()
		if c.i >= len(c.src) {
			c.fail("unexpected end of input in array")
			return
		}
		switch c.src[c.i] {
		case ',':
			c.dst = append(c.dst, ',')
			c.i++
		case ']':
			c.dst = append(c.dst, ']')
			c.i++
			return
		default:
			c.fail("expected ',' or ']' in array")
			return
		}
	}
}

// str copies a string literal, checking escapes, control characters and UTF-8.
func (c *compactor) str() {
	start := c.i
	c.i++
	nonASCII := false
	for c.i < len(c.src) {
		c.i = skipPlainStringBytes(c.src, c.i)
		if c.i >= len(c.src) {
			break
		}
		b := c.src[c.i]
		switch {
		case b == '"':
			c.i++
			if nonASCII && !utf8.Valid(c.src[start:c.i]) {
				c.i = start
				c.fail("string is not valid UTF-8")
				return
			}
			c.dst = append(c.dst, c.src[start:c.i]...)
			return
		case b == '\\':
			if c.i+1 >= len(c.src) {
				c.fail("unterminated escape")
				return
			}
			switch c.src[c.i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				c.i += 2
			case 'u':
				if c.i+6 > len(c.src) || !isHex4(c.src[c.i+2:c.i+6]) {
					c.fail("invalid \\u escape")
					return
				}
				c.i += 6
			default:
				c.fail("invalid escape")
				return
			}
		case b < 0x20:
			c.fail("control character in string")
			return
		default:
			if b >= 0x80 {
				nonASCII = true
			}
			c.i++
		}
	}
	c.fail("unterminated string")
}

// skipPlainStringBytes returns the index of the first byte from i on that
// is not plainStringByte (or len(b)). Eight bytes are checked at a time
// while none needs a look: the byte-by-byte loop was the compactor's
// largest cost, since most of a record is string content.
func skipPlainStringBytes(b []byte, i int) int {
	for i+8 <= len(b) {
		x := binary.LittleEndian.Uint64(b[i:])
		// Any byte below 0x20, a quote, a backslash or not ASCII (which
		// one is left to the loop below).
		if (x-swarOnes*0x20)&^x&swarHighs|quoteOrBackslashMask(x)|x&swarHighs != 0 {
			break
		}
		i += 8
	}
	for i < len(b) && plainStringByte[b[i]] {
		i++
	}
	return i
}

// Eight bytes at a time ("SWAR"): swarOnes has 1 in every byte, swarHighs
// the high bit of every byte.
const swarOnes, swarHighs = 0x0101010101010101, 0x8080808080808080

// quoteOrBackslashMask sets the high bit of the bytes of x (little-endian)
// that are '"' or '\\'. The lowest bit set marks the first one exactly;
// bits above it may be borrows, so only whether it is zero and its lowest
// bit mean anything.
func quoteOrBackslashMask(x uint64) uint64 {
	q, bs := x^(swarOnes*'"'), x^(swarOnes*'\\')
	return ((q-swarOnes)&^q | (bs-swarOnes)&^bs) & swarHighs
}

// plainStringByte marks the bytes a string can hold with nothing to check:
// ASCII, not a control character, not a quote or a backslash.
var plainStringByte = func() (t [256]bool) {
	for b := 0x20; b < 0x80; b++ {
		t[b] = b != '"' && b != '\\'
	}
	return t
}()

func isHex4(b []byte) bool {
	for _, x := range b {
		if !(x >= '0' && x <= '9' || x >= 'a' && x <= 'f' || x >= 'A' && x <= 'F') {
			return false
		}
	}
	return true
}

func (c *compactor) number() {
	start := c.i
	if c.src[c.i] == '-' {
		c.i++
	}
	if c.i >= len(c.src) {
		c.fail("invalid number")
		return
	}
	if c.src[c.i] == '0' {
		c.i++
	} else if c.src[c.i] >= '1' && c.src[c.i] <= '9' {
		for c.i < len(c.src) && c.src[c.i] >= '0' && c.src[c.i] <= '9' {
			c.i++
		}
	} else {
		c.fail("invalid number")
		return
	}
	if c.i < len(c.src) && c.src[c.i] == '.' {
		c.i++
		if !c.digits() {
			return
		}
	}
	if c.i < len(c.src) && (c.src[c.i] == 'e' || c.src[c.i] == 'E') {
		c.i++
		if c.i < len(c.src) && (c.src[c.i] == '+' || c.src[c.i] == '-') {
			c.i++
		}
		if !c.digits() {
			return
		}
	}
	c.dst = append(c.dst, c.src[start:c.i]...)
}

func (c *compactor) digits() bool {
	start := c.i
	for c.i < len(c.src) && c.src[c.i] >= '0' && c.src[c.i] <= '9' {
		c.i++
	}
	if c.i == start {
		c.fail("invalid number")
		return false
	}
	return true
}

func (c *compactor) literal(lit string) {
	if len(c.src)-c.i < len(lit) || string(c.src[c.i:c.i+len(lit)]) != lit {
		c.fail("invalid literal")
		return
	}
	c.dst = append(c.dst, lit...)
	c.i += len(lit)
}

// compactJSON validates src as exactly one JSON value (surrounding whitespace
// allowed) and appends its compact form to dst.
func CompactJSON(dst, src []byte) ([]byte, error) {
	c := compactor{src: src, dst: dst}
	c.value(0)
	if c.err == nil {
		c.ws()
		if c.i != len(src) {
			c.fail("unexpected data after the value")
		}
	}
	if c.err != nil {
		return dst, c.err
	}
	return c.dst, nil
}

// The functions below walk compact JSON that compactJSON has already
// validated, so they only need to find boundaries, not check grammar.

// skipCompact returns the index just past the value starting at b[i].
func skipCompact(b []byte, i int) int {
	if i >= len(b) {
		return i
	}
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		depth := 0
		for i < len(b) {
			switch b[i] {
			case '"':
				i = skipString(b, i)
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
			i++
		}
		return i
	default:
		for i < len(b) && b[i] != ',' && b[i] != '}' && b[i] != ']' {
			i++
		}
		return i
	}
}

// skipString returns the index just past the string literal starting at b[i].
// It jumps from one quote or backslash to the next (IndexByte is
// vectorised): most string bytes are neither, and walking them one by one
// was the largest single cost of a load's parsing.
func skipString(b []byte, i int) int {
	i++
	for i < len(b) {
		j := indexQuoteOrBackslash(b[i:])
		if j < 0 {
			return len(b)
		}
		if b[i+j] == '"' {
			return i + j + 1
		}
		i += j + 2 // the backslash and the byte it escapes
	}
	return i
}

// indexQuoteOrBackslash is the index of the first '"' or '\\' in b, or -1.
// Most strings of a record are short (names, Regions, addresses): their
// first 32 bytes are searched eight at a time in one pass, and only longer
// ones take the two vectorised IndexByte passes, which cost more to start.
func indexQuoteOrBackslash(b []byte) int {
	i := 0
	for ; i+8 <= len(b) && i < 32; i += 8 {
		if m := quoteOrBackslashMask(binary.LittleEndian.Uint64(b[i:])); m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
	}
	if i < 32 {
		for ; i < len(b); i++ {
			if b[i] == '"' || b[i] == '\\' {
				return i
			}
		}
		return -1
	}
	b = b[i:]
	q := bytes.IndexByte(b, '"')
	if q < 0 {
		q = len(b)
	}
	if bs := bytes.IndexByte(b[:q], '\\'); bs >= 0 {
		return i + bs
	}
	if q == len(b) {
		return -1
	}
	return i + q
}

// member is one key/value pair of a compact JSON object.
type member struct {
	key []byte // raw key content, escapes not decoded
	val []byte // compact value bytes
}

// forEachMember calls fn for every member of the compact object obj, stopping
// early if fn returns false. It does nothing if obj is not an object.
func forEachMember(obj []byte, fn func(m member) bool) {
	if len(obj) < 2 || obj[0] != '{' {
		return
	}
	i := 1
	for i < len(obj) && obj[i] != '}' {
		if obj[i] == ',' {
			i++
		}
		ks := i
		i = skipString(obj, i)
		key := obj[ks+1 : i-1]
		i++ // ':'
		vs := i
		i = skipCompact(obj, i)
		if !fn(member{key: key, val: obj[vs:i]}) {
			return
		}
	}
}

// forEachElement calls fn for every element of the compact array arr.
func forEachElement(arr []byte, fn func(v []byte) bool) {
	if len(arr) < 2 || arr[0] != '[' {
		return
	}
	i := 1
	for i < len(arr) && arr[i] != ']' {
		if arr[i] == ',' {
			i++
		}
		vs := i
		i = skipCompact(arr, i)
		if !fn(arr[vs:i]) {
			return
		}
	}
}

// getMember returns the value of key in the compact object obj. With
// duplicate keys the last one wins, as with encoding/json.
func GetMember(obj []byte, key string) ([]byte, bool) {
	var out []byte
	found := false
	forEachMember(obj, func(m member) bool {
		if keyEquals(m.key, key) {
			out, found = m.val, true
		}
		return true
	})
	return out, found
}

// getPath follows a dotted list of object keys.
func getPath(obj []byte, keys ...string) ([]byte, bool) {
	v := obj
	for _, k := range keys {
		var ok bool
		if v, ok = GetMember(v, k); !ok {
			return nil, false
		}
	}
	return v, true
}

func keyEquals(raw []byte, key string) bool {
	if len(raw) == len(key) && string(raw) == key {
		return true
	}
	for _, b := range raw {
		if b == '\\' {
			s, ok := unquoteContent(raw)
			return ok && s == key
		}
	}
	return false
}

// errNotString reports a value of the wrong JSON type.
var errNotString = errors.New("not a string")

// stringValue decodes a compact JSON value that must be a string or null.
// null and absent both give "", false.
func stringValue(v []byte) (string, bool, error) {
	if len(v) == 0 || string(v) == "null" {
		return "", false, nil
	}
	if v[0] != '"' {
		return "", false, errNotString
	}
	s, ok := unquoteContent(v[1 : len(v)-1])
	if !ok {
		return "", false, errNotString
	}
	return s, true, nil
}

// unquoteContent decodes the content of a validated JSON string literal.
func unquoteContent(b []byte) (string, bool) {
	esc := false
	for _, c := range b {
		if c == '\\' {
			esc = true
			break
		}
	}
	if !esc {
		return string(b), true
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c != '\\' {
			out = append(out, c)
			continue
		}
		i++
		if i >= len(b) {
			return "", false
		}
		switch b[i] {
		case '"', '\\', '/':
			out = append(out, b[i])
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			if i+5 > len(b) {
				return "", false
			}
			r1, err := strconv.ParseUint(string(b[i+1:i+5]), 16, 32)
			if err != nil {
				return "", false
			}
			i += 4
			r := rune(r1)
			if utf16.IsSurrogate(r) {
				if i+7 <= len(b) && b[i+1] == '\\' && b[i+2] == 'u' {
					if r2, err := strconv.ParseUint(string(b[i+3:i+7]), 16, 32); err == nil {
						if dec := utf16.DecodeRune(r, rune(r2)); dec != utf8.RuneError {
							r = dec
							i += 6
						}
					}
				}
			}
			if utf16.IsSurrogate(r) {
				r = utf8.RuneError
			}
			out = utf8.AppendRune(out, r)
		default:
			return "", false
		}
	}
	return string(out), true
}
