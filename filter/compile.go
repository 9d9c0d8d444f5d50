package filter

import (
	"net/netip"
	"sort"
	"strings"
	"time"

	"github.com/trailview/trailview/history"
)

// Filter is a compiled filter.
type Filter struct {
	Text  string
	Where string // SQL condition over events e; "" when the filter is empty
	Args  []any
	// Start and End narrow the time window when since/after/before terms
	// apply to the whole filter (they are ANDed at the top level); zero
	// when absent. End is inclusive, as in history.Query.
	Start, End time.Time

	now time.Time      // Compile's now, for Resolve
	loc *time.Location // the zone of times written without one, for Resolve
}

// Compile parses text and compiles it to an SQL condition over the events
// table aliased e (history.Query.Where and Args). now anchors relative
// times such as since:2h; times without a zone are UTC, as the console
// shows times by default. Bad input yields an *Error.
func Compile(text string, now time.Time) (*Filter, error) {
	return CompileIn(text, now, time.UTC)
}

// CompileIn is Compile with times written without a zone (after:2025-03-01)
// read in loc: the UI passes the zone it shows times in.
func CompileIn(text string, now time.Time, loc *time.Location) (*Filter, error) {
	if loc == nil {
		loc = time.UTC
	}
	root, err := parse(text)
	if err != nil {
		return nil, err
	}
	f := &Filter{Text: text, now: now, loc: loc}
	if root == nil {
		return f, nil
	}
	return compileTree(f, root, &compiler{now: now, loc: loc})
}

func compileTree(f *Filter, root node, c *compiler) (*Filter, error) {
	frag, err := c.node(root)
	if err != nil {
		return nil, err
	}
	f.Where, f.Args = frag.sql, frag.args
	c.window(root, f)
	return f, nil
}

// frag is a compiled piece of SQL. Every fragment evaluates to 0 or 1,
// never NULL, so that NOT and OR combine them as plain booleans.
type frag struct {
	sql  string
	args []any
	cost int // rough evaluation cost, to order AND terms
}

// Costs order the terms of an AND: SQLite evaluates them left to right, so
// cheap column tests go before those that decompress the record.
const (
	costColumn   = 1 // a column compared to a constant
	costDict     = 2 // a dictionary lookup
	costResource = 3 // the resources table
	costScan     = 4 // a function over a column (ID globs)
	costText     = 5 // full-text index, then the record
	costRecord   = 6 // the record, decompressed
)

type compiler struct {
	now time.Time
	loc *time.Location
	// resolve, when set, runs a dictionary subquery and returns its IDs,
	// or ok=false when there are too many to list (see Resolve).
	resolve func(sub string, args []any) (ids []int64, ok bool, err error)
	// terms holds each time term's bound, to set Start and End.
	bounds map[*termNode]timeBound
}

type timeBound struct {
	start, end time.Time
}

func (c *compiler) node(n node) (frag, error) {
	switch n := n.(type) {
	case *andNode:
		return c.list(n.kids, " AND ", true)
	case *orNode:
		return c.list(n.kids, " OR ", false)
	case *notNode:
		k, err := c.node(n.kid)
		if err != nil {
			return frag{}, err
		}
		return frag{sql: "NOT (" + k.sql + ")", args: k.args, cost: k.cost}, nil
	case *termNode:
		return c.term(n)
	}
	panic("filter: unknown node")
}

func (c *compiler) list(kids []node, op string, sortByCost bool) (frag, error) {
	frags := make([]frag, 0, len(kids))
	for _, k := range kids {
		f, err := c.node(k)
		if err != nil {
			return frag{}, err
		}
		frags = append(frags, f)
	}
	if sortByCost {
		sort.SliceStable(frags, func(i, j int) bool { return frags[i].cost < frags[j].cost })
	}
	var b strings.Builder
	var out frag
	b.WriteByte('(')
	for i, f := range frags {
		if i > 0 {
			b.WriteString(op)
		}
		b.WriteString(f.sql)
		out.args = append(out.args, f.args...)
		out.cost = max(out.cost, f.cost)
	}
	b.WriteByte(')')
	out.sql = b.String()
	return out, nil
}

