package ui

import (
	"fmt"
	"time"

	"github.com/trailview/trailview/history"
)

// cellPivot is what pivoting on a table column filters: a filter field,
// or a JSON path of the record for the columns no field covers.
type cellPivot struct {
	field string
	path  bool
	// value reads the exact value (not the drawn cell, which may be cut,
	// sanitized or shown in another zone) and a note for the status line;
	// nil when the column's unsanitized cell text is the value.
	value func(e *history.Event) (v, note string)
}

func fieldValue(get func(e *history.Event) string) func(e *history.Event) (string, string) {
	return func(e *history.Event) (string, string) { return get(e), "" }
}

// firstResource pivots on the first resource the cell shows and says so
// when there are more: the detail view's field cursor reaches each.
func firstResource(get func(history.Resource) string) func(e *history.Event) (string, string) {
	return func(e *history.Event) (string, string) {
		if len(e.Resources) == 0 {
			return "", ""
		}
		note := ""
		if n := len(e.Resources); n > 1 {
			note = fmt.Sprintf("the first of %d resources; enter opens the event, where each can be chosen", n)
		}
		return get(e.Resources[0]), note
	}
}

// columnPivots maps every column that shows one value to what it
// filters; Event time (t narrows the window) and the Insights averages
// have none.
var columnPivots = map[string]cellPivot{
	"Event name":           {field: "event", value: fieldValue(func(e *history.Event) string { return e.EventName })},
	"User name":            {field: "user", value: fieldValue(func(e *history.Event) string { return e.Username })},
	"Event source":         {field: "source", value: fieldValue(func(e *history.Event) string { return e.EventSource })},
	"Resource type":        {field: "type", value: firstResource(func(r history.Resource) string { return r.Type })},
	"Resource name":        {field: "resource", value: firstResource(func(r history.Resource) string { return r.Name })},
	"Resources":            {field: "resource", value: firstResource(func(r history.Resource) string { return r.Name })},
	"AWS access key":       {field: "key", value: fieldValue(func(e *history.Event) string { return e.AccessKeyID })},
	"AWS region":           {field: "region", value: fieldValue(func(e *history.Event) string { return e.Region })},
	"Source IP address":    {field: "ip", value: fieldValue(func(e *history.Event) string { return e.SourceIP })},
	"User agent":           {field: "agent", value: fieldValue(func(e *history.Event) string { return e.UserAgent })},
	"Error code":           {field: "error", value: fieldValue(func(e *history.Event) string { return e.ErrorCode })},
	"Request ID":           {field: "request", value: fieldValue(func(e *history.Event) string { return e.RequestID })},
	"Event ID":             {field: "id", value: fieldValue(func(e *history.Event) string { return e.EventID })},
	"Read-only":            {field: "readonly", value: fieldValue(func(e *history.Event) string { return e.ReadOnly })},
	"Event type":           {field: "eventtype", value: fieldValue(func(e *history.Event) string { return e.EventType })},
	"Recipient account ID": {field: "account", value: fieldValue(func(e *history.Event) string { return e.Account })},
	"Account":              {field: "account", value: fieldValue(func(e *history.Event) string { return e.Account })},
	"Event category":       {field: "category", value: fieldValue((*history.Event).CategoryName)},
	"Identity type":        {field: "identity", value: fieldValue(func(e *history.Event) string { return e.IdentityType })},
	"Identity ARN":         {field: "arn", value: fieldValue(func(e *history.Event) string { return e.IdentityARN })},
	"Error message":        {field: "errorMessage", path: true}, // the cell is the record's value
	"Insight type":         {field: "insightDetails.insightType", path: true, value: insightValue(func(in *insightInfo) string { return in.InsightType })},
	"State":                {field: "insightDetails.state", path: true, value: insightValue(func(in *insightInfo) string { return in.State })},
	"Insight error code":   {field: "insightDetails.errorCode", path: true, value: insightValue(func(in *insightInfo) string { return in.ErrorCode })},
}

func insightValue(get func(*insightInfo) string) func(e *history.Event) (string, string) {
	return func(e *history.Event) (string, string) { in := parseInsight(e.Raw); return get(&in), "" }
}

// cellPivotFor is the pivot on col's cell of e; an error says why the
// column has none.
func cellPivotFor(col column, e *history.Event, exclude bool) (pivotChosen, error) {
	p, ok := columnPivots[col.id]
	if !ok {
		if col.id == "Event time" {
			return pivotChosen{}, fmt.Errorf("%s is a time: t chooses the window", col.title)
		}
		return pivotChosen{}, fmt.Errorf("the %s column has no filter field", col.title)
	}
	var v, note string
	if p.value != nil {
		v, note = p.value(e)
	} else {
		v = col.value(e, time.UTC)
	}
	return pivotChosen{field: p.field, path: p.path, value: v, exclude: exclude, note: note}, nil
}
