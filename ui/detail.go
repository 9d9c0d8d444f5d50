package ui

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/trailview/trailview/history"
)

// eventStep asks for the next (1) or previous (-1) event of the table
// in the detail view.
type eventStep struct{ delta int }

// detailView is the event view: derived fields on top, then the whole
// record as indented, colourized JSON.
type detailView struct {
	decision
	ev      history.Event
	loading bool
	// linked is set when the event came from a dossier's chain, not from
	// the table: next and previous would show the table's events instead.
	linked  bool
	err     error
	json    string   // the indented record, for the clipboard
	lines   []string // drawn lines before wrapping
	wrapped []string // lines wrapped to wrapW
	wrapW   int
	// The field cursor (detailfields.go): segs holds each line's fields
	// (nil for other lines), fields those the cursor reaches, cur the
	// one it is on; follow asks View to bring it on screen.
	segs      [][]fieldSeg
	fields    []fieldRef
	cur       int
	follow    bool
	lineStart []int // each line's first wrapped line
	offset    int
	height    int            // the lines the view has
	loc       *time.Location // the zone of the summary's times (nil: UTC)
	styles    Styles
	keys      detailKeyMap
}

// detailKeyMap is the detail view's keys.
type detailKeyMap struct {
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding
	NextEvent, PrevEvent                    key.Binding
	PivotIs, PivotNot, Who                  key.Binding
	PivotAlone                              key.Binding
	Copy, Close, Help                       key.Binding
}

func (k detailKeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.PivotIs, k.PivotNot, k.NextEvent, k.Copy, k.Close}
}

func (k detailKeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom},
		{k.PivotIs, k.PivotNot, k.PivotAlone, k.Who, k.NextEvent, k.PrevEvent, k.Copy, k.Close},
	}
}

// newDetailKeyMap is the detail view's keys.
func newDetailKeyMap() detailKeyMap {
	return detailKeyMap{
		Up: bind([]string{"up", "k"}, "↑/k", "field up"), Down: bind([]string{"down", "j"}, "↓/j", "field down"),
		PageUp: pageUpKey(), PageDown: pageDownKey(), Top: topKey(), Bottom: bottomKey(),
		PivotIs:    bind([]string{"="}, "=", "only this"),
		PivotNot:   bind([]string{"!"}, "!", "not this"),
		PivotAlone: bind([]string{"P"}, "P", "this alone"),
		Who:        bind([]string{"W", "shift+w"}, "W", "dossier (who)"),
		NextEvent:  bind([]string{"n", "]"}, "n/]", "next event"),
		PrevEvent:  bind([]string{"p", "["}, "p/[", "previous event"),
		Copy:       bind([]string{"y"}, "y", "copy record"),
		Close:      closeKey(), Help: helpKey(),
	}
}

// newDetailView shows the table's copy of e at once; the record follows
// in a detailMsg. Times are shown in loc.
func newDetailView(e history.Event, loc *time.Location, s Styles) *detailView {
	d := &detailView{ev: e, loading: true, loc: loc, styles: s, keys: newDetailKeyMap()}
	d.restyle()
	return d
}

func (d *detailView) placement() placement { return placeView }

func (d *detailView) KeyMap() help.KeyMap { return d.keys }

// Update takes the record, keys, the wheel and the view's size.
func (d *detailView) Update(msg tea.Msg) (overlay, tea.Cmd) {
	switch msg := msg.(type) {
	case detailMsg:
		d.setEvent(msg)
	case tea.WindowSizeMsg:
		d.height = msg.Height
	case tea.MouseWheelMsg:
		d.scroll(wheelDelta(msg))
	case stylesChanged:
		d.styles = msg.styles
		d.restyle()
	case tea.KeyPressMsg:
		return d, d.key(msg)
	}
	return d, nil
}

func (d *detailView) key(msg tea.KeyPressMsg) tea.Cmd {
	k, h := d.keys, d.height
	switch {
	case key.Matches(msg, k.Close):
		d.close(nil)
	case key.Matches(msg, k.Help):
		d.report(helpRequested{title: "event detail", keys: d.keys})
	case key.Matches(msg, k.Down):
		d.moveField(1)
	case key.Matches(msg, k.Up):
		d.moveField(-1)
	case key.Matches(msg, k.PageDown):
		d.pageFields(h - 1)
	case key.Matches(msg, k.PageUp):
		d.pageFields(-(h - 1))
	case key.Matches(msg, k.Top):
		d.moveField(-d.cur)
		d.offset = 0
	case key.Matches(msg, k.Bottom):
		d.moveField(len(d.fields) - 1 - d.cur)
		d.scroll(1 << 30)
	case key.Matches(msg, k.PivotIs):
		d.pivot(false, false)
	case key.Matches(msg, k.PivotNot):
		d.pivot(true, false)
	case key.Matches(msg, k.PivotAlone):
		d.pivot(false, true)
	case key.Matches(msg, k.Who):
		d.who()
	case key.Matches(msg, k.NextEvent), key.Matches(msg, k.PrevEvent):
		d.stepEvent(key.Matches(msg, k.NextEvent))
	case key.Matches(msg, k.Copy):
		return d.copyRecord()
	}
	return nil
}

