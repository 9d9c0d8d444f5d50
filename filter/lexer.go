package filter

import (
	"fmt"
	"unicode"
	"unicode/utf8"
)

// Limits that keep any input cheap to parse and the SQL small and shallow.
const (
	// MaxLength bounds the filter text in bytes. A filter people type is
	// a few dozen characters; 4 KiB leaves room for pasted IDs and ARNs.
	MaxLength = 4096
	// maxTerms bounds the number of terms: each becomes a subquery, and
	// SQLite caps expression depth at 1000.
	maxTerms = 128
	// maxDepth bounds nesting of parentheses and negations.
	maxDepth = 32
)

// span is a stretch of the input in runes: col is 1-based.
type span struct{ col, len int }

func spanOf(start, end int) span { return span{col: start + 1, len: end - start} }

type tokKind int

const (
	tEOF tokKind = iota
	tLParen
	tRParen
	tNeg // a '-' glued to the term after it
	tAnd
	tOr
	tNot
	tTerm
)

// value is a value (or bare word) as typed, escapes resolved.
type value struct {
	text   string
	quoted bool
	// wild counts active wildcards (* and ?) and escWild escaped ones
	// (\* and \?), which stand for themselves.
	wild, escWild int
	// starEnd is true when the text ends with an active '*'.
	starEnd bool
	span    span
}

// token is one lexical unit. A term has an optional field (hasField) and
// a value; a bare word or phrase has only the value.
type token struct {
	kind      tokKind
	span      span
	hasField  bool
	field     string
	fieldSpan span
	val       value
}

type lexer struct {
	in  []rune
	pos int
}

// CheckText reports what makes text unusable as a filter whatever its
// syntax: longer than MaxLength bytes, not UTF-8, or holding a control
// character. Compile runs it first; the UI runs it on pasted text, so the
// bar refuses exactly what the command line refuses. The error is an
// *Error.
func CheckText(text string) error {
	if len(text) > MaxLength {
		col := utf8.RuneCountInString(text[:MaxLength]) + 1
		return &Error{Column: col, Length: 1,
			Msg: fmt.Sprintf("filter is longer than %d bytes", MaxLength)}
	}
	if !utf8.ValidString(text) {
		col := 1
		for i := 0; i < len(text); col++ {
			r, n := utf8.DecodeRuneInString(text[i:])
			if r == utf8.RuneError && n == 1 {
				break
			}
			i += n
		}
		return &Error{Column: col, Length: 1, Msg: "filter is not valid UTF-8"}
	}
	col := 0
	for _, r := range text {
		col++
		if r != '\t' && r != '\n' && r != '\r' && unicode.IsControl(r) {
			return errAt(span{col, 1}, "control character %U is not allowed", r)
		}
	}
	return nil
}

// lex splits the text into tokens, or reports the first lexical error.
func lex(text string) ([]token, error) {
	if err := CheckText(text); err != nil {
		return nil, err
	}
	l := &lexer{in: []rune(text)}
	var toks []token
	for {
		t, err := l.next()
		if err != nil {
			return nil, err
		}
		toks = append(toks, t)
		if t.kind == tEOF {
			return toks, nil
		}
	}
}

func isSpace(r rune) bool { return unicode.IsSpace(r) }

func (l *lexer) peek(off int) (rune, bool) {
	if l.pos+off >= len(l.in) {
		return 0, false
	}
	return l.in[l.pos+off], true
}

