package record

import (
	"encoding/binary"
	"fmt"
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