// window sets f.Start and f.End from the time terms that constrain the
// whole filter: the root itself or terms of a root AND.
func (c *compiler) window(root node, f *Filter) {
	var top []node
	if a, ok := root.(*andNode); ok {
		top = a.kids
	} else {
		top = []node{root}
	}
	for _, n := range top {
		t, ok := n.(*termNode)
		if !ok {
			continue
		}
		b, ok := c.bounds[t]
		if !ok {
			continue
		}
		if !b.start.IsZero() && (f.Start.IsZero() || b.start.After(f.Start)) {
			f.Start = b.start
		}
		if !b.end.IsZero() && (f.End.IsZero() || b.end.Before(f.End)) {
			f.End = b.end
		}
	}
}

func (c *compiler) term(n *termNode) (frag, error) {
	t := n.tok
	if !t.hasField {
		return c.words(t.val)
	}
	if def := lookupField(t.field); def != nil {
		return c.field(n, def, t.val)
	}
	if strings.Contains(t.field, ".") {
		return c.path(t, strings.TrimPrefix(t.field, "."))
	}
	if name, ok := recordKey(t.field); ok {
		return c.path(t, name)
	}
	e := errAt(t.fieldSpan, "unknown field %q", t.field)
	candidates := append(fieldNames(), topLevelNames()...)
	sort.Strings(candidates)
	if s := didYouMean(t.field, candidates); s != "" {
		return frag{}, e.hint("did you mean %q?", s)
	}
	return frag{}, e.hint("see the list of fields in the help; a JSON path needs a dot, as in requestParameters.bucketName")
}

// match is what a value asks for.
type matchKind int

const (
	mExact matchKind = iota // equal, ignoring ASCII case
	mGlob                   // * and ? wildcards
	mAny                    // field:*  (has a value)
	mNone                   // field:"" (has no value)
)

func classify(v value) (matchKind, *Error) {
	switch {
	case v.wild > 0 && v.escWild > 0:
		return 0, errAt(v.span, "a value cannot mix wildcards with escaped \\* or \\?").
			hint("use either wildcards or literal characters")
	case v.wild > 0 && strings.Trim(v.text, "*") == "":
		return mAny, nil
	case v.wild > 0:
		return mGlob, nil
	case v.text == "":
		return mNone, nil
	}
	return mExact, nil
}

func (c *compiler) field(n *termNode, def *fieldDef, v value) (frag, error) {
	switch def.kind {
	case fSince, fAfter, fBefore:
		return c.timeTerm(n, def, v)
	}
	kind, err := classify(v)
	if err != nil {
		return frag{}, err
	}
	switch def.kind {
	case fDict:
		return c.dictTerm(def, kind, v)
	case fResource:
		return c.resourceTerm(def, kind, v)
	case fID:
		return idTerm(def, kind, v)
	case fReadOnly:
		return enumTerm(def, kind, v, "e.read_only", []enumValue{{"true", 1}, {"false", 0}})
	case fCategory:
		return enumTerm(def, kind, v, "e.cat", []enumValue{
			{history.Management.String(), int64(history.Management)},
			{history.Insight.String(), int64(history.Insight)},
			{"Insights", int64(history.Insight)},
		})
	}
	panic("filter: unknown field kind")
}