func (l *lexer) next() (token, error) {
	for l.pos < len(l.in) && isSpace(l.in[l.pos]) {
		l.pos++
	}
	start := l.pos
	r, ok := l.peek(0)
	if !ok {
		return token{kind: tEOF, span: span{start + 1, 1}}, nil
	}
	switch r {
	case '(':
		l.pos++
		return token{kind: tLParen, span: spanOf(start, l.pos)}, nil
	case ')':
		l.pos++
		return token{kind: tRParen, span: spanOf(start, l.pos)}, nil
	case '-':
		n, ok := l.peek(1)
		if !ok || isSpace(n) || n == ')' {
			return token{}, errAt(spanOf(start, start+1), "nothing to exclude after -").
				hint(`put the term right after it, as in -error:*, or quote a literal "-"`)
		}
		l.pos++
		return token{kind: tNeg, span: spanOf(start, l.pos)}, nil
	case '"':
		v, err := l.quoted()
		if err != nil {
			return token{}, err
		}
		return token{kind: tTerm, span: v.span, val: v}, nil
	}
	head, stop, err := l.bare(true)
	if err != nil {
		return token{}, err
	}
	if stop != ':' {
		t := token{kind: tTerm, span: head.span, val: head}
		if head.wild == 0 && head.escWild == 0 && !head.quoted && l.plain(start) {
			switch head.text {
			case "AND":
				t.kind = tAnd
			case "OR":
				t.kind = tOr
			case "NOT":
				t.kind = tNot
			}
		}
		return t, nil
	}
	// field:value
	fieldSpan := head.span
	if head.text == "" {
		return token{}, errAt(spanOf(start, start+1), "missing field name before :")
	}
	l.pos++ // ':'
	var v value
	if r, ok := l.peek(0); ok && r == '"' {
		v, err = l.quoted()
	} else {
		v, _, err = l.bare(false)
	}
	if err != nil {
		return token{}, err
	}
	if v.text == "" && !v.quoted {
		return token{}, errAt(spanOf(start, l.pos), "missing value after %s:", head.text).
			hint(`use %s:* for "has a value" or %s:"" for "has none"`, head.text, head.text)
	}
	return token{kind: tTerm, span: spanOf(start, l.pos), hasField: true,
		field: head.text, fieldSpan: fieldSpan, val: v}, nil
}

// plain reports whether the input from start to the current position has
// no backslash, so that \AND is the word "AND", not the operator.
func (l *lexer) plain(start int) bool {
	for _, r := range l.in[start:l.pos] {
		if r == '\\' {
			return false
		}
	}
	return true
}

// bare reads an unquoted word or value. In a head (the part that may be a
// field name) an unescaped ':' also ends it; it returns the rune it
// stopped at (0 at the end of input).
func (l *lexer) bare(head bool) (value, rune, error) {
	start := l.pos
	var out []rune
	v := value{}
	for l.pos < len(l.in) {
		r := l.in[l.pos]
		if isSpace(r) || r == '(' || r == ')' {
			break
		}
		if head && r == ':' {
			v.text, v.span = string(out), spanOf(start, l.pos)
			return v, ':', nil
		}
		if r == '"' {
			return v, 0, errAt(spanOf(l.pos, l.pos+1), "unexpected quote inside a word").
				hint(`quote the whole value, as in user:"a b", or escape it as \"`)
		}
		if r == '\\' {
			if l.pos+1 >= len(l.in) {
				return v, 0, errAt(spanOf(l.pos, l.pos+1), "nothing to escape after \\")
			}
			l.pos++
			r = l.in[l.pos]
			if r == '*' || r == '?' {
				v.escWild++
			}
			out = append(out, r)
			v.starEnd = false
			l.pos++
			continue
		}
		if r == '*' || r == '?' {
			v.wild++
		}
		v.starEnd = r == '*'
		out = append(out, r)
		l.pos++
	}
	v.text, v.span = string(out), spanOf(start, l.pos)
	var stop rune
	if l.pos < len(l.in) {
		stop = l.in[l.pos]
	}
	return v, stop, nil
}

// quoted reads a "..." string; backslash escapes the next character.
func (l *lexer) quoted() (value, error) {
	start := l.pos
	l.pos++ // opening quote
	var out []rune
	v := value{quoted: true}
	for l.pos < len(l.in) {
		r := l.in[l.pos]
		switch r {
		case '"':
			l.pos++
			v.text, v.span = string(out), spanOf(start, l.pos)
			return v, nil
		case '\\':
			if l.pos+1 >= len(l.in) {
				return v, errAt(spanOf(start, len(l.in)), "unterminated quoted string")
			}
			l.pos++
			r = l.in[l.pos]
			if r == '*' || r == '?' {
				v.escWild++
			}
			v.starEnd = false
		default:
			if r == '*' || r == '?' {
				v.wild++
			}
			v.starEnd = r == '*'
		}
		out = append(out, r)
		l.pos++
	}
	return v, errAt(spanOf(start, len(l.in)), "unterminated quoted string").hint(`close it with "`)
}
