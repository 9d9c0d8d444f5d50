package filter

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/record"
	"github.com/trailview/trailview/history/store"
)

// propertyStore loads this package's generated events (odd values: mixed
// case, quotes, %, _), the assets generator's realistic ones, and the real
// files when present, into one store.
func propertyStore(t *testing.T, now time.Time) (*store.Store, []history.Event) {
	t.Helper()
	s := openStore(t)
	rng := rand.New(rand.NewPCG(1, 2))
	loadRecords(t, s, genRecords(rng, 2000, now))
	loadAssets(t, s, 2000)
	if dir := realDir(); dir != "" {
		loadPaths(t, s, dir) // some real files are deliberately malformed; the rest load
	} else {
		t.Log("../shared/testdata/real not found: property test runs on generated events only")
	}
	return s, allEvents(t, s)
}

// TestPredicateAgreesWithReference translates random filters built from
// values found in the events and checks, in memory, that the predicate
// each one means (record.Matches) accepts exactly the events the
// reference matcher accepts. The SQL side is checked against the same
// evaluator by TestCompiledSQLAgreesWithPredicate.
func TestPredicateAgreesWithReference(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)
	_, events := propertyStore(t, now)
	if len(events) < 3000 {
		t.Fatalf("only %d events loaded", len(events))
	}
	refs := newRefEvents(events)
	n := 250
	if testing.Short() {
		n = 60
	}
	g := &filterGen{rng: rand.New(rand.NewPCG(7, 9)), events: events, now: now}
	nonEmpty := 0
	for i := 0; i < n; i++ {
		text := g.expr(0)
		f, err := Compile(text, now)
		if err != nil {
			t.Fatalf("generated filter %q does not compile: %v", text, err)
		}
		root, _ := parse(text)
		var missing, extra []string
		want := 0
		for i := range refs {
			ref := refMatch(root, &refs[i], now)
			got := record.Matches(f.Pred, refs[i].Event)
			if ref {
				want++
			}
			if ref && !got {
				missing = append(missing, describeEvent(refs[i].Event))
			}
			if !ref && got {
				extra = append(extra, describeEvent(refs[i].Event))
			}
		}
		if want > 0 {
			nonEmpty++
		}
		if len(missing)+len(extra) > 0 {
			sort.Strings(missing)
			sort.Strings(extra)
			t.Fatalf("filter %q\npredicate %#v\nmisses %d events the reference matches, e.g. %v\nadds %d events the reference rejects, e.g. %v",
				text, f.Pred, len(missing), head(missing), len(extra), head(extra))
		}
	}
	// The generator must produce filters that select something, or the
	// test proves little.
	if nonEmpty < n/3 {
		t.Errorf("only %d of %d filters matched any event", nonEmpty, n)
	}
	t.Logf("%d filters, %d matched at least one of %d events", n, nonEmpty, len(events))
}

func head(xs []string) []string {
	if len(xs) > 3 {
		return xs[:3]
	}
	return xs
}

func describeEvent(e *history.Event) string {
	raw := string(e.Raw)
	if len(raw) > 300 {
		raw = raw[:300] + "..."
	}
	return fmt.Sprintf("#%d %s", e.ID, raw)
}

// filterGen builds random filter text from the events' own values, so
// that terms hit, miss and overlap in realistic ways.
type filterGen struct {
	rng    *rand.Rand
	events []history.Event
	now    time.Time
}

func (g *filterGen) event() *history.Event { return &g.events[g.rng.IntN(len(g.events))] }

func (g *filterGen) expr(depth int) string {
	if depth >= 3 {
		return g.term()
	}
	switch g.rng.IntN(8) {
	case 0, 1:
		return g.expr(depth+1) + " " + g.expr(depth+1)
	case 2:
		return g.expr(depth+1) + " AND " + g.expr(depth+1)
	case 3:
		return g.expr(depth+1) + " OR " + g.expr(depth+1)
	case 4:
		return "(" + g.expr(depth+1) + " OR " + g.expr(depth+1) + ")"
	case 5:
		if g.rng.IntN(2) == 0 {
			return "-" + g.unaryOperand(depth)
		}
		return "NOT " + g.unaryOperand(depth)
	}
	return g.term()
}

func (g *filterGen) unaryOperand(depth int) string {
	if g.rng.IntN(3) == 0 {
		return "(" + g.expr(depth+1) + ")"
	}
	return g.term()
}

var genPaths = []string{
	"requestParameters.bucketName", "userIdentity.sessionContext.sessionIssuer.userName",
	"requestParameters.instancesSet.items.instanceId", "requestParameters.maxResults",
	"errorMessage", "userIdentity.type", "eventVersion", "insightDetails.state",
	"requestparameters.roleSessionName", "userIdentity.sessionContext.attributes.mfaAuthenticated",
	"managementEvent", "resources.ARN", "eventTime",
}

var genFields = []string{"event", "source", "user", "region", "account", "key", "ip", "error", "type",
	"resource", "readonly", "agent", "id", "request", "category", "identity", "arn", "eventtype",
	"Name", "USER", "accessKeyId"}

