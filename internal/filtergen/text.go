package filtergen

import (
	"math/rand/v2"
	"strings"
	"time"

	"github.com/trailview/trailview/history"
)

// Gen builds random filter text from the events' own values, so that
// terms hit, miss and overlap in realistic ways. The same Rng seed and
// events give the same filters.
type Gen struct {
	Rng    *rand.Rand
	Events []history.Event // at least one
	Now    time.Time       // the filters' "now", for events without a time
}

// Filter returns one random filter: terms on fields, JSON paths, words
// and times, joined by AND, OR, NOT, - and parentheses, at most three
// levels deep.
func (g *Gen) Filter() string { return g.expr(0) }

func (g *Gen) event() *history.Event { return &g.Events[g.Rng.IntN(len(g.Events))] }

func (g *Gen) expr(depth int) string {
	if depth >= 3 {
		return g.term()
	}
	switch g.Rng.IntN(8) {
	case 0, 1:
		return g.expr(depth+1) + " " + g.expr(depth+1)
	case 2:
		return g.expr(depth+1) + " AND " + g.expr(depth+1)
	case 3:
		return g.expr(depth+1) + " OR " + g.expr(depth+1)
	case 4:
		return "(" + g.expr(depth+1) + " OR " + g.expr(depth+1) + ")"
	case 5:
		if g.Rng.IntN(2) == 0 {
			return "-" + g.unaryOperand(depth)
		}
		return "NOT " + g.unaryOperand(depth)
	}
	return g.term()
}

func (g *Gen) unaryOperand(depth int) string {
	if g.Rng.IntN(3) == 0 {
		return "(" + g.expr(depth+1) + ")"
	}
	return g.term()
}

// Path is a JSON path as a generated filter spells it and as the record
// does: the language corrects the case of known keys. filter's tests check
// that it corrects Typed to InRecord.
type Path struct{ Typed, InRecord string }

// Paths are the JSON paths generated filters test.
var Paths = []Path{
	{"requestParameters.bucketName", "requestParameters.bucketName"},
	{"userIdentity.sessionContext.sessionIssuer.userName", "userIdentity.sessionContext.sessionIssuer.userName"},
	{"requestParameters.instancesSet.items.instanceId", "requestParameters.instancesSet.items.instanceId"},
	{"requestParameters.maxResults", "requestParameters.maxResults"},
	{"errorMessage", "errorMessage"},
	{"userIdentity.type", "userIdentity.type"},
	{"eventVersion", "eventVersion"},
	{"insightDetails.state", "insightDetails.state"},
	{"requestparameters.roleSessionName", "requestParameters.roleSessionName"},
	{"userIdentity.sessionContext.attributes.mfaAuthenticated", "userIdentity.sessionContext.attributes.mfaAuthenticated"},
	{"managementEvent", "managementEvent"},
	{"resources.ARN", "resources.ARN"},
	{"eventTime", "eventTime"},
}

// Fields are the field names (and aliases, in odd letter case) generated
// filters use; filter's tests check that each names the field FieldValue
// reads, and that type, resource, category and readonly are the fields
// term treats apart.
var Fields = []string{"event", "source", "user", "region", "account", "key", "ip", "error", "type",
	"resource", "readonly", "agent", "id", "request", "category", "identity", "arn", "eventtype",
	"Name", "USER", "accessKeyId"}

// FieldValue reads the lookup field a filter field name (any case, any
// alias Fields uses) tests from an event; ok is false for the fields
// that are not one string: type, resource, readonly and category.
func FieldValue(name string, e *history.Event) (v string, ok bool) {
	get, ok := fieldGetters[strings.ToLower(name)]
	if !ok {
		return "", false
	}
	return get(e), true
}