// dictValues is the subquery of dictionary IDs of kind that a value
// matches. Exact values use the dict_nocase index; globs with a literal
// prefix scan only the index range of that prefix.
func dictValues(kind history.DictKind, m matchKind, v string) (string, []any) {
	switch m {
	case mExact:
		return "SELECT id FROM dict WHERE kind = ? AND value = ? COLLATE NOCASE", []any{int64(kind), v}
	case mAny:
		return "SELECT id FROM dict WHERE kind = ? AND value <> ''", []any{int64(kind)}
	case mNone:
		return "SELECT id FROM dict WHERE kind = ? AND value = ''", []any{int64(kind)}
	}
	prefix := v[:strings.IndexAny(v, "*?")]
	if lo, hi, ok := prefixRange(prefix); ok {
		return "SELECT id FROM dict WHERE kind = ? AND value >= ? COLLATE NOCASE AND value < ? COLLATE NOCASE AND tv_glob(value, ?)",
			[]any{int64(kind), lo, hi, v}
	}
	return "SELECT id FROM dict WHERE kind = ? AND tv_glob(value, ?)", []any{int64(kind), v}
}

// prefixRange is the NOCASE range holding every string that starts with
// prefix in any ASCII case. NOCASE folds upper case to lower, so the
// bounds are the lower-cased prefix and the same with its last byte
// raised; the range may hold a few extra strings, which the glob drops.
func prefixRange(prefix string) (lo, hi string, ok bool) {
	if prefix == "" {
		return "", "", false
	}
	b := []byte(strings.Map(asciiLowerRune, prefix))
	last := len(b) - 1
	if b[last] == 0xff {
		return "", "", false
	}
	lo = string(b)
	b[last]++
	return lo, string(b), true
}

func asciiLowerRune(r rune) rune {
	if r >= 'A' && r <= 'Z' {
		return r + 'a' - 'A'
	}
	return r
}

// inDict is "col IN (sub)", or with a resolver the same with the IDs as
// constants: "col = ?" for one, "0" for none.
func (c *compiler) inDict(col, sub string, args []any) (string, []any, error) {
	if c.resolve != nil {
		ids, ok, err := c.resolve(sub, args)
		if err != nil {
			return "", nil, err
		}
		if ok {
			switch len(ids) {
			case 0:
				return "0", nil, nil
			case 1:
				return col + " = ?", []any{ids[0]}, nil
			}
			out := make([]any, len(ids))
			for i, id := range ids {
				out[i] = id
			}
			return col + " IN (" + placeholders(len(ids)) + ")", out, nil
		}
	}
	return col + " IN (" + sub + ")", args, nil
}

func (c *compiler) dictTerm(def *fieldDef, m matchKind, v value) (frag, error) {
	col := def.col
	if def.cidr && m == mExact && strings.Contains(v.text, "/") {
		p, err := netip.ParsePrefix(v.text)
		if err != nil {
			return frag{}, errAt(v.span, "%q is not a CIDR prefix", v.text).
				hint("write it as 10.0.0.0/8 or 2001:db8::/32")
		}
		in, args, err := c.inDict(col, "SELECT id FROM dict WHERE kind = ? AND tv_cidr(value, ?)",
			[]any{int64(def.dict), p.Masked().String()})
		if err != nil {
			return frag{}, err
		}
		return frag{sql: "(" + col + " IS NOT NULL AND " + in + ")", args: args, cost: costDict}, nil
	}
	if !def.required {
		switch m {
		case mAny:
			return frag{sql: col + " IS NOT NULL", cost: costColumn}, nil
		case mNone:
			return frag{sql: col + " IS NULL", cost: costColumn}, nil
		}
	}
	sub, args := dictValues(def.dict, m, v.text)
	sql, args, err := c.inDict(col, sub, args)
	if err != nil {
		return frag{}, err
	}
	if !def.required {
		sql = col + " IS NOT NULL AND " + sql
	}
	return frag{sql: "(" + sql + ")", args: args, cost: costDict}, nil
}

