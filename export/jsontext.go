package export

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"

	"github.com/trailview/trailview/history"
)

// appendResourcesJSON appends the console CSV's Resources cell: a compact
// JSON array of {"resourceType":...,"resourceName":...} objects, "[]" when
// there are none (spec 4.3.1). A resource whose type AWS could not tell
// has no resourceType key [U: the console serializes the API answer, in
// which an unknown type is absent, and JSON.stringify drops absent keys].
func appendResourcesJSON(dst []byte, rs []history.Resource) []byte {
	dst = append(dst, '[')
	for i, r := range rs {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, '{')
		if r.Type != "" {
			dst = append(dst, `"resourceType":`...)
			dst = appendJSONString(dst, r.Type)
			dst = append(dst, ',')
		}
		dst = append(dst, `"resourceName":`...)
		dst = appendJSONString(dst, r.Name)
		dst = append(dst, '}')
	}
	return append(dst, ']')
}

// appendJSONString appends s as a JSON string the way JavaScript's
// JSON.stringify writes it, which is what the console's CSV holds: only
// '"', '\\' and control characters are escaped (\b \f \n \r \t, others as
// lower-case \u00xx); '<', '>', '&' and non-ASCII text stay as they are,
// unlike Go's encoding/json. Invalid UTF-8 becomes U+FFFD so the cell
// stays valid JSON.
func appendJSONString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"':
				dst = append(dst, '\\', '"')
			case c == '\\':
				dst = append(dst, '\\', '\\')
			case c == '\b':
				dst = append(dst, '\\', 'b')
			case c == '\f':
				dst = append(dst, '\\', 'f')
			case c == '\n':
				dst = append(dst, '\\', 'n')
			case c == '\r':
				dst = append(dst, '\\', 'r')
			case c == '\t':
				dst = append(dst, '\\', 't')
			case c < 0x20:
				dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			default:
				dst = append(dst, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, "\uFFFD"...)
		} else {
			dst = append(dst, s[i:i+size]...)
		}
		i += size
	}
	return append(dst, '"')
}

// errorMessage is the record's top-level errorMessage. Services put free
// text there (sometimes long encoded authorization messages); a value that
// is not a string is given as its JSON text.
func errorMessage(e *history.Event) string {
	v := topLevelField(e.Raw, "errorMessage")
	if len(v) == 0 || string(v) == "null" {
		return ""
	}
	var s string
	if v[0] == '"' && json.Unmarshal(v, &s) == nil {
		return s
	}
	return string(v)
}

// topLevelField returns the raw JSON value of key in a record object, or
// nil. Keys compare exactly (encoding/json's struct matching would fold
// case and could pick a different key).
func topLevelField(rec []byte, key string) json.RawMessage {
	if len(rec) == 0 {
		return nil
	}
	// A quick test avoids decoding the records that cannot have the key.
	if !bytes.Contains(rec, []byte(`"`+key+`"`)) {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(rec))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil
		}
		k, _ := t.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil
		}
		if k == key {
			return v
		}
	}
	return nil
}
