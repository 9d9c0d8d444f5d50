package record

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
		got, err := CompactJSON(nil, b)
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
		sp := NewSplitter(bytes.NewReader(b))
		for i := 0; ; i++ {
			rec, _, err := sp.Next(nil)
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

// FuzzSkipPlainStringBytes: the eight-at-a-time skip stops exactly where
// the byte-by-byte definition does.
func FuzzSkipPlainStringBytes(f *testing.F) {
	f.Add([]byte(`abcdefghijklmnop"rest`), 0)
	f.Add([]byte("0123456789\x1fabcdefgh"), 3)
	f.Add([]byte("plain ascii text \\ then é"), 1)
	f.Fuzz(func(t *testing.T, b []byte, start int) {
		if start < 0 || start > len(b) {
			return
		}
		want := start
		for want < len(b) && plainStringByte[b[want]] {
			want++
		}
		if got := skipPlainStringBytes(b, start); got != want {
			t.Fatalf("skipPlainStringBytes(%q, %d) = %d, want %d", b, start, got, want)
		}
	})
}

// FuzzIndexQuoteOrBackslash: the word-at-a-time search and the vectorised
// one for long strings agree with the definition.
func FuzzIndexQuoteOrBackslash(f *testing.F) {
	for _, s := range []string{``, `abc"`, `abcdefg\`, `abcdefgh"`, `0123456789abcdef0123456789abcdef"`,
		`0123456789abcdef0123456789abcdef0123\"`, `0123456789abcdef0123456789abcdefXYZ`, "\x22\x5c", `é"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := indexQuoteOrBackslash(b), bytes.IndexAny(b, "\"\\"); got != want {
			t.Fatalf("indexQuoteOrBackslash(%q) = %d, want %d", b, got, want)
		}
	})
}