// resourceTerm matches events with any resource of that name or type. Each
// distinct name and type of an event has a resources row with it set.
func (c *compiler) resourceTerm(def *fieldDef, m matchKind, v value) (frag, error) {
	col := def.col
	switch m {
	case mAny:
		return frag{sql: "e.id IN (SELECT r.event FROM resources r WHERE " + col + " IS NOT NULL)", cost: costResource}, nil
	case mNone:
		return frag{sql: "e.id NOT IN (SELECT r.event FROM resources r WHERE " + col + " IS NOT NULL)", cost: costResource}, nil
	}
	text := v.text
	if def.shortType && !strings.Contains(text, "::") {
		// Spec 2.3: accept a short type name; match it as the last part.
		text, m = "*::"+text, mGlob
	}
	sub, args := dictValues(def.dict, m, text)
	in, args, err := c.inDict(col, sub, args)
	if err != nil {
		return frag{}, err
	}
	return frag{sql: "e.id IN (SELECT r.event FROM resources r WHERE " + col + " IS NOT NULL AND " + in + ")",
		args: args, cost: costResource}, nil
}

// idTerm matches event and request IDs. They are stored encoded (a UUID
// as 16 bytes), so an exact match tries the value as typed, in lower case
// and in upper case: IDs are pasted, and that covers UUIDs in any case.
func idTerm(def *fieldDef, m matchKind, v value) (frag, error) {
	col := def.col
	switch m {
	case mAny:
		return frag{sql: col + " IS NOT NULL", cost: costColumn}, nil
	case mNone:
		return frag{sql: col + " IS NULL", cost: costColumn}, nil
	case mGlob:
		return frag{sql: "(" + col + " IS NOT NULL AND tv_glob(tv_eid_text(" + col + "), ?))", args: []any{v.text}, cost: costScan}, nil
	}
	args := idArgs(v.text)
	return frag{sql: "(" + col + " IS NOT NULL AND " + col + " IN (" + placeholders(len(args)) + "))", args: args, cost: costColumn}, nil
}

// idArgs is the stored form of an ID as typed, in lower case and in upper
// case, each once.
func idArgs(text string) []any {
	var args []any
	seen := map[string]bool{}
	for _, s := range []string{text, strings.ToLower(text), strings.ToUpper(text)} {
		if !seen[s] {
			seen[s] = true
			args = append(args, history.EncodeID(s))
		}
	}
	return args
}

type enumValue struct {
	name string
	val  int64
}

// enumTerm matches a column with a few known values (read-only, category).
// Globs are resolved here against the names.
func enumTerm(def *fieldDef, m matchKind, v value, col string, values []enumValue) (frag, error) {
	switch m {
	case mAny:
		return frag{sql: col + " IS NOT NULL", cost: costColumn}, nil
	case mNone:
		return frag{sql: col + " IS NULL", cost: costColumn}, nil
	}
	var hits []any
	seen := map[int64]bool{}
	var names []string
	for _, ev := range values {
		names = append(names, ev.name)
		ok := strings.EqualFold(ev.name, v.text)
		if m == mGlob {
			ok = history.GlobMatch(v.text, ev.name)
		}
		if ok && !seen[ev.val] {
			seen[ev.val] = true
			hits = append(hits, ev.val)
		}
	}
	if len(hits) == 0 {
		e := errAt(v.span, "%s takes %s, not %q", def.Name, strings.ToLower(strings.Join(names[:2], " or ")), v.text)
		if s := didYouMean(v.text, names); s != "" {
			e.hint("did you mean %q?", strings.ToLower(s))
		}
		return frag{}, e
	}
	return frag{sql: "(" + col + " IS NOT NULL AND " + col + " IN (" + placeholders(len(hits)) + "))", args: hits, cost: costColumn}, nil
}

