package assets

import (
	"strconv"
	"unicode/utf8"
)

// jw appends JSON to a byte slice in the exact key order it is given, which
// is how CloudTrail writes records. encoding/json would either sort map keys
// or cost a struct per record shape; appending keeps a million padded records
// cheap and the order under our control.
type jw struct {
	b     []byte
	comma []bool // per open container: an element was written
}

func (w *jw) reset() {
	w.b = w.b[:0]
	w.comma = w.comma[:0]
}

func (w *jw) sep() {
	if n := len(w.comma); n > 0 {
		if w.comma[n-1] {
			w.b = append(w.b, ',')
		}
		w.comma[n-1] = true
	}
}

// key writes an object key. Keys are this package's own constants, plain
// ASCII with nothing to escape, so they are copied as they are.
func (w *jw) key(k string) {
	w.sep()
	w.b = append(w.b, '"')
	w.b = append(w.b, k...)
	w.b = append(w.b, '"', ':')
}

// open starts an object; as an array element when k is "".
func (w *jw) open(k string) {
	if k == "" {
		w.sep()
	} else {
		w.key(k)
	}
	w.b = append(w.b, '{')
	w.comma = append(w.comma, false)
}

func (w *jw) close() {
	w.b = append(w.b, '}')
	w.comma = w.comma[:len(w.comma)-1]
}

func (w *jw) openArr(k string) {
	if k == "" {
		w.sep()
	} else {
		w.key(k)
	}
	w.b = append(w.b, '[')
	w.comma = append(w.comma, false)
}

func (w *jw) closeArr() {
	w.b = append(w.b, ']')
	w.comma = w.comma[:len(w.comma)-1]
}

func (w *jw) str(k, v string) {
	w.key(k)
	w.b = appendJSONString(w.b, v)
}

// elem writes a string array element.
func (w *jw) elem(v string) {
	w.sep()
	w.b = appendJSONString(w.b, v)
}

func (w *jw) int(k string, v int64) {
	w.key(k)
	w.b = strconv.AppendInt(w.b, v, 10)
}

func (w *jw) float(k string, v float64) {
	w.key(k)
	w.b = strconv.AppendFloat(w.b, v, 'f', -1, 64)
}

func (w *jw) bool(k string, v bool) {
	w.key(k)
	w.b = strconv.AppendBool(w.b, v)
}

func (w *jw) null(k string) {
	w.key(k)
	w.b = append(w.b, "null"...)
}

// raw writes already encoded JSON.
func (w *jw) raw(k string, v []byte) {
	w.key(k)
	w.b = append(w.b, v...)
}

const hexDigits = "0123456789abcdef"

// appendJSONString quotes s the way AWS does: '<', '>' and '&' stay as they
// are, control characters and invalid UTF-8 are escaped or replaced.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i++
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