func (g *filterGen) term() string {
	switch g.rng.IntN(10) {
	case 0:
		return g.words()
	case 1:
		return g.timeTerm()
	case 2:
		p := genPaths[g.rng.IntN(len(genPaths))]
		vals := pathValues(g.event().Raw, p)
		return p + ":" + g.valueFor(vals)
	}
	f := genFields[g.rng.IntN(len(genFields))]
	def := lookupField(f)
	e := g.event()
	var vals []string
	switch def.kind {
	case fResource:
		for _, r := range e.Resources {
			if def.shortType {
				vals = append(vals, r.Type)
				if i := strings.LastIndex(r.Type, "::"); i >= 0 && g.rng.IntN(2) == 0 {
					vals = append(vals, r.Type[i+2:])
				}
			} else {
				vals = append(vals, r.Name)
			}
		}
	case fCategory:
		return f + ":" + []string{"management", "Insight", "insights", "MANAGE*", "*ght", "*", `""`}[g.rng.IntN(7)]
	case fReadOnly:
		return f + ":" + []string{"true", "false", "TRUE", "f*", "*", `""`}[g.rng.IntN(6)]
	default:
		vals = []string{def.get(e)}
		if def.cidr && g.rng.IntN(3) == 0 {
			return f + ":" + []string{"10.0.0.0/8", "10.1.0.0/16", "2001:db8::/32", "192.168.1.20/32", "0.0.0.0/0"}[g.rng.IntN(5)]
		}
	}
	return f + ":" + g.valueFor(vals)
}

// valueFor picks one of vals (or a near miss) and writes it as exact,
// glob, "has a value" or "has none".
func (g *filterGen) valueFor(vals []string) string {
	var v string
	if len(vals) > 0 {
		v = vals[g.rng.IntN(len(vals))]
	}
	switch g.rng.IntN(12) {
	case 0:
		return "*"
	case 1:
		return `""`
	case 2:
		v = strings.ToUpper(v)
	case 3:
		v = strings.ToLower(v)
	case 4, 5:
		if v != "" && !strings.ContainsAny(v, `*?`) {
			cut := g.rng.IntN(len([]rune(v)) + 1)
			r := []rune(v)
			if g.rng.IntN(2) == 0 {
				return quoteValue(string(r[:cut]), true) + "*"
			}
			return "*" + quoteValue(string(r[cut:]), true)
		}
	case 6:
		v += "x"
	}
	if v == "" {
		return "*"
	}
	return quoteValue(v, false)
}

// quoteValue writes a literal value: bare when that is unambiguous, else
// quoted with \ escapes. In a glob fragment (glob=true) the value is kept
// bare when possible so that the caller's wildcard stays active; quotes
// keep wildcards active as well.
func quoteValue(v string, glob bool) string {
	if v == "" {
		if glob {
			return ""
		}
		return `""`
	}
	var b strings.Builder
	needQuote := strings.HasPrefix(v, "-") || v == "AND" || v == "OR" || v == "NOT"
	for _, r := range v {
		switch {
		case r == '"' || r == '\\' || r == '*' || r == '?':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == ' ' || r == '(' || r == ')' || r == '\t':
			needQuote = true
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	if needQuote && !glob {
		return `"` + b.String() + `"`
	}
	if needQuote {
		// Escape the characters that would end a bare value.
		s := b.String()
		s = strings.NewReplacer(" ", `\ `, "(", `\(`, ")", `\)`, "\t", "\\\t").Replace(s)
		return s
	}
	return b.String()
}

// words picks one or two consecutive words of a value of some record.
func (g *filterGen) words() string {
	for tries := 0; tries < 20; tries++ {
		e := g.event()
		var vals []string
		newRefNode(e.Raw).allStrings(func(s string) { vals = append(vals, s) })
		if len(vals) == 0 {
			continue
		}
		ws := history.SplitWords(vals[g.rng.IntN(len(vals))])
		if len(ws) == 0 {
			continue
		}
		i := g.rng.IntN(len(ws))
		switch g.rng.IntN(4) {
		case 0:
			if i+1 < len(ws) {
				return `"` + ws[i] + " " + ws[i+1] + `"`
			}
		case 1:
			w := []rune(ws[i])
			return string(w[:(len(w)+1)/2]) + "*"
		case 2:
			return strings.ToUpper(ws[i]) + "zz"
		}
		w := ws[i]
		if w == "AND" || w == "OR" || w == "NOT" {
			return `"` + w + `"`
		}
		return w
	}
	return "amazonaws"
}

func (g *filterGen) timeTerm() string {
	at := g.event().Time
	if at.IsZero() {
		at = g.now.Add(-time.Hour)
	}
	switch g.rng.IntN(6) {
	case 0:
		return "since:" + []string{"2h", "1d", "3d", "1w", "36h", "1h30m"}[g.rng.IntN(6)]
	case 1:
		return "after:" + at.Format("2006-01-02")
	case 2:
		return "before:" + at.Format("2006-01-02T15:04Z")
	case 3: // exactly at an event: after: includes it
		return "after:" + at.Format(time.RFC3339Nano)
	case 4: // the inclusive end falls exactly on an event
		return "before:" + at.Add(time.Microsecond).Format(time.RFC3339Nano)
	}
	return "after:" + at.Add(-time.Second).Format(time.RFC3339)
}

func pathValues(rec []byte, path string) []string {
	var out []string
	newRefNode(rec).values(strings.Split(canonicalPath(strings.Split(path, ".")), "."), func(s string) { out = append(out, s) })
	return out
}