func (c *compiler) timeTerm(n *termNode, def *fieldDef, v value) (frag, error) {
	if v.wild > 0 {
		return frag{}, errAt(v.span, "%s takes no wildcards", def.Name)
	}
	var b timeBound
	switch def.kind {
	case fSince:
		d, err := ParseDuration(v.text)
		if err != nil {
			return frag{}, errAt(v.span, "bad duration %q: %v", v.text, err).hint("write since:30m, since:2h, since:7d or since:1h30m")
		}
		b.start = c.now.Add(-d)
	default:
		t, err := ParseTime(v.text, c.now, c.loc)
		if err != nil {
			return frag{}, errAt(v.span, "bad time %q: %v", v.text, err)
		}
		if def.kind == fAfter {
			b.start = t
		} else {
			// before is exclusive; Query.End is inclusive.
			b.end = t.Add(-time.Microsecond)
		}
	}
	if c.bounds == nil {
		c.bounds = map[*termNode]timeBound{}
	}
	c.bounds[n] = b
	if !b.start.IsZero() {
		return frag{sql: "e.time_us >= ?", args: []any{b.start.UnixMicro()}, cost: costColumn}, nil
	}
	return frag{sql: "e.time_us <= ?", args: []any{b.end.UnixMicro()}, cost: costColumn}, nil
}

// path matches a value at a JSON path of the record.
func (c *compiler) path(t token, p string) (frag, error) {
	segs := strings.Split(p, ".")
	for _, s := range segs {
		if s == "" {
			return frag{}, errAt(t.fieldSpan, "empty key in JSON path %q", t.field)
		}
	}
	p = canonicalPath(segs)
	m, err := classify(t.val)
	if err != nil {
		return frag{}, err
	}
	switch m {
	case mAny:
		return frag{sql: "tv_match(" + history.RecordSQL + ", ?, 'exists', '')", args: []any{p}, cost: costRecord}, nil
	case mNone:
		return frag{sql: "(tv_match(" + history.RecordSQL + ", ?, 'exists', '') = 0 OR tv_match(" + history.RecordSQL + ", ?, 'eq', ''))", args: []any{p, p}, cost: costRecord}, nil
	case mGlob:
		return frag{sql: "tv_match(" + history.RecordSQL + ", ?, 'glob', ?)", args: []any{p, t.val.text}, cost: costRecord}, nil
	}
	return frag{sql: "tv_match(" + history.RecordSQL + ", ?, 'eq', ?)", args: []any{p, t.val.text}, cost: costRecord}, nil
}

// words compiles a bare word or quoted phrase to a full-text search: the
// words index finds the 64-event groups that hold every word, and tv_text
// confirms the phrase in each candidate record.
func (c *compiler) words(v value) (frag, error) {
	prefix := v.starEnd
	if v.wild > 1 || (v.wild == 1 && !prefix) {
		return frag{}, errAt(v.span, "full-text search takes only a trailing * (prefix)").
			hint("for wildcards inside a value, use a field, as in event:Del*te; escape a literal * as \\*")
	}
	// Escaped stars are punctuation, which full-text search ignores;
	// dropping trailing ones keeps ParsePhrase from reading a prefix.
	text := strings.TrimRight(v.text, "*")
	ph := history.ParsePhrase(text)
	if len(ph.Words) == 0 {
		return frag{}, errAt(v.span, "nothing to search for in %q", v.text).
			hint("full-text search looks for letters and digits; quote the word or use a field")
	}
	if prefix {
		text += "*"
		ph.Prefix = true
	}
	// tv_text parses the same text again, so both sides see the same words.
	sql := "((e.id >> 6) IN (SELECT rowid FROM words WHERE words MATCH ?) AND tv_text(" + history.RecordSQL + ", ?))"
	args := []any{ph.MatchQuery(), text}
	if !prefix && !strings.ContainsAny(text, " \t") {
		// The full-text index leaves out each event's own eventID and
		// requestID (history/words.go): a pasted ID finds its event
		// through the ID columns instead, matched as id: and request: do.
		ids := idArgs(text)
		in := " IN (" + placeholders(len(ids)) + ")"
		sql = "(" + sql + " OR e.event_id" + in + " OR (e.request_id IS NOT NULL AND e.request_id" + in + "))"
		args = append(append(args, ids...), ids...)
	}
	return frag{sql: sql, args: args, cost: costText}, nil
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}
