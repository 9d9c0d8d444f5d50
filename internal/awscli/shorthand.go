package awscli

import (
	"fmt"
	"strings"
)

// parseShorthand parses one shorthand value such as
// "AttributeKey=EventName,AttributeValue=RunInstances" following the
// grammar of awscli/shorthand.py:
//
//	parameter = keyval *("," keyval)
//	keyval    = key "=" [values]
//	values    = csv-list / explicit-list / hash-literal
//
// An unquoted value runs to the next comma (write "\," for a literal
// comma, or quote the value); "a,b" after a key is a list of two values,
// unless "b" is followed by "=", which starts the next key. Trailing
// spaces of unquoted values are dropped. Keys repeated in one value are an
// error, as in the CLI.
func parseShorthand(in string) (object, error) {
	p := &shParser{in: []rune(in)}
	var out object
	for {
		start := p.i
		key, val, err := p.keyval()
		if err != nil {
			return nil, err
		}
		if _, dup := out.get(key); dup {
			return nil, p.duplicate(key, start)
		}
		out = append(out, member{key, val})
		if p.eof() {
			return out, nil
		}
		if err := p.expect(',', true); err != nil {
			return nil, err
		}
	}
}

type shParser struct {
	in []rune
	i  int
}

func (p *shParser) eof() bool     { return p.i >= len(p.in) }
func (p *shParser) current() rune { return p.in[p.i] }

func (p *shParser) skipSpace() {
	for !p.eof() && isSpace(p.current()) {
		p.i++
	}
}

func isSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' || r == '\v'
}

// syntaxError renders the CLI's ShorthandParseSyntaxError: what was
// expected, what came, and a caret under the position.
func (p *shParser) syntaxError(expected string) error {
	actual := "EOF"
	if !p.eof() {
		actual = string(p.current())
	}
	return &shorthandError{msg: fmt.Sprintf("Expected: '%s', received: '%s' for input:\n%s", expected, actual, p.caret(p.i))}
}

func (p *shParser) duplicate(key string, at int) error {
	return &shorthandError{msg: fmt.Sprintf("Second instance of key \"%s\" encountered for input:\n%s\n"+
		"This is often because there is a preceding \",\" instead of a space.", key, p.caret(at))}
}

// caret shows the input with a ^ under rune position at; for input
// spanning lines, only the line holding the position.
func (p *shParser) caret(at int) string {
	consumed := string(p.in[:min(at, len(p.in))])
	rest := string(p.in[min(at, len(p.in)):])
	if nl := strings.LastIndexByte(consumed, '\n'); nl >= 0 {
		consumed = consumed[nl+1:]
	}
	if nl := strings.IndexByte(rest, '\n'); nl >= 0 {
		rest = rest[:nl]
	}
	return consumed + rest + "\n" + strings.Repeat(" ", len([]rune(consumed))) + "^"
}

type shorthandError struct{ msg string }

func (e *shorthandError) Error() string { return e.msg }

func (p *shParser) expect(r rune, space bool) error {
	if space {
		p.skipSpace()
	}
	if p.eof() || p.current() != r {
		return p.syntaxError(string(r))
	}
	p.i++
	if space {
		p.skipSpace()
	}
	return nil
}

func (p *shParser) keyval() (string, any, error) {
	key := p.key()
	if err := p.expect('=', true); err != nil {
		return "", nil, err
	}
	val, err := p.values()
	return key, val, err
}

func (p *shParser) key() string {
	start := p.i
	for !p.eof() && isKeyRune(p.current()) {
		p.i++
	}
	return string(p.in[start:p.i])
}

func isKeyRune(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_.#/:", r)
}

func (p *shParser) values() (any, error) {
	switch {
	case p.eof():
		return "", nil
	case p.current() == '[':
		return p.explicitList()
	case p.current() == '{':
		return p.hash()
	}
	return p.csvValue()
}

func (p *shParser) csvValue() (any, error) {
	first, err := p.firstValue()
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.eof() || p.current() != ',' {
		return first, nil
	}
	if err := p.expect(',', true); err != nil {
		return nil, err
	}
	list := []any{first}
	for {
		mark := p.i
		v, err := p.secondValue()
		if err == nil {
			p.skipSpace()
			if p.eof() {
				list = append(list, v)
				break
			}
			err = p.expect(',', true)
			if err == nil {
				list = append(list, v)
				continue
			}
		}
		if p.eof() {
			return nil, err
		}
		// What followed the comma was the next key: give the comma back.
		p.i = mark
		for p.i > 0 && p.in[p.i] != ',' {
			p.i--
		}
		break
	}
	if len(list) == 1 {
		return first, nil
	}
	return list, nil
}

