package record

import (
	"strings"
	"unicode/utf8"

	"github.com/trailview/trailview/history"
)

// wordScanner collects the full-text words of compact records (the same
// words as forEachSearchedValue with forEachWord, which tv_text checks
// against) in one pass over the bytes: no value is cut out or decoded
// unless it holds an escape, and a word is copied only the first time the
// set sees it. Building the index's words took a sixth of a load's CPU
// the straightforward way.
type WordScanner struct {
	set   WordSet // the words of the current group's document
	buf   []byte  // the current word, lower-cased
	stack []bool  // open containers: true for an object
}

// asciiWordByte marks the ASCII letters and digits: one load per byte
// instead of three range tests.
var asciiWordByte = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = history.IsWordRune(rune(c))
	}
	return t
}()

// add collects the words of the compact record rec.
func (ws *WordScanner) Add(rec []byte) {
	ws.stack = ws.stack[:0]
	expectKey := false
	for i := 0; i < len(rec); {
		c := rec[i]
		switch c {
		case '{':
			ws.stack = append(ws.stack, true)
			expectKey = true
			i++
		case '[':
			ws.stack = append(ws.stack, false)
			expectKey = false
			i++
		case '}', ']':
			ws.stack = ws.stack[:max(len(ws.stack)-1, 0)]
			i++
		case ',':
			expectKey = len(ws.stack) > 0 && ws.stack[len(ws.stack)-1]
			i++
		case ':':
			expectKey = false
			i++
		case '"':
			end := skipString(rec, i)
			if expectKey {
				if len(ws.stack) == 1 && isOwnIDKey(rec[i+1:max(end-1, i+1)]) {
					// The value of the record's own eventID or requestID:
					// skip past the colon and the value.
					end = skipCompact(rec, end+1)
				}
				i = end
				continue
			}
			ws.text(rec[i+1 : max(end-1, i+1)])
			i = end
		case 't', 'f', 'n':
			i = skipCompact(rec, i)
		default:
			// A number: its literal text, as forEachValue gives it.
			end := skipCompact(rec, i)
			ws.text(rec[i:end])
			i = end
		}
	}
}

// text adds the words of the raw content of a string literal (or a
// number's text).
func (ws *WordScanner) text(b []byte) {
	for _, c := range b {
		if c == '\\' {
			if s, ok := unquoteContent(b); ok {
				history.ForEachWord(s, ws.word)
			}
			return
		}
	}
	start := -1
	ascii := true
	for i := 0; i < len(b); {
		c := b[i]
		size := 1
		isWord := false
		if c < utf8.RuneSelf {
			isWord = asciiWordByte[c]
		} else {
			var r rune
			r, size = utf8.DecodeRune(b[i:])
			isWord = history.IsWordRune(r)
		}
		if isWord {
			if start < 0 {
				start, ascii = i, true
			}
			if c >= utf8.RuneSelf {
				ascii = false
			}
		} else if start >= 0 {
			ws.emit(b[start:i], ascii)
			start = -1
		}
		i += size
	}
	if start >= 0 {
		ws.emit(b[start:], ascii)
	}
}

func (ws *WordScanner) emit(w []byte, ascii bool) {
	if !ascii {
		ws.word(strings.ToLower(string(w)))
		return
	}
	for i, c := range w {
		if c >= 'A' && c <= 'Z' {
			// Copied only when there is something to lower.
			ws.buf = append(ws.buf[:0], w...)
			for j := i; j < len(ws.buf); j++ {
				if c := ws.buf[j]; c >= 'A' && c <= 'Z' {
					ws.buf[j] = c + 'a' - 'A'
				}
			}
			w = ws.buf
			break
		}
	}
	ws.set.Add(w)
}

func (ws *WordScanner) word(w string) { ws.set.AddString(w) }

// Reset begins a new group's document.
func (ws *WordScanner) Reset() { ws.set.Reset() }

// Doc is the current group's document (WordSet.Doc).
func (ws *WordScanner) Doc() []byte { return ws.set.Doc() }
