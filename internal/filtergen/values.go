package filtergen

import (
	"bytes"
	"encoding/json"
	"sort"
	"strings"
)

// pathValues lists the text of every value at the dotted path in a
// record: strings decoded, numbers and booleans as written, an object at
// the end as its JSON; arrays along the way and at the end are entered,
// and null is no value.
func pathValues(rec []byte, path string) []string {
	var out []string
	values(rec, strings.Split(path, "."), func(s string) { out = append(out, s) })
	return out
}

func values(raw []byte, keys []string, fn func(string)) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return
	}
	if raw[0] == '[' {
		var els []json.RawMessage
		if json.Unmarshal(raw, &els) == nil {
			for _, el := range els {
				values(el, keys, fn)
			}
		}
		return
	}
	if len(keys) == 0 {
		switch {
		case string(raw) == "null":
		case raw[0] == '"':
			var s string
			if json.Unmarshal(raw, &s) == nil {
				fn(s)
			}
		default:
			fn(string(raw))
		}
		return
	}
	var obj map[string]json.RawMessage
	if raw[0] != '{' || json.Unmarshal(raw, &obj) != nil {
		return
	}
	if child, ok := obj[keys[0]]; ok {
		values(child, keys[1:], fn)
	}
}

// allStrings calls fn with every string value at any depth, keys in
// sorted order so that generated filters are the same from run to run.
func allStrings(raw []byte, fn func(string)) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return
	}
	switch raw[0] {
	case '"':
		var s string
		if json.Unmarshal(raw, &s) == nil {
			fn(s)
		}
	case '[':
		var els []json.RawMessage
		if json.Unmarshal(raw, &els) == nil {
			for _, el := range els {
				allStrings(el, fn)
			}
		}
	case '{':
		var obj map[string]json.RawMessage
		if json.Unmarshal(raw, &obj) == nil {
			keys := make([]string, 0, len(obj))
			for k := range obj {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				allStrings(obj[k], fn)
			}
		}
	}
}

// quoteValue writes a literal value: bare when that is unambiguous, else
// quoted with \ escapes. In a glob fragment (glob=true) the value is kept
// bare when possible so that the caller's wildcard stays active; quotes
// keep wildcards active as well.
func quoteValue(v string, glob bool) string {
	if v == "" {
		if glob {
			return ""
		}
		return `""`
	}
	var b strings.Builder
	needQuote := strings.HasPrefix(v, "-") || v == "AND" || v == "OR" || v == "NOT"
	for _, r := range v {
		switch {
		case r == '"' || r == '\\' || r == '*' || r == '?':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == ' ' || r == '(' || r == ')' || r == '\t':
			needQuote = true
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	if needQuote && !glob {
		return `"` + b.String() + `"`
	}
	if needQuote {
		// Escape the characters that would end a bare value.
		s := b.String()
		s = strings.NewReplacer(" ", `\ `, "(", `\(`, ")", `\)`, "\t", "\\\t").Replace(s)
		return s
	}
	return b.String()
}