// Characters allowed in unquoted values (awscli shorthand _START_WORD,
// _FIRST_FOLLOW_CHARS, _SECOND_FOLLOW_CHARS).
func startRune(r rune) bool  { return !isSpace(r) && !strings.ContainsRune(`"',=[{`, r) }
func firstRune(r rune) bool  { return !strings.ContainsRune(`"',]}`, r) }
func secondRune(r rune) bool { return !strings.ContainsRune(`"',=`, r) }

func (p *shParser) firstValue() (any, error) {
	if p.eof() {
		return "", nil
	}
	switch p.current() {
	case '"', '\'':
		return p.quoted()
	case '{':
		return p.hash()
	case '[':
		return p.explicitList()
	}
	return p.unquoted(firstRune, "first-value")
}

func (p *shParser) secondValue() (any, error) {
	if p.eof() {
		return nil, p.syntaxError("second-value")
	}
	switch p.current() {
	case '"', '\'':
		return p.quoted()
	}
	return p.unquoted(secondRune, "second-value")
}

// unquoted consumes a run of allowed runes, where "\," is a comma.
func (p *shParser) unquoted(follow func(rune) bool, what string) (any, error) {
	var b strings.Builder
	start := p.i
	for !p.eof() {
		r := p.current()
		if r == '\\' && p.i+1 < len(p.in) && p.in[p.i+1] == ',' {
			b.WriteRune(',')
			p.i += 2
			continue
		}
		if p.i == start && !startRune(r) || p.i > start && !follow(r) {
			break
		}
		b.WriteRune(r)
		p.i++
	}
	if p.i == start {
		return nil, p.syntaxError(what)
	}
	return strings.TrimRight(b.String(), " \t\n\r\f\v"), nil
}

// quoted reads '...' or "..." where a backslash escapes the quote or itself.
func (p *shParser) quoted() (any, error) {
	q := p.current()
	start := p.i
	p.i++
	var b strings.Builder
	for !p.eof() {
		r := p.current()
		if r == '\\' && p.i+1 < len(p.in) && (p.in[p.i+1] == q || p.in[p.i+1] == '\\') {
			b.WriteRune(p.in[p.i+1])
			p.i += 2
			continue
		}
		if r == q {
			p.i++
			return b.String(), nil
		}
		b.WriteRune(r)
		p.i++
	}
	p.i = start
	return nil, p.syntaxError(string(q) + "...")
}

func (p *shParser) explicitList() (any, error) {
	if err := p.expect('[', true); err != nil {
		return nil, err
	}
	list := []any{}
	for !p.eof() && p.current() != ']' {
		var v any
		var err error
		switch p.current() {
		case '[':
			v, err = p.explicitList()
		case '{':
			v, err = p.hash()
		case '"', '\'':
			v, err = p.quoted()
		default:
			v, err = p.unquoted(func(r rune) bool { return !strings.ContainsRune(`"',]}[{`, r) }, "value")
		}
		if err != nil {
			return nil, err
		}
		list = append(list, v)
		p.skipSpace()
		if !p.eof() && p.current() == ',' {
			p.i++
			p.skipSpace()
		}
	}
	if err := p.expect(']', true); err != nil {
		return nil, err
	}
	return list, nil
}

func (p *shParser) hash() (any, error) {
	if err := p.expect('{', true); err != nil {
		return nil, err
	}
	var out object
	for !p.eof() && p.current() != '}' {
		key := p.key()
		if err := p.expect('=', true); err != nil {
			return nil, err
		}
		var v any
		var err error
		switch {
		case p.eof():
			return nil, p.syntaxError("}")
		case p.current() == '[':
			v, err = p.explicitList()
		case p.current() == '{':
			v, err = p.hash()
		case p.current() == '"' || p.current() == '\'':
			v, err = p.quoted()
		default:
			v, err = p.unquoted(func(r rune) bool { return !strings.ContainsRune(`"',]}[{`, r) }, "value")
		}
		if err != nil {
			return nil, err
		}
		out = append(out, member{key, v})
		p.skipSpace()
		if !p.eof() && p.current() == ',' {
			p.i++
			p.skipSpace()
		}
	}
	if err := p.expect('}', true); err != nil {
		return nil, err
	}
	if out == nil {
		out = object{}
	}
	return out, nil
}
