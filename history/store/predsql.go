package store

import (
	"fmt"
	"sort"
	"strings"

	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/record"
)

// The SQL compiler: a history.Predicate becomes a condition over the
// events table aliased e. It knows the store's tables (columns.go) and
// nothing of the filter language. No value ever becomes SQL text: the SQL
// is assembled from fixed fragments chosen by the predicate's node types,
// and every value, path and pattern is a bound argument.

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
	// resolve, when set, runs a dictionary subquery and returns its IDs,
	// or ok=false when there are too many to list (see Resolve).
	resolve func(sub string, args []any) (ids []int64, ok bool, err error)
	// indexed, when set, says whether a text term's prefix is searched
	// through the full-text index (predsql_prefix.go); without it, always.
	indexed func(t history.TextTerm) (bool, error)
	// store, when not zero, names the store whose decoded blocks the SQL
	// functions may find again by block ID (sqlfuncs_blocks.go).
	store int64
}

// pred compiles a predicate that history.ValidatePredicate accepts.
func (c *compiler) pred(p history.Predicate) (frag, error) {
	switch p := p.(type) {
	case history.And:
		return c.list(p, " AND ", true)
	case history.Or:
		return c.list(p, " OR ", false)
	case history.Not:
		k, err := c.pred(p.Pred)
		if err != nil {
			return frag{}, err
		}
		return frag{sql: "NOT (" + k.sql + ")", args: k.args, cost: k.cost}, nil
	case history.FieldTerm:
		return c.field(p)
	case history.PathTerm:
		return c.pathSQL(p), nil
	case history.TextTerm:
		return c.text(p)
	case history.TimeTerm:
		return timeSQL(p), nil
	}
	return frag{}, fmt.Errorf("filter: cannot compile predicate %T", p)
}

