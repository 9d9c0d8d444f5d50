package ui

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/trailview/trailview/history"
)

// insightInfo is what an Insights record says in insightDetails (spec
// 5.5). The Insights tab draws its columns and the detail summary from
// it; the management columns (user, access key, resources) are empty on
// Insights records, so showing them would show nothing.
type insightInfo struct {
	State               string `json:"state"`
	EventSource         string `json:"eventSource"`
	EventName           string `json:"eventName"`
	InsightType         string `json:"insightType"`
	ErrorCode           string `json:"errorCode"`
	SourceEventCategory string `json:"sourceEventCategory"`
	InsightSource       string `json:"insightSource"`
	InsightContext      struct {
		Statistics struct {
			Baseline         struct{ Average json.RawMessage } `json:"baseline"`
			Insight          struct{ Average json.RawMessage } `json:"insight"`
			InsightDuration  json.RawMessage                   `json:"insightDuration"`
			BaselineDuration json.RawMessage                   `json:"baselineDuration"`
		} `json:"statistics"`
		Attributions []insightAttribution `json:"attributions"`
	} `json:"insightContext"`
}

// insightAttribution is one attribute (user ARN, user agent, error code)
// with its most frequent values during the Insight and the baseline.
type insightAttribution struct {
	Attribute string              `json:"attribute"`
	Insight   []attributionValues `json:"insight"`
	Baseline  []attributionValues `json:"baseline"`
}

type attributionValues struct {
	Value   string          `json:"value"`
	Average json.RawMessage `json:"average"`
}

// parseInsight reads insightDetails from an Insights record. A record
// whose fields have other types than AWS writes still gives what could be
// read: it is shown, not refused.
func parseInsight(raw []byte) insightInfo {
	var rec struct {
		InsightDetails json.RawMessage `json:"insightDetails"`
	}
	var in insightInfo
	if json.Unmarshal(raw, &rec) != nil || len(rec.InsightDetails) == 0 {
		return in
	}
	_ = json.Unmarshal(rec.InsightDetails, &in) // fields decoded before a type mismatch are kept
	return in
}

// average formats a rate per minute to six significant digits: the
// record's full precision (85.4202380952) is in the detail view's JSON.
// Numbers are kept raw while decoding, so that a value of another type
// is shown as it is instead of ending the decoding of the rest.
func average(raw json.RawMessage) string {
	text := jsonText(raw)
	f, err := strconv.ParseFloat(text, 64)
	if err != nil || len(raw) == 0 || raw[0] == '"' {
		return text
	}
	return strconv.FormatFloat(f, 'g', 6, 64)
}

// jsonText is a JSON value as text: a string's content, "" for null or
// nothing, any other value as written.
func jsonText(raw json.RawMessage) string {
	var s string
	switch {
	case len(raw) == 0 || string(raw) == "null":
		return ""
	case json.Unmarshal(raw, &s) == nil:
		return s
	}
	return string(raw)
}

// insightColumns are the Insights tab's columns: what was unusual (which
// call, how much more than usual) rather than who called.
func insightColumns() []column {
	byID := map[string]column{}
	for _, c := range allColumns() {
		byID[c.id] = c
	}
	field := func(id string, min int, v func(*insightInfo) string) column {
		return column{id: id, title: id, min: min, needsRaw: true, insight: v,
			value: func(e *history.Event, _ *time.Location) string { in := parseInsight(e.Raw); return v(&in) }}
	}
	// Not the management "Error code" column, which reads the record's
	// top-level errorCode: CSV exports must not mistake one for the other.
	errorCode := field("Insight error code", 6, func(in *insightInfo) string { return in.ErrorCode })
	errorCode.title = "Error code"
	return []column{
		byID["Event time"],
		field("Insight type", 8, func(in *insightInfo) string { return in.InsightType }),
		field("State", 5, func(in *insightInfo) string { return in.State }),
		byID["Event source"],
		byID["Event name"],
		field("Baseline avg", 8, func(in *insightInfo) string { return average(in.InsightContext.Statistics.Baseline.Average) }),
		field("Insight avg", 8, func(in *insightInfo) string { return average(in.InsightContext.Statistics.Insight.Average) }),
		errorCode,
	}
}

// newInsightColumnSet shows every Insights column; the management
// columns are listed hidden, so the columns dialog can add them.
func newInsightColumnSet() columnSet {
	var cs columnSet
	used := map[string]bool{}
	for _, c := range insightColumns() {
		used[c.id] = true
		cs.cols = append(cs.cols, c)
		cs.visible = append(cs.visible, true)
	}
	for _, c := range allColumns() {
		if !used[c.id] {
			cs.cols = append(cs.cols, c)
			cs.visible = append(cs.visible, false)
		}
	}
	return cs
}

// activeCols is the column set of the current tab.
func (m *Model) activeCols() *columnSet {
	if m.q.category != history.Insight {
		return &m.cols
	}
	if m.insightCols.cols == nil {
		m.insightCols = newInsightColumnSet()
	}
	return &m.insightCols
}

// insightSummary is the detail view's account of an Insights event, in
// place of the management fields it does not have.
func insightSummary(e *history.Event, field func(name, v string) string) []string {
	in := parseInsight(e.Raw)
	st := in.InsightContext.Statistics
	perMinute := func(avg, duration json.RawMessage) string {
		s := average(avg)
		minutes := jsonText(duration)
		if s == "" {
			return "(not in the record)"
		}
		s += " per minute"
		switch minutes {
		case "":
		case "1":
			s += " over 1 minute"
		default:
			s += " over " + minutes + " minutes"
		}
		return s
	}
	lines := []string{
		field("Insight type", in.InsightType) + "   " + field("State", in.State) + "   " + field("Source events", in.SourceEventCategory),
		field("Baseline average", perMinute(st.Baseline.Average, st.BaselineDuration)),
		field("Insight average", perMinute(st.Insight.Average, st.InsightDuration)),
	}
	if in.ErrorCode != "" {
		lines = append(lines, field("Error code", in.ErrorCode))
	}
	if in.InsightSource != "" {
		lines = append(lines, field("Insight source", in.InsightSource))
	}
	if len(in.InsightContext.Attributions) > 0 {
		lines = append(lines, field("Top values", "average per minute in brackets"))
	}
	for _, a := range in.InsightContext.Attributions {
		lines = append(lines,
			field("  "+a.Attribute+" (Insight)", attributionText(a.Insight)),
			field("  "+a.Attribute+" (baseline)", attributionText(a.Baseline)))
	}
	return lines
}

// attributionText lists an attribution's values with their averages.
func attributionText(vs []attributionValues) string {
	if len(vs) == 0 {
		return "(none)"
	}
	parts := make([]string, 0, len(vs))
	for _, v := range vs {
		parts = append(parts, v.Value+" ("+average(v.Average)+")")
	}
	return strings.Join(parts, ", ")
}
