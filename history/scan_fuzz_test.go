package history

import (
	"bytes"
	"encoding/json"
	"io"
	"testing"
	"unicode/utf8"
)

// skipStringByByte is the plain definition skipString's IndexByte jumps
// must agree with.
func skipStringByByte(b []byte, i int) int {
	i++
	for i < len(b) {
		switch b[i] {
		case '\\':
			i += 2
		case '"':
			return i + 1
		default:
			i++
		}
	}
	return i
}

func FuzzSkipString(f *testing.F) {
	for _, s := range []string{`"abc"`, `"a\"b"x`, `"a\\"b"`, `"\`, `"abc\`, `"x\\\""`, `""`, `"é\u00e9"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) == 0 {
			return
		}
		if got, want := skipString(b, 0), skipStringByByte(b, 0); got != want {
			t.Fatalf("skipString(%q) = %d, byte by byte %d", b, got, want)
		}
	})
}

// FuzzCompactAndSplit checks the fast paths of the compactor and the
// splitter against encoding/json: what compactJSON accepts is valid JSON
// and compacts to what json.Compact gives, and the splitter hands back a
// top-level array's elements whole.
func FuzzCompactAndSplit(f *testing.F) {
	for _, s := range []string{`{"a": "b c", "d": [1, 2, {"e": "\"q\\"}]}`, `[ "x\u0041" , {"k":"v\\"} ]`,
		"{\"s\":\"caf\xc3\xa9 \\n\"}", `{"a":"unterminated`, `[{"a":1},{"b":"]"}]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := compactJSON(nil, b)
		if err == nil {
			var want bytes.Buffer
			if e := json.Compact(&want, b); e != nil {
				t.Fatalf("compactJSON accepted %q, which encoding/json refuses: %v", b, e)
			}
			if !bytes.Equal(got, want.Bytes()) {
				t.Fatalf("compactJSON(%q) = %q, json.Compact %q", b, got, want.Bytes())
			}
		} else if json.Valid(b) && utf8.Valid(b) && !bytes.Contains(b, []byte(`\u`)) && len(b) < 1000 {
			// Depth and \u-escape checks are the compactor's own rules.
			if !bytes.Contains(b, bytes.Repeat([]byte("["), maxJSONDepth)) && !bytes.Contains(b, bytes.Repeat([]byte("{"), maxJSONDepth)) {
				t.Fatalf("compactJSON refused valid %q: %v", b, err)
			}
		}
		var elems []json.RawMessage
		if json.Unmarshal(b, &elems) != nil || len(b) > 0 && b[0] != '[' {
			return
		}
		sp := newSplitter(bytes.NewReader(b))
		for i := 0; ; i++ {
			rec, _, err := sp.next(nil)
			if err == io.EOF {
				if i != len(elems) {
					t.Fatalf("split %q into %d values, want %d", b, i, len(elems))
				}
				return
			}
			if err != nil {
				return // the splitter refuses some shapes (a scalar element, say) that are valid JSON
			}
			if i >= len(elems) {
				t.Fatalf("split %q into more than %d values", b, len(elems))
			}
			var wantC, gotC bytes.Buffer
			json.Compact(&wantC, elems[i])
			if json.Compact(&gotC, rec) != nil || !bytes.Equal(gotC.Bytes(), wantC.Bytes()) {
				t.Fatalf("element %d of %q: got %q, want %q", i, b, rec, elems[i])
			}
		}
	})
}
