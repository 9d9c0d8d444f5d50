package awscli

import (
	"bufio"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Member is one key of an Object.
type Member struct {
	Key   string
	Value any
}

// Object is a JSON object whose members print in the order given: the CLI
// prints response members in the order of the service model's shapes.
// Values are Object, []any, string, int, float64, bool or nil.
type Object []Member

// FormatTime renders a response timestamp as CLI v2 does with its default
// cli_timestamp_format iso8601: Python's datetime.isoformat() in the local
// zone loc, "+00:00" rather than "Z", microseconds only when non-zero.
func FormatTime(t time.Time, loc *time.Location) string {
	if loc == nil {
		loc = time.UTC
	}
	t = t.In(loc)
	layout := "2006-01-02T15:04:05"
	if us := t.Nanosecond() / 1000; us != 0 {
		layout += ".000000"
	}
	s := t.Format(layout)
	_, off := t.Zone()
	sign := '+'
	if off < 0 {
		sign, off = '-', -off
	}
	s += string(sign) + pad2(off/3600) + ":" + pad2(off%3600/60)
	if sec := off % 60; sec != 0 {
		s += ":" + pad2(sec)
	}
	return s
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// WriteJSON writes v as the CLI's json output does: Python's json.dumps
// with indent=4 and ensure_ascii=False, then a newline.
func WriteJSON(w io.Writer, v any) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	writeJSONValue(bw, v, 0)
	bw.WriteByte('\n')
	return bw.Flush()
}

func indent(w *bufio.Writer, depth int) {
	w.WriteByte('\n')
	for i := 0; i < depth; i++ {
		w.WriteString("    ")
	}
}

func writeJSONValue(w *bufio.Writer, v any, depth int) {
	switch x := v.(type) {
	case nil:
		w.WriteString("null")
	case string:
		writeJSONString(w, x)
	case bool:
		w.WriteString(strconv.FormatBool(x))
	case int:
		w.WriteString(strconv.Itoa(x))
	case int64:
		w.WriteString(strconv.FormatInt(x, 10))
	case float64:
		w.WriteString(strconv.FormatFloat(x, 'g', -1, 64))
	case []any:
		if len(x) == 0 {
			w.WriteString("[]")
			return
		}
		w.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				w.WriteByte(',')
			}
			indent(w, depth+1)
			writeJSONValue(w, e, depth+1)
		}
		indent(w, depth)
		w.WriteByte(']')
	case Object:
		if len(x) == 0 {
			w.WriteString("{}")
			return
		}
		w.WriteByte('{')
		for i, m := range x {
			if i > 0 {
				w.WriteByte(',')
			}
			indent(w, depth+1)
			writeJSONString(w, m.Key)
			w.WriteString(": ")
			writeJSONValue(w, m.Value, depth+1)
		}
		indent(w, depth)
		w.WriteByte('}')
	default:
		writeJSONString(w, "<unsupported>")
	}
}

// writeJSONString escapes as Python's json module does with
// ensure_ascii=False: the two-character escapes for quote, backslash and
// \b \f \n \r \t, \u00XX (lower-case hex) for other control characters,
// everything else raw. Invalid UTF-8 becomes U+FFFD.
func writeJSONString(w *bufio.Writer, s string) {
	w.WriteByte('"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch c {
			case '"':
				w.WriteString(`\"`)
			case '\\':
				w.WriteString(`\\`)
			case '\n':
				w.WriteString(`\n`)
			case '\r':
				w.WriteString(`\r`)
			case '\t':
				w.WriteString(`\t`)
			case '\b':
				w.WriteString(`\b`)
			case '\f':
				w.WriteString(`\f`)
			default:
				if c < 0x20 {
					w.WriteString(`\u00`)
					w.WriteByte("0123456789abcdef"[c>>4])
					w.WriteByte("0123456789abcdef"[c&15])
				} else {
					w.WriteByte(c)
				}
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			w.WriteRune(utf8.RuneError)
		} else {
			w.WriteString(s[i : i+size])
		}
		i += size
	}
	w.WriteByte('"')
}

// WriteText writes v as the CLI's text output does (awscli/text.py):
// per object, one tab-separated line of its scalar members in sorted key
// order, prefixed by the upper-cased name of the list holding it, then its
// list and object members, sorted by key. In a list of objects every line
// has a column for each scalar key seen in the list ("None" when absent).
func WriteText(w io.Writer, v any) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	formatText(bw, v, "", nil)
	return bw.Flush()
}

