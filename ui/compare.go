package ui

import (
	"strings"
	"time"

	"github.com/trailview/trailview/history"
)

// compareModel shows up to five events side by side, one column per event
// and one line per field, like the console's "Compare event details";
// fields whose values differ are flagged.
type compareModel struct {
	events  []history.Event
	loading bool
	err     error
	offset  int
}

func (c *compareModel) setEvents(msg compareMsg) {
	c.loading = false
	c.events, c.err = msg.events, msg.err
}

// compareFields are the compared fields, in the console's column order.
var compareFields = []struct {
	name  string
	value func(e *history.Event, loc *time.Location) string
}{
	{"Event name", func(e *history.Event, _ *time.Location) string { return e.EventName }},
	{"Event time", func(e *history.Event, loc *time.Location) string { return e.Time.In(loc).Format(timeLayout) }},
	{"User name", func(e *history.Event, _ *time.Location) string { return e.Username }},
	{"Event source", func(e *history.Event, _ *time.Location) string { return e.EventSource }},
	{"Resources", func(e *history.Event, _ *time.Location) string {
		var parts []string
		for _, r := range e.Resources {
			parts = append(parts, r.Name)
		}
		return strings.Join(parts, ", ")
	}},
	{"AWS access key", func(e *history.Event, _ *time.Location) string { return e.AccessKeyID }},
	{"AWS region", func(e *history.Event, _ *time.Location) string { return e.Region }},
	{"Source IP", func(e *history.Event, _ *time.Location) string { return e.SourceIP }},
	{"User agent", func(e *history.Event, _ *time.Location) string { return e.UserAgent }},
	{"Error code", func(e *history.Event, _ *time.Location) string { return e.ErrorCode }},
	{"Read-only", func(e *history.Event, _ *time.Location) string { return e.ReadOnly }},
	{"Event type", func(e *history.Event, _ *time.Location) string { return e.EventType }},
	{"Account", func(e *history.Event, _ *time.Location) string { return e.Account }},
	{"Identity type", func(e *history.Event, _ *time.Location) string { return e.IdentityType }},
	{"Identity ARN", func(e *history.Event, _ *time.Location) string { return e.IdentityARN }},
	{"Event ID", func(e *history.Event, _ *time.Location) string { return e.EventID }},
	{"Request ID", func(e *history.Event, _ *time.Location) string { return e.RequestID }},
}

// view draws height lines.
func (c *compareModel) view(width, height int, s Styles, loc *time.Location) []string {
	lines := []string{s.Title.Render("Compare events") + s.Dim.Render("  ≠ marks fields that differ")}
	switch {
	case c.loading:
		return append(lines, s.Dim.Render("loading…"))
	case c.err != nil:
		return append(lines, s.StatusError.Render("cannot read the events: "+Sanitize(c.err.Error())))
	}
	const labelW = 16
	n := max(len(c.events), 1)
	colW := max((width-labelW-2)/n-1, 4)
	var rows []string
	for _, f := range compareFields {
		var b strings.Builder
		first, differs := "", false
		for i := range c.events {
			v := Sanitize(f.value(&c.events[i], loc))
			if i == 0 {
				first = v
			} else if v != first {
				differs = true
			}
			b.WriteString(" " + pad(v, colW))
		}
		mark := "  "
		if differs {
			mark = "≠ "
		}
		row := mark + s.Label.Render(pad(f.name, labelW)) + b.String()
		if differs {
			row = mark + s.Label.Render(pad(f.name, labelW)) + s.Notice.Render(b.String())
		}
		rows = append(rows, row)
	}
	c.offset = max(min(c.offset, len(rows)-(height-1)), 0)
	return append(lines, rows[c.offset:]...)
}
