package ui

import (
	"fmt"
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
	offset  int // first field line shown
	first   int // first event shown, when they do not all fit
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

// compareMinCol is the narrowest event column: a full Event time.
const compareMinCol = len(timeLayout)

// compareLabelWidth is the widest field name.
func compareLabelWidth() int {
	w := 0
	for _, f := range compareFields {
		w = max(w, len(f.name))
	}
	return w
}

// columns is how many events fit side by side in width, each at least
// compareMinCol wide, and their width. The rest are reached with ←/→.
func (c *compareModel) columns(width int) (shown, colW int) {
	space := width - 2 - compareLabelWidth()
	n := max(len(c.events), 1)
	shown = max(min(n, space/(compareMinCol+1)), 1)
	return shown, max(space/shown-1, 1)
}

// shift scrolls the events sideways by delta, keeping the screen full.
func (c *compareModel) shift(delta, width int) {
	shown, _ := c.columns(width)
	c.first = max(min(c.first+delta, len(c.events)-shown), 0)
}

// view draws height lines.
func (c *compareModel) view(width, height int, s Styles, loc *time.Location) []string {
	title := s.Title.Render("Compare events") + s.Dim.Render("  ≠ marks fields that differ")
	switch {
	case c.loading:
		return []string{title, s.Dim.Render("loading…")}
	case c.err != nil:
		return []string{title, s.StatusError.Render("cannot read the events: " + Sanitize(c.err.Error()))}
	}
	labelW := compareLabelWidth()
	shown, colW := c.columns(width)
	c.first = max(min(c.first, len(c.events)-shown), 0)
	last := min(c.first+shown, len(c.events))
	if shown < len(c.events) {
		title += s.Notice.Render(fmt.Sprintf("  events %d–%d of %d: ←/→ shows the others", c.first+1, last, len(c.events)))
	}
	var rows []string
	for _, f := range compareFields {
		values := make([]string, len(c.events))
		differs := false
		for i := range c.events {
			values[i] = Sanitize(f.value(&c.events[i], loc))
			differs = differs || values[i] != values[0]
		}
		var b strings.Builder
		for _, v := range values[c.first:last] {
			b.WriteString(" " + pad(v, colW))
		}
		mark, cells := "  ", b.String()
		if differs {
			mark, cells = "≠ ", s.Notice.Render(cells)
		}
		rows = append(rows, mark+s.Label.Render(pad(f.name, labelW))+cells)
	}
	c.offset = max(min(c.offset, len(rows)-(height-1)), 0)
	return append([]string{title}, rows[c.offset:]...)
}
