package filter

// The grammar, loosest binding first:
//
//	or    = and { "OR" and }
//	and   = unary { ["AND"] unary }        juxtaposition means AND
//	unary = ("NOT" | "-") unary | "(" or ")" | term
//	term  = field ":" value | word | "quoted phrase"
//
// Operators are upper case, as in most search languages, so that the
// words "and", "or" and "not" can still be searched for.

type node interface{ nodeSpan() span }

type andNode struct {
	kids []node
	sp   span
}

type orNode struct {
	kids []node
	sp   span
}

type notNode struct {
	kid node
	sp  span
}

type termNode struct{ tok token }

func (n *andNode) nodeSpan() span  { return n.sp }
func (n *orNode) nodeSpan() span   { return n.sp }
func (n *notNode) nodeSpan() span  { return n.sp }
func (n *termNode) nodeSpan() span { return n.tok.span }

func join(a, b span) span {
	end := max(a.col+a.len, b.col+b.len)
	return span{col: a.col, len: end - a.col}
}

type parser struct {
	toks  []token
	i     int
	depth int
	terms int
}

// parse returns the tree of a filter, or nil for an empty one.
func parse(text string) (node, error) {
	toks, err := lex(text)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks}
	if p.cur().kind == tEOF {
		return nil, nil
	}
	n, err := p.or()
	if err != nil {
		return nil, err
	}
	if t := p.cur(); t.kind != tEOF {
		if t.kind == tRParen {
			return nil, errAt(t.span, "unmatched )")
		}
		return nil, errAt(t.span, "unexpected %s", describe(t))
	}
	return n, nil
}

func (p *parser) cur() token { return p.toks[p.i] }

func (p *parser) advance() token {
	t := p.toks[p.i]
	if t.kind != tEOF {
		p.i++
	}
	return t
}

func describe(t token) string {
	switch t.kind {
	case tEOF:
		return "end of filter"
	case tLParen:
		return "("
	case tRParen:
		return ")"
	case tNeg:
		return "-"
	case tAnd:
		return "AND"
	case tOr:
		return "OR"
	case tNot:
		return "NOT"
	}
	return "term"
}

func (p *parser) or() (node, error) {
	first, err := p.and()
	if err != nil {
		return nil, err
	}
	kids := []node{first}
	for p.cur().kind == tOr {
		op := p.advance()
		if k := p.cur().kind; k == tEOF || k == tRParen || k == tOr || k == tAnd {
			return nil, errAt(op.span, "OR needs a term after it")
		}
		n, err := p.and()
		if err != nil {
			return nil, err
		}
		kids = append(kids, n)
	}
	if len(kids) == 1 {
		return first, nil
	}
	return &orNode{kids: kids, sp: join(first.nodeSpan(), kids[len(kids)-1].nodeSpan())}, nil
}

func startsUnary(k tokKind) bool {
	return k == tTerm || k == tLParen || k == tNeg || k == tNot
}

func (p *parser) and() (node, error) {
	first, err := p.unary()
	if err != nil {
		return nil, err
	}
	kids := []node{first}
	for {
		k := p.cur().kind
		if k == tAnd {
			op := p.advance()
			if !startsUnary(p.cur().kind) {
				return nil, errAt(op.span, "AND needs a term after it")
			}
		} else if !startsUnary(k) {
			break
		}
		n, err := p.unary()
		if err != nil {
			return nil, err
		}
		kids = append(kids, n)
	}
	if len(kids) == 1 {
		return first, nil
	}
	return &andNode{kids: kids, sp: join(first.nodeSpan(), kids[len(kids)-1].nodeSpan())}, nil
}

func (p *parser) unary() (node, error) {
	t := p.cur()
	switch t.kind {
	case tNeg, tNot:
		p.advance()
		if err := p.enter(t); err != nil {
			return nil, err
		}
		defer p.leave()
		if !startsUnary(p.cur().kind) {
			return nil, errAt(t.span, "%s needs a term after it", describe(t))
		}
		kid, err := p.unary()
		if err != nil {
			return nil, err
		}
		return &notNode{kid: kid, sp: join(t.span, kid.nodeSpan())}, nil
	case tLParen:
		p.advance()
		if err := p.enter(t); err != nil {
			return nil, err
		}
		defer p.leave()
		if p.cur().kind == tRParen {
			return nil, errAt(join(t.span, p.cur().span), "empty parentheses")
		}
		n, err := p.or()
		if err != nil {
			return nil, err
		}
		if p.cur().kind != tRParen {
			return nil, errAt(t.span, "( is never closed").hint("add a ) after the group")
		}
		p.advance()
		return n, nil
	case tTerm:
		p.advance()
		p.terms++
		if p.terms > maxTerms {
			return nil, errAt(t.span, "too many terms (at most %d)", maxTerms)
		}
		return &termNode{tok: t}, nil
	case tRParen:
		return nil, errAt(t.span, "unmatched )")
	case tAnd, tOr:
		return nil, errAt(t.span, "%s needs a term before it", describe(t))
	}
	return nil, errAt(t.span, "expected a term, found %s", describe(t))
}

func (p *parser) enter(t token) error {
	p.depth++
	if p.depth > maxDepth {
		return errAt(t.span, "nesting deeper than %d levels", maxDepth)
	}
	return nil
}

func (p *parser) leave() { p.depth-- }