var fieldGetters = map[string]func(e *history.Event) string{
	"event":       func(e *history.Event) string { return e.EventName },
	"name":        func(e *history.Event) string { return e.EventName },
	"source":      func(e *history.Event) string { return e.EventSource },
	"user":        func(e *history.Event) string { return e.Username },
	"region":      func(e *history.Event) string { return e.Region },
	"account":     func(e *history.Event) string { return e.Account },
	"key":         func(e *history.Event) string { return e.AccessKeyID },
	"accesskeyid": func(e *history.Event) string { return e.AccessKeyID },
	"ip":          func(e *history.Event) string { return e.SourceIP },
	"error":       func(e *history.Event) string { return e.ErrorCode },
	"agent":       func(e *history.Event) string { return e.UserAgent },
	"id":          func(e *history.Event) string { return e.EventID },
	"request":     func(e *history.Event) string { return e.RequestID },
	"identity":    func(e *history.Event) string { return e.IdentityType },
	"arn":         func(e *history.Event) string { return e.IdentityARN },
	"eventtype":   func(e *history.Event) string { return e.EventType },
}

func (g *Gen) term() string {
	switch g.Rng.IntN(10) {
	case 0:
		return g.words()
	case 1:
		return g.timeTerm()
	case 2:
		p := Paths[g.Rng.IntN(len(Paths))]
		vals := pathValues(g.event().Raw, p.InRecord)
		return p.Typed + ":" + g.valueFor(vals)
	}
	f := Fields[g.Rng.IntN(len(Fields))]
	e := g.event()
	var vals []string
	switch strings.ToLower(f) {
	case "type":
		for _, r := range e.Resources {
			vals = append(vals, r.Type)
			// The short type (spec 2.3): "Bucket" for "AWS::S3::Bucket".
			if i := strings.LastIndex(r.Type, "::"); i >= 0 && g.Rng.IntN(2) == 0 {
				vals = append(vals, r.Type[i+2:])
			}
		}
	case "resource":
		for _, r := range e.Resources {
			vals = append(vals, r.Name)
		}
	case "category":
		return f + ":" + []string{"management", "Insight", "insights", "MANAGE*", "*ght", "*", `""`}[g.Rng.IntN(7)]
	case "readonly":
		return f + ":" + []string{"true", "false", "TRUE", "f*", "*", `""`}[g.Rng.IntN(6)]
	default:
		v, _ := FieldValue(f, e)
		vals = []string{v}
		if strings.EqualFold(f, "ip") && g.Rng.IntN(3) == 0 {
			return f + ":" + []string{"10.0.0.0/8", "10.1.0.0/16", "2001:db8::/32", "192.168.1.20/32", "0.0.0.0/0"}[g.Rng.IntN(5)]
		}
	}
	return f + ":" + g.valueFor(vals)
}

// valueFor picks one of vals (or a near miss) and writes it as exact,
// glob, "has a value" or "has none".
func (g *Gen) valueFor(vals []string) string {
	var v string
	if len(vals) > 0 {
		v = vals[g.Rng.IntN(len(vals))]
	}
	switch g.Rng.IntN(12) {
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
			cut := g.Rng.IntN(len([]rune(v)) + 1)
			r := []rune(v)
			if g.Rng.IntN(2) == 0 {
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

// words picks one or two consecutive words of a value of some record.
func (g *Gen) words() string {
	for tries := 0; tries < 20; tries++ {
		e := g.event()
		var vals []string
		allStrings(e.Raw, func(s string) { vals = append(vals, s) })
		if len(vals) == 0 {
			continue
		}
		ws := history.SplitWords(vals[g.Rng.IntN(len(vals))])
		if len(ws) == 0 {
			continue
		}
		i := g.Rng.IntN(len(ws))
		switch g.Rng.IntN(4) {
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

func (g *Gen) timeTerm() string {
	at := g.event().Time
	if at.IsZero() {
		at = g.Now.Add(-time.Hour)
	}
	switch g.Rng.IntN(6) {
	case 0:
		return "since:" + []string{"2h", "1d", "3d", "1w", "36h", "1h30m"}[g.Rng.IntN(6)]
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
