package record

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math/bits"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

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
