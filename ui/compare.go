package ui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/trailview/trailview/history"
)

// compareView shows up to five events side by side, one column per event
// and one line per field, like the console's "Compare event details";
// fields whose values differ are flagged.
type compareView struct {
	decision
	events  []history.Event
	loading bool
	err     error
	offset  int // first field line shown
	first   int // first event shown, when they do not all fit
	loc     *time.Location
	styles  Styles
	keys    compareKeyMap
	// width and height are the view's area: the screen above the footer.
	width, height int
}

// compareKeyMap is the compare view's keys.
type compareKeyMap struct {
	Up, Down, PageUp, PageDown key.Binding
	// EventsLeft and EventsRight show the events that do not fit beside
	// the others.
	EventsLeft, EventsRight key.Binding
	Close, Help             key.Binding
}

func (k compareKeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.EventsLeft, k.EventsRight, k.Close}
}

func (k compareKeyMap) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// newCompareKeyMap is the compare view's keys.
func newCompareKeyMap() compareKeyMap {
	return compareKeyMap{
		Up: upKey(), Down: downKey(), PageUp: pageUpKey(), PageDown: pageDownKey(),
		EventsLeft:  bind([]string{"left", "h"}, "←/h", "events to the left"),
		EventsRight: bind([]string{"right", "l"}, "→/l", "events to the right"),
		Close:       closeKey(), Help: helpKey(),
	}
}

// newCompareView shows the events that compareMsg brings, times in loc.
func newCompareView(loc *time.Location, s Styles) *compareView {
	return &compareView{loading: true, loc: loc, styles: s, keys: newCompareKeyMap()}
}

func (c *compareView) placement() placement { return placeViewNoStatus }

func (c *compareView) KeyMap() help.KeyMap { return c.keys }

// Update takes the events, keys, the wheel and the view's size.
func (c *compareView) Update(msg tea.Msg) (overlay, tea.Cmd) {
	switch msg := msg.(type) {
	case compareMsg:
		c.loading = false
		c.events, c.err = msg.events, msg.err
	case tea.WindowSizeMsg:
		c.width, c.height = msg.Width, msg.Height
	case tea.MouseWheelMsg:
		c.offset = max(c.offset+wheelDelta(msg), 0)
	case stylesChanged:
		c.styles = msg.styles
	case tea.KeyPressMsg:
		c.key(msg)
	}
	return c, nil
}

func (c *compareView) key(msg tea.KeyPressMsg) {
	k := c.keys
	half := (c.height + 1) / 2 // half the terminal: the view and its footer line
	switch {
	case key.Matches(msg, k.Close):
		c.close(nil)
	case key.Matches(msg, k.Down):
		c.offset++
	case key.Matches(msg, k.Up):
		c.offset = max(c.offset-1, 0)
	case key.Matches(msg, k.PageDown):
		c.offset += half
	case key.Matches(msg, k.PageUp):
		c.offset = max(c.offset-half, 0)
	case key.Matches(msg, k.EventsLeft):
		c.shift(-1, c.width)
	case key.Matches(msg, k.EventsRight):
		c.shift(1, c.width)
	case key.Matches(msg, k.Help):
		c.report(helpRequested{title: "compare view", keys: c.keys})
	}
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
func (c *compareView) columns(width int) (shown, colW int) {
	space := width - 2 - compareLabelWidth()
	n := max(len(c.events), 1)
	shown = max(min(n, space/(compareMinCol+1)), 1)
	return shown, max(space/shown-1, 1)
}

// shift scrolls the events sideways by delta, keeping the screen full.
func (c *compareView) shift(delta, width int) {
	shown, _ := c.columns(width)
	c.first = max(min(c.first+delta, len(c.events)-shown), 0)
}

// View draws height lines.
func (c *compareView) View(width, height int) string {
	s, loc := c.styles, c.loc
	title := s.Title.Render("Compare events") + s.Dim.Render("  ≠ marks fields that differ")
	switch {
	case c.loading:
		return title + "\n" + s.Dim.Render("loading…")
	case c.err != nil:
		return title + "\n" + s.StatusError.Render("cannot read the events: "+Sanitize(c.err.Error()))
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
	return strings.Join(append([]string{title}, rows[c.offset:]...), "\n")
}