func isScalar(v any) bool {
	switch v.(type) {
	case Object, []any:
		return false
	}
	return true
}

func textScalar(v any) string {
	switch x := v.(type) {
	case nil:
		return "None"
	case string:
		return x
	case bool:
		if x {
			return "True"
		}
		return "False"
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return pyRepr(x)
	}
	return ""
}

// formatText follows awscli/text.py's _format_text: objects, lists and
// scalars each have their own layout, and members nest by recursion.
func formatText(w *bufio.Writer, v any, ident string, scalarKeys []string) {
	switch x := v.(type) {
	case Object:
		formatTextObject(w, x, ident, scalarKeys)
	case []any:
		formatTextList(w, x, ident)
	default:
		w.WriteString(textScalar(x))
		w.WriteByte('\n')
	}
}

// textMember is an object member that is not written on the object's own
// line: a list or an object, written after it.
type textMember struct {
	key string
	val any
}

// formatTextObject writes one line of the object's scalars, then its other
// members. scalarKeys, set for an object inside a list of objects, fixes
// the columns so that every row of the list lines up.
func formatTextObject(w *bufio.Writer, x Object, ident string, scalarKeys []string) {
	var scalars []string
	var rest []textMember
	if scalarKeys == nil {
		scalars, rest = sortedTextMembers(x)
	} else {
		scalars, rest = columnTextMembers(x, scalarKeys)
	}
	writeTextRow(w, ident, scalars)
	for _, p := range rest {
		formatText(w, p.val, p.key, nil)
	}
}

// sortedTextMembers splits an object's members, in sorted key order, into
// the scalars of its line and the rest.
func sortedTextMembers(x Object) (scalars []string, rest []textMember) {
	sorted := append(Object(nil), x...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Key < sorted[j].Key })
	for _, m := range sorted {
		if isScalar(m.Value) {
			scalars = append(scalars, textScalar(m.Value))
		} else {
			rest = append(rest, textMember{m.Key, m.Value})
		}
	}
	return scalars, rest
}

// columnTextMembers is the line of an object in a list of objects: one
// column per key of scalarKeys ("None" where the object lacks it), then
// every other member in sorted key order.
func columnTextMembers(x Object, scalarKeys []string) (scalars []string, rest []textMember) {
	have := map[string]any{}
	for _, m := range x {
		have[m.Key] = m.Value
	}
	inKeys := map[string]bool{}
	for _, k := range scalarKeys {
		scalars = append(scalars, textScalar(have[k]))
		inKeys[k] = true
	}
	var keys []string
	for k := range have {
		if !inKeys[k] {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		rest = append(rest, textMember{k, have[k]})
	}
	return scalars, rest
}

// formatTextList writes a list: a list holding any object has its objects
// written as aligned rows; any other list has one line of its scalars, then
// its nested lists.
func formatTextList(w *bufio.Writer, x []any, ident string) {
	if len(x) == 0 {
		return
	}
	hasObj := false
	for _, e := range x {
		if _, ok := e.(Object); ok {
			hasObj = true
		}
	}
	if hasObj {
		keys := allScalarKeys(x)
		for _, e := range x {
			formatText(w, e, ident, keys)
		}
		return
	}
	var scalars []string
	for _, e := range x {
		if isScalar(e) {
			scalars = append(scalars, textScalar(e))
		}
	}
	writeTextRow(w, ident, scalars)
	for _, e := range x {
		if !isScalar(e) {
			formatText(w, e, ident, nil)
		}
	}
}

// writeTextRow writes one tab-separated line, prefixed by the upper-cased
// name of the list holding it; no scalars, no line.
func writeTextRow(w *bufio.Writer, ident string, scalars []string) {
	if len(scalars) == 0 {
		return
	}
	if ident != "" {
		scalars = append([]string{strings.ToUpper(ident)}, scalars...)
	}
	w.WriteString(strings.Join(scalars, "\t"))
	w.WriteByte('\n')
}

func allScalarKeys(list []any) []string {
	seen := map[string]bool{}
	for _, e := range list {
		if o, ok := e.(Object); ok {
			for _, m := range o {
				if isScalar(m.Value) {
					seen[m.Key] = true
				}
			}
		}
	}
	keys := make([]string, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