func (c *compiler) list(kids []history.Predicate, op string, sortByCost bool) (frag, error) {
	frags := make([]frag, 0, len(kids))
	for _, k := range kids {
		f, err := c.pred(k)
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

func (c *compiler) field(t history.FieldTerm) (frag, error) {
	col, ok := columns[t.Field]
	if !ok {
		return frag{}, fmt.Errorf("filter: no column for field %v", t.Field)
	}
	switch col.shape {
	case shapeDict:
		return c.dictTerm(col, t)
	case shapeResource:
		return c.resourceTerm(col, t)
	case shapeID:
		return idTerm(col.col, t), nil
	case shapeEnum:
		return enumTerm(col.col, t), nil
	}
	return frag{}, fmt.Errorf("filter: field %v has no column shape", t.Field)
}

// dictValues is the subquery of dictionary IDs of kind that a value
// matches. Exact values use the dict_nocase index; globs with a literal
// prefix scan only the index range of that prefix.
func dictValues(kind dictKind, m history.Cmp, v string) (string, []any) {
	switch m {
	case history.CmpEqual:
		return "SELECT id FROM dict WHERE kind = ? AND value = ? COLLATE NOCASE", []any{int64(kind), v}
	case history.CmpPresent:
		return "SELECT id FROM dict WHERE kind = ? AND value <> ''", []any{int64(kind)}
	case history.CmpAbsent:
		return "SELECT id FROM dict WHERE kind = ? AND value = '' COLLATE NOCASE", []any{int64(kind)}
	case history.CmpCIDR:
		return "SELECT id FROM dict WHERE kind = ? AND tv_cidr(value, ?)", []any{int64(kind), v}
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
			return col + " IN (" + argList(len(ids)) + ")", out, nil
		}
	}
	return col + " IN (" + sub + ")", args, nil
}

func (c *compiler) dictTerm(col column, t history.FieldTerm) (frag, error) {
	if !col.required {
		switch t.Cmp {
		case history.CmpPresent:
			return frag{sql: col.col + " IS NOT NULL", cost: costColumn}, nil
		case history.CmpAbsent:
			return frag{sql: col.col + " IS NULL", cost: costColumn}, nil
		}
	}
	sub, args := dictValues(col.dict, t.Cmp, t.Value)
	sql, args, err := c.inDict(col.col, sub, args)
	if err != nil {
		return frag{}, err
	}
	if !col.required {
		sql = col.col + " IS NOT NULL AND " + sql
	}
	return frag{sql: "(" + sql + ")", args: args, cost: costDict}, nil
}

// resourceTerm matches events with any resource of that name or type. Each
// distinct name and type of an event has a resources row with it set.
func (c *compiler) resourceTerm(col column, t history.FieldTerm) (frag, error) {
	switch t.Cmp {
	case history.CmpPresent:
		return frag{sql: "e.id IN (SELECT r.event FROM " + resourceTableOf(col.col) + " r WHERE " + col.col + " IS NOT NULL)", cost: costResource}, nil
	case history.CmpAbsent:
		return frag{sql: "e.id NOT IN (SELECT r.event FROM " + resourceTableOf(col.col) + " r WHERE " + col.col + " IS NOT NULL)", cost: costResource}, nil
	}
	sub, args := dictValues(col.dict, t.Cmp, t.Value)
	in, args, err := c.inDict(col.col, sub, args)
	if err != nil {
		return frag{}, err
	}
	return frag{sql: "e.id IN (SELECT r.event FROM " + resourceTableOf(col.col) + " r WHERE " + col.col + " IS NOT NULL AND " + in + ")",
		args: args, cost: costResource}, nil
}

// idTerm matches event and request IDs. They are stored encoded (a UUID
// as 16 bytes), so an exact match tries the value as typed, in lower case
// and in upper case: IDs are pasted, and that covers UUIDs in any case.
func idTerm(col string, t history.FieldTerm) frag {
	switch t.Cmp {
	case history.CmpPresent:
		return frag{sql: col + " IS NOT NULL", cost: costColumn}
	case history.CmpAbsent:
		return frag{sql: col + " IS NULL", cost: costColumn}
	case history.CmpGlob:
		return frag{sql: "(" + col + " IS NOT NULL AND tv_glob(tv_eid_text(" + col + "), ?))", args: []any{t.Value}, cost: costScan}
	}
	args := idArgs(t.Value)
	return frag{sql: "(" + col + " IS NOT NULL AND " + col + " IN (" + argList(len(args)) + "))", args: args, cost: costColumn}
}

// idArgs is the stored form of an ID as typed, in lower case and in upper
// case, each once.
func idArgs(text string) []any {
	var args []any
	seen := map[string]bool{}
	for _, s := range []string{text, strings.ToLower(text), strings.ToUpper(text)} {
		if !seen[s] {
			seen[s] = true
			args = append(args, record.EncodeID(s))
		}
	}
	return args
}

// enumTerm matches a column with a few known values (read-only, category),
// which the term's value names (history.Field.EnumMatches).
func enumTerm(col string, t history.FieldTerm) frag {
	switch t.Cmp {
	case history.CmpPresent:
		return frag{sql: col + " IS NOT NULL", cost: costColumn}
	case history.CmpAbsent:
		return frag{sql: col + " IS NULL", cost: costColumn}
	}
	var hits []any
	for _, v := range t.Field.EnumMatches(t.Cmp, t.Value) {
		hits = append(hits, v)
	}
	return frag{sql: "(" + col + " IS NOT NULL AND " + col + " IN (" + argList(len(hits)) + "))", args: hits, cost: costColumn}
}

func timeSQL(t history.TimeTerm) frag {
	var conds []string
	var args []any
	if !t.Start.IsZero() {
		conds, args = append(conds, "e.time_us >= ?"), append(args, t.Start.UnixMicro())
	}
	if !t.End.IsZero() {
		conds, args = append(conds, "e.time_us <= ?"), append(args, t.End.UnixMicro())
	}
	if len(conds) == 1 {
		return frag{sql: conds[0], args: args, cost: costColumn}
	}
	return frag{sql: "(" + strings.Join(conds, " AND ") + ")", args: args, cost: costColumn}
}

// pathSQL matches a value at a JSON path of the record.
func (c *compiler) pathSQL(t history.PathTerm) frag {
	match := func(kind string, pattern any) (string, []any) {
		return c.recordCall("tv_match", ", ?, "+kind+", ?)", t.Path, pattern)
	}
	switch t.Cmp {
	case history.CmpPresent:
		sql, args := match("'exists'", "")
		return frag{sql: sql, args: args, cost: costRecord}
	case history.CmpAbsent:
		exists, args := match("'exists'", "")
		empty, more := match("'eq'", "")
		return frag{sql: "(" + exists + " = 0 OR " + empty + ")", args: append(args, more...), cost: costRecord}
	case history.CmpGlob:
		sql, args := match("'glob'", t.Value)
		return frag{sql: sql, args: args, cost: costRecord}
	}
	sql, args := match("'eq'", t.Value)
	eq := frag{sql: sql, args: args, cost: costRecord}
	if w, ok := pathWords(t); ok {
		// The value's words bound the groups, so that a walk decompresses
		// only blocks that can hold the value (predsql_textdrive.go).
		eq.sql = "((e.id >> 6) IN (SELECT rowid FROM words WHERE words MATCH ?) AND " + eq.sql + ")"
		eq.args = append([]any{record.ParsePhrase(w.Text).MatchQuery()}, eq.args...)
	}
	return eq
}

func (c *compiler) text(t history.TextTerm) (frag, error) {
	if c.indexed == nil {
		return c.textSQL(t, true), nil
	}
	indexed, err := c.indexed(t)
	if err != nil {
		return frag{}, err
	}
	return c.textSQL(t, indexed), nil
}

// textSQL compiles a full-text search: the words index finds the 64-event
// groups that hold every word, and tv_text confirms the phrase in each
// candidate record. Without the index (a prefix covering too many words)
// tv_text alone decides.
func (c *compiler) textSQL(t history.TextTerm, indexed bool) frag {
	text := t.Text
	ph := record.ParsePhrase(text)
	if t.Prefix {
		text += "*"
		ph.Prefix = true
	}
	// tv_text parses the same text again, so both sides see the same words.
	sql, args := c.recordCall("tv_text", ", ?)", text)
	if indexed {
		sql = "((e.id >> 6) IN (SELECT rowid FROM words WHERE words MATCH ?) AND " + sql + ")"
		args = append([]any{ph.MatchQuery()}, args...)
	}
	if t.IDs {
		ids := idArgs(t.Text)
		in := " IN (" + argList(len(ids)) + ")"
		sql = "(" + sql + " OR e.event_id" + in + " OR (e.request_id IS NOT NULL AND e.request_id" + in + "))"
		args = append(append(args, ids...), ids...)
	}
	return frag{sql: sql, args: args, cost: costText}
}

func argList(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}