// stepEvent asks for the table's next or previous event, unless this
// event is not one of the table's.
func (d *detailView) stepEvent(next bool) {
	switch {
	case d.linked:
		d.report(statusReport{text: "this event came from the dossier: n and p step through the table's events; esc goes back to the dossier"})
	case next:
		d.report(eventStep{delta: 1})
	default:
		d.report(eventStep{delta: -1})
	}
}

func (d *detailView) zone() *time.Location {
	if d.loc == nil {
		return time.UTC
	}
	return d.loc
}

// setEvent receives the record; answers for another event are dropped.
func (d *detailView) setEvent(msg detailMsg) {
	if msg.id != d.ev.ID {
		return
	}
	d.loading, d.err = false, msg.err
	if msg.err == nil {
		d.ev = msg.ev
		var buf bytes.Buffer
		if json.Indent(&buf, msg.ev.Raw, "", "  ") == nil {
			d.json = buf.String()
		} else {
			d.json = string(msg.ev.Raw)
		}
	}
	d.restyle()
}

// restyle rebuilds the drawn lines, after the record or the styles change.
func (d *detailView) restyle() {
	if d.ev.ID == 0 {
		return
	}
	s, e := d.styles, &d.ev
	d.lines, d.segs = nil, nil
	d.addSegs(fieldSeg{value: e.EventName, style: func(v string) string { return s.Title.Render(v) }, pivot: &pivotChosen{field: "event", value: e.EventName}},
		fieldSeg{sep: "  ", value: e.EventSource, style: func(v string) string { return s.Dim.Render(v) }, pivot: &pivotChosen{field: "source", value: e.EventSource}})
	d.addSegs(fieldSeg{label: "Event time", value: e.Time.In(d.zone()).Format(time.RFC3339)},
		summaryField("   ", "Region", "region", e.Region), summaryField("   ", "Account", "account", e.Account))
	if e.Category == history.Insight {
		// Insights records have no caller, key or resources (spec 5.5):
		// their fields are in insightDetails.
		d.addSegs(summaryField("", "Event ID", "id", e.EventID))
		field := func(name, v string) string { return s.Label.Render(name+":") + " " + Sanitize(v) }
		for _, l := range insightSummary(e, field) {
			d.add(l)
		}
	} else {
		d.managementLines()
	}
	d.add("")
	d.add(s.Label.Render("Event record:"))
	switch {
	case d.loading:
		d.add(s.Dim.Render("loading…"))
	case d.err != nil:
		d.add(s.StatusError.Render("cannot read the record: " + Sanitize(d.err.Error())))
	default:
		lines, segs := d.jsonSegs(d.json)
		d.lines, d.segs = append(d.lines, lines...), append(d.segs, segs...)
	}
	d.indexFields()
	if len(d.fields) > 0 {
		d.redrawLine(d.fields[d.cur].line)
	}
	d.wrapped, d.wrapW = nil, 0
}

// add appends a line without fields; addSegs one of fields.
func (d *detailView) add(line string) {
	d.lines, d.segs = append(d.lines, line), append(d.segs, nil)
}

func (d *detailView) addSegs(segs ...fieldSeg) {
	d.lines, d.segs = append(d.lines, d.drawSegs(segs, -1)), append(d.segs, segs)
}

// summaryField is a labelled summary value that pivots on a filter field.
func summaryField(sep, label, field, v string) fieldSeg {
	return fieldSeg{sep: sep, label: label, value: v, pivot: &pivotChosen{field: field, value: v}}
}

