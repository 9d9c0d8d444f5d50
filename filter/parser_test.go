package filter

import (
	"fmt"
	"strings"
	"testing"
)

// show renders a tree with the spans of its terms, so that tests state
// both the structure and the positions.
func show(n node) string {
	switch n := n.(type) {
	case *andNode:
		return "AND(" + showList(n.kids) + ")"
	case *orNode:
		return "OR(" + showList(n.kids) + ")"
	case *notNode:
		return fmt.Sprintf("NOT@%d(%s)", n.sp.col, show(n.kid))
	case *termNode:
		t := n.tok
		v := t.val.text
		if t.val.quoted {
			v = `"` + v + `"`
		}
		if t.val.wild > 0 {
			v += fmt.Sprintf("~w%d", t.val.wild)
		}
		if t.hasField {
			return fmt.Sprintf("%s:%s@%d+%d", t.field, v, t.span.col, t.span.len)
		}
		return fmt.Sprintf("%s@%d+%d", v, t.span.col, t.span.len)
	}
	return "nil"
}

func showList(ns []node) string {
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = show(n)
	}
	return strings.Join(parts, " ")
}

func TestParse(t *testing.T) {
	cases := []struct{ in, want string }{
		{"", "nil"},
		{"   ", "nil"},
		{"event:DeleteBucket", "event:DeleteBucket@1+18"},
		{"EVENT:x", "EVENT:x@1+7"},
		{"a b", "AND(a@1+1 b@3+1)"},
		{"a AND b", "AND(a@1+1 b@7+1)"},
		{"a OR b c", "OR(a@1+1 AND(b@6+1 c@8+1))"},
		{"a b OR c", "OR(AND(a@1+1 b@3+1) c@8+1)"},
		{"(a OR b) c", "AND(OR(a@2+1 b@7+1) c@10+1)"},
		{"-error:*", "NOT@1(error:*~w1@2+7)"},
		{"NOT user:bob", "NOT@1(user:bob@5+8)"},
		{"--a", "NOT@1(NOT@2(a@3+1))"},
		{"-(a OR b)", "NOT@1(OR(a@3+1 b@8+1))"},
		{`user:"Jane Doe"`, `user:"Jane Doe"@1+15`},
		{`"access denied"`, `"access denied"@1+15`},
		{`user:a\ b`, `user:a b@1+9`},
		{`name:Del\*`, `name:Del*@1+10`},
		{`name:Del*`, `name:Del*~w1@1+9`},
		{`identity:arn:aws:iam::1:root`, `identity:arn:aws:iam::1:root@1+28`},
		{`requestParameters.bucketName:prod-*`, `requestParameters.bucketName:prod-*~w1@1+35`},
		{"and or not", "AND(and@1+3 or@5+2 not@8+3)"},
		{`\AND`, "AND@1+4"},
		{"us-east-1", "us-east-1@1+9"},
		{"événement:x ü", "AND(événement:x@1+11 ü@13+1)"},
		{"a\tb\nc", "AND(a@1+1 b@3+1 c@5+1)"},
		{`user:""`, `user:""@1+7`},
	}
	for _, c := range cases {
		n, err := parse(c.in)
		if err != nil {
			t.Errorf("parse(%q): %v", c.in, err)
			continue
		}
		if got := show(n); got != c.want {
			t.Errorf("parse(%q)\n got %s\nwant %s", c.in, got, c.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		in       string
		col, len int
		msg      string
	}{
		{"evnt:DeleteBucket", 1, 4, `filter: unknown field "evnt" at column 1 (did you mean "event"?)`},
		{"a usr:bob", 3, 3, `filter: unknown field "usr" at column 3 (did you mean "user"?)`},
		{"regoin:us-east-1", 1, 6, `filter: unknown field "regoin" at column 1 (did you mean "region"?)`},
		{"errormesage:x", 1, 11, `filter: unknown field "errormesage" at column 1 (did you mean "errorMessage"?)`},
		{"zzzzzz:1", 1, 6, `filter: unknown field "zzzzzz" at column 1 (see the list of fields in the help; a JSON path needs a dot, as in requestParameters.bucketName)`},
		{"(a OR b", 1, 1, "filter: ( is never closed at column 1 (add a ) after the group)"},
		{"a)", 2, 1, "filter: unmatched ) at column 2"},
		{"()", 1, 2, "filter: empty parentheses at column 1"},
		{"a OR", 3, 2, "filter: OR needs a term after it at column 3"},
		{"OR a", 1, 2, "filter: OR needs a term before it at column 1"},
		{"a AND", 3, 3, "filter: AND needs a term after it at column 3"},
		{"NOT", 1, 3, "filter: NOT needs a term after it at column 1"},
		{"a - b", 3, 1, `filter: nothing to exclude after - at column 3 (put the term right after it, as in -error:*, or quote a literal "-")`},
		{`user:"bob`, 6, 4, `filter: unterminated quoted string at column 6 (close it with ")`},
		{"user:", 1, 5, `filter: missing value after user: at column 1 (use user:* for "has a value" or user:"" for "has none")`},
		{":x", 1, 1, "filter: missing field name before : at column 1"},
		{`ab"cd"`, 3, 1, `filter: unexpected quote inside a word at column 3 (quote the whole value, as in user:"a b", or escape it as \")`},
		{`a\`, 2, 1, `filter: nothing to escape after \ at column 2`},
		{"readonly:maybe", 10, 5, `filter: readonly takes true or false, not "maybe" at column 10`},
		{"readonly:ture", 10, 4, `filter: readonly takes true or false, not "ture" at column 10 (did you mean "true"?)`},
		{"category:insihgt", 10, 7, `filter: category takes management or insight, not "insihgt" at column 10 (did you mean "insight"?)`},
		{"ip:10.0.0.0/99", 4, 11, `filter: "10.0.0.0/99" is not a CIDR prefix at column 4 (write it as 10.0.0.0/8 or 2001:db8::/32)`},
		{"since:2x", 7, 2, `filter: bad duration "2x": unknown unit "x" (use s, m, h, d or w) at column 7 (write since:30m, since:2h, since:7d or since:1h30m)`},
		{"since:0h", 7, 2, `filter: bad duration "0h": duration must be positive at column 7 (write since:30m, since:2h, since:7d or since:1h30m)`},
		{"after:yesterday", 7, 9, `filter: bad time "yesterday": expected a time such as 2025-03-10, 2025-03-10T12:00Z or now at column 7`},
		{"before:2025-13-01", 8, 10, `filter: bad time "2025-13-01": expected a time such as 2025-03-10, 2025-03-10T12:00Z or now at column 8`},
		{"since:2*", 7, 2, "filter: since takes no wildcards at column 7"},
		{"%", 1, 1, `filter: nothing to search for in "%" at column 1 (full-text search looks for letters and digits; quote the word or use a field)`},
		{"de*te", 1, 5, `filter: full-text search takes only a trailing * (prefix) at column 1 (for wildcards inside a value, use a field, as in event:Del*te; escape a literal * as \*)`},
		{`name:a*\*`, 6, 4, `filter: a value cannot mix wildcards with escaped \* or \? at column 6 (use either wildcards or literal characters)`},
		{"a..b:x", 1, 4, `filter: empty key in JSON path "a..b" at column 1`},
		{"ü évent:x", 3, 5, `filter: unknown field "évent" at column 3 (did you mean "event"?)`},
		{"a\x00b", 2, 1, "filter: control character U+0000 is not allowed at column 2"},
		{"ab\xffc", 3, 1, "filter: filter is not valid UTF-8 at column 3"},
	}
	for _, c := range cases {
		_, err := Compile(c.in, fixedNow)
		fe, ok := err.(*Error)
		if !ok {
			t.Errorf("Compile(%q) = %v, want *Error", c.in, err)
			continue
		}
		if fe.Column != c.col || fe.Length != c.len || fe.Error() != c.msg {
			t.Errorf("Compile(%q)\n got col %d len %d %q\nwant col %d len %d %q", c.in, fe.Column, fe.Length, fe.Error(), c.col, c.len, c.msg)
		}
	}
}

func TestLimits(t *testing.T) {
	long := strings.Repeat("a", MaxLength) + "é"
	_, err := Compile(long, fixedNow)
	if fe, ok := err.(*Error); !ok || fe.Column != MaxLength+1 || !strings.Contains(fe.Msg, "longer than 4096") {
		t.Errorf("over-long filter: %v", err)
	}
	deep := strings.Repeat("(", maxDepth+1) + "a" + strings.Repeat(")", maxDepth+1)
	if _, err := Compile(deep, fixedNow); err == nil || !strings.Contains(err.Error(), "nesting deeper than 32") {
		t.Errorf("deep nesting: %v", err)
	}
	ok := strings.Repeat("(", maxDepth) + "a" + strings.Repeat(")", maxDepth)
	if _, err := Compile(ok, fixedNow); err != nil {
		t.Errorf("nesting at the limit: %v", err)
	}
	negs := strings.Repeat("-", maxDepth+1) + "a"
	if _, err := Compile(negs, fixedNow); err == nil || !strings.Contains(err.Error(), "nesting") {
		t.Errorf("deep negation: %v", err)
	}
	many := strings.TrimSpace(strings.Repeat("a ", maxTerms+1))
	_, err = Compile(many, fixedNow)
	if fe, ok := err.(*Error); !ok || fe.Column != 2*maxTerms+1 || !strings.Contains(fe.Msg, "too many terms") {
		t.Errorf("too many terms: %v", err)
	}
}

func TestDidYouMean(t *testing.T) {
	cands := fieldNames()
	for in, want := range map[string]string{
		"evnt": "event", "EVNT": "event", "sorce": "source", "acount": "account", "resorce": "resource",
		"x": "", "qqqqqq": "", "ipp": "ip", "agnet": "agent",
	} {
		if got := didYouMean(in, cands); got != want {
			t.Errorf("didYouMean(%q) = %q, want %q", in, got, want)
		}
	}
	if d := levenshtein("kitten", "sitting"); d != 3 {
		t.Errorf("levenshtein = %d", d)
	}
	if d := levenshtein("", "abc"); d != 3 {
		t.Errorf("levenshtein empty = %d", d)
	}
}