// managementLines are the derived fields of a management event: caller,
// key, error and the resources LookupEvents would list.
func (d *detailView) managementLines() {
	s, e := d.styles, &d.ev
	d.addSegs(summaryField("", "User name", "user", e.Username), summaryField("   ", "Identity type", "identity", e.IdentityType))
	d.addSegs(summaryField("", "AWS access key", "key", e.AccessKeyID), summaryField("   ", "Source IP", "ip", e.SourceIP),
		summaryField("   ", "Read-only", "readonly", e.ReadOnly))
	d.addSegs(summaryField("", "Event ID", "id", e.EventID), summaryField("   ", "Request ID", "request", e.RequestID))
	if e.ErrorCode != "" {
		g := summaryField("", "Error code", "error", e.ErrorCode)
		g.style = func(v string) string { return s.Error.Render(v) }
		d.addSegs(g)
	}
	res := "Resources referenced"
	if !e.ResourcesFromAPI && len(e.Resources) > 0 {
		res += " (derived from the record by trailview, as LookupEvents would list them)"
	}
	d.add(s.Label.Render(res + ":"))
	if len(e.Resources) == 0 {
		d.add("  (none)")
	}
	for _, r := range e.Resources {
		typ := fieldSeg{sep: "  ", value: r.Type, pivot: &pivotChosen{field: "type", value: r.Type}}
		if r.Type == "" {
			typ = fieldSeg{sep: "  ", value: "(type unknown)"}
		}
		d.addSegs(typ, fieldSeg{sep: "  ", value: r.Name, pivot: &pivotChosen{field: "resource", value: r.Name}})
	}
}

// copyRecord puts the record on the clipboard and says so where the user
// is looking. The copy is an OSC 52 sequence: the terminal gives no answer,
// so whether it allowed the write cannot be known, and the message says so.
func (d *detailView) copyRecord() tea.Cmd {
	switch {
	case d.loading:
		d.report(statusReport{text: "the record is still loading: nothing copied yet", isErr: true})
		return nil
	case d.err != nil || d.json == "":
		d.report(statusReport{text: "nothing copied: the record could not be read", isErr: true})
		return nil
	}
	d.report(statusReport{text: fmt.Sprintf("record copied (%s bytes, OSC 52): if it is not on the clipboard, the terminal blocks OSC 52", commas(int64(len(d.json))))})
	return tea.SetClipboard(d.json)
}

// View draws height lines of the detail at width.
func (d *detailView) View(width, height int) string {
	s := d.styles
	if d.wrapW != width || d.wrapped == nil {
		d.wrapped = d.wrapped[:0]
		d.lineStart = d.lineStart[:0]
		for _, l := range d.lines {
			d.lineStart = append(d.lineStart, len(d.wrapped))
			if ansi.StringWidth(l) <= width {
				d.wrapped = append(d.wrapped, l)
				continue
			}
			d.wrapped = append(d.wrapped, strings.Split(ansi.Hardwrap(l, width, true), "\n")...)
		}
		d.wrapW = width
	}
	d.keepCursorInView(d.lineStart, height)
	d.offset = max(min(d.offset, len(d.wrapped)-height), 0)
	end := min(d.offset+height, len(d.wrapped))
	out := append([]string(nil), d.wrapped[d.offset:end]...)
	if len(d.wrapped) > height && len(out) > 0 {
		pct := fmt.Sprintf(" %d%% ", 100*end/len(d.wrapped))
		out[0] = truncate(out[0], width-len(pct)) + strings.Repeat(" ", max(width-len(pct)-ansi.StringWidth(truncate(out[0], width-len(pct))), 0)) + s.Dim.Render(pct)
	}
	return strings.Join(out, "\n")
}

// scroll moves the view by delta lines.
func (d *detailView) scroll(delta int) {
	d.offset = max(min(d.offset+delta, len(d.wrapped)-d.height), 0)
}

// colorJSON colours one line of indented JSON: keys, strings, numbers,
// literals and punctuation. The line is already sanitized.
func colorJSON(line string, s Styles) string {
	var b strings.Builder
	for i := 0; i < len(line); {
		c := line[i]
		switch {
		case c == '"':
			j := i + 1
			for j < len(line) && line[j] != '"' {
				if line[j] == '\\' {
					j++
				}
				j++
			}
			j = min(j+1, len(line))
			tok := line[i:j]
			rest := strings.TrimLeft(line[j:], " ")
			if strings.HasPrefix(rest, ":") {
				b.WriteString(s.JSONKey.Render(tok))
			} else {
				b.WriteString(s.JSONString.Render(tok))
			}
			i = j
		case c == '-' || (c >= '0' && c <= '9'):
			j := i + 1
			for j < len(line) && strings.IndexByte("0123456789.eE+-", line[j]) >= 0 {
				j++
			}
			b.WriteString(s.JSONNumber.Render(line[i:j]))
			i = j
		case strings.HasPrefix(line[i:], "true"), strings.HasPrefix(line[i:], "null"):
			b.WriteString(s.JSONBool.Render(line[i : i+4]))
			i += 4
		case strings.HasPrefix(line[i:], "false"):
			b.WriteString(s.JSONBool.Render(line[i : i+5]))
			i += 5
		case c == ' ':
			b.WriteByte(c)
			i++
		default:
			_, size := utf8.DecodeRuneInString(line[i:])
			b.WriteString(s.JSONPunct.Render(line[i : i+size]))
			i += size
		}
	}
	return b.String()
}
