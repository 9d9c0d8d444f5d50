package ui

import (
	"context"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/trailview/trailview/filter"
	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/store"
)

// facetField is one field the facets panel counts: its filter-language
// name (what pivotChosen carries, so the filter text names it the way a
// user would type it) and its label on screen.
type facetField struct {
	name  string
	label string
}

// facetFields are the panel's fields in the order left/right visit them,
// the list: the investigator's usual path from what happened to
// who did it and from where.
var facetFields = []facetField{
	{"event", "Event name"}, {"source", "Event source"}, {"user", "User name"},
	{"arn", "Identity ARN"}, {"key", "AWS access key"}, {"ip", "Source IP"},
	{"agent", "User agent"}, {"error", "Error code"}, {"region", "Region"},
	{"account", "Account"}, {"identity", "Identity type"}, {"resource", "Resource name"},
}

// pairFacetFields are offered after the single fields while the panel
// shows new values only: first sightings of an identity-and-call or
// key-and-address pair ("ci-deploy called CreateUser for the first time").
var pairFacetFields = []facetField{ // filter.SightingPairNames, labelled
	{"user+event", "User + event"}, {"key+event", "Key + event"}, {"key+ip", "Key + source IP"},
}

// facetLimit is how many values the panel reads: more than a screen holds,
// few enough that the answer stays small whatever the store's size.
const facetLimit = 50

// facetsMsg is the answer to one facets query; seq is the panel's own
// sequence number, so an answer to an older query state or field is
// dropped (as data.go does for pages).
type facetsMsg struct {
	seq   int
	field int
	res   store.TopResult
	err   error
}

// facetsPanel is the docked panel of the top values of one field for the
// current query. It is not an overlay: the table keeps drawing and working
// beside it, and the root gives it the keys only while it has the focus.
type facetsPanel struct {
	field   int // index into facetFields
	cursor  int
	offset  int // first value on screen
	seq     int // of the last query asked
	forSeq  int // the root's query state (Model.seq) the last query was for
	loading bool
	res     store.TopResult
	err     string
	keys    facetsKeyMap
	// newOnly lists only the values seen in the window and never before
	// its start anywhere in the store (first sightings), pairs included.
	newOnly bool
}

// fields are the fields the panel visits in its mode.
func (p *facetsPanel) fields() []facetField {
	if p.newOnly {
		return append(append([]facetField(nil), facetFields...), pairFacetFields...)
	}
	return facetFields
}

// current is the field the panel shows.
func (p *facetsPanel) current() facetField { return p.fields()[p.field] }

// facetsKeyMap is the panel's keys while it has the focus.
type facetsKeyMap struct {
	Up, Down, Top, Bottom key.Binding
	PrevField, NextField  key.Binding
	Is, IsNot             key.Binding
	Alone                 key.Binding
	NewOnly               key.Binding
	Back                  key.Binding
}

func newFacetsKeyMap() facetsKeyMap {
	return facetsKeyMap{
		Up: upKey(), Down: downKey(), Top: topKey(), Bottom: bottomKey(),
		PrevField: bind([]string{"left", "h", "shift+tab"}, "←/h", "previous field"),
		NextField: bind([]string{"right", "l", "tab"}, "→/l/tab", "next field"),
		Is:        bind([]string{"enter"}, "enter", "filter: is this value"),
		IsNot:     bind([]string{"!"}, "!", "filter: is not this value"),
		Alone:     bind([]string{"P"}, "P", "filter: this value alone"),
		NewOnly:   bind([]string{"N"}, "N", "new only (first seen in the window)"),
		Back:      bind([]string{"esc"}, "esc", "back to the table"),
	}
}

// ShortHelp is the footer while the panel has the focus.
func (k facetsKeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.NextField, k.Is, k.IsNot, k.Back}
}

// FullHelp lists every key of the panel.
func (k facetsKeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom}, {k.PrevField, k.NextField, k.Is, k.IsNot, k.Alone, k.NewOnly, k.Back}}
}

func newFacetsPanel() *facetsPanel {
	return &facetsPanel{keys: newFacetsKeyMap(), forSeq: -1}
}

// fetch asks for the top values of the panel's field for q; the answer
// is tagged so that a newer query or field wins.
func (p *facetsPanel) fetch(ctx context.Context, st *store.Store, q history.Query, rootSeq int) tea.Cmd {
	p.seq++
	p.forSeq, p.loading, p.err = rootSeq, true, ""
	seq, fieldIdx := p.seq, p.field
	name := p.current().name
	if p.newOnly {
		return func() tea.Msg {
			res, err := firstSightingsFacet(ctx, st, q, name)
			return facetsMsg{seq: seq, field: fieldIdx, res: res, err: err}
		}
	}
	return func() tea.Msg {
		f, _, ok := filter.FacetField(name)
		if !ok {
			return facetsMsg{seq: seq, field: fieldIdx, err: errUnknownFacet(name)}
		}
		res, err := st.Top(ctx, q, f, facetLimit)
		return facetsMsg{seq: seq, field: fieldIdx, res: res, err: err}
	}
}

// receive takes an answer unless a newer query was asked since.
func (p *facetsPanel) receive(msg facetsMsg) {
	if msg.seq != p.seq {
		return
	}
	p.loading = false
	if msg.err != nil {
		if !isCancel(msg.err) {
			p.err = msg.err.Error()
		}
		return
	}
	p.res, p.err = msg.res, ""
	p.cursor = min(p.cursor, max(len(p.res.Values)-1, 0))
}

// facetAction is what a key in the panel asks of the root.
type facetAction int

const (
	facetNone    facetAction = iota
	facetRefetch             // the field changed: count it
	facetBlur                // give the focus back to the table
)

// key handles a key while the panel has the focus: a pivot to report
// (pivotChosen), or an action for the root. ok is false for keys the
// panel does not use, which then go to the table.
func (p *facetsPanel) key(msg tea.KeyPressMsg, visibleRows int) (result tea.Msg, act facetAction, ok bool) {
	k := p.keys
	n := len(p.res.Values)
	switch {
	case key.Matches(msg, k.Up):
		p.cursor = max(p.cursor-1, 0)
	case key.Matches(msg, k.Down):
		p.cursor = max(min(p.cursor+1, n-1), 0)
	case key.Matches(msg, k.Top):
		p.cursor = 0
	case key.Matches(msg, k.Bottom):
		p.cursor = max(n-1, 0)
	case key.Matches(msg, k.PrevField):
		p.setField(p.field - 1)
		return nil, facetRefetch, true
	case key.Matches(msg, k.NextField):
		p.setField(p.field + 1)
		return nil, facetRefetch, true
	case key.Matches(msg, k.NewOnly):
		p.newOnly = !p.newOnly
		p.setField(min(p.field, len(p.fields())-1))
		return nil, facetRefetch, true
	case key.Matches(msg, k.Is), key.Matches(msg, k.IsNot), key.Matches(msg, k.Alone):
		if p.loading || p.cursor >= n {
			return nil, facetNone, true // the values on screen are not the answer yet
		}
		return p.pivotOn(p.res.Values[p.cursor].Value, key.Matches(msg, k.IsNot), key.Matches(msg, k.Alone)), facetNone, true
	case key.Matches(msg, k.Back):
		return nil, facetBlur, true
	default:
		return nil, facetNone, false
	}
	p.scrollTo(visibleRows)
	return nil, facetNone, true
}

// setField switches to field i (wrapping), starting at its top value.
func (p *facetsPanel) setField(i int) {
	n := len(p.fields())
	p.field = ((i % n) + n) % n
	p.cursor, p.offset = 0, 0
	p.res = store.TopResult{}
}

// firstShown is the first value drawn when rows fit: the scroll offset,
// moved only as far as needed to show the cursor (the panel may have
// shrunk since the last key).
func (p *facetsPanel) firstShown(rows int) int {
	rows = max(rows, 1)
	first := min(p.offset, p.cursor)
	if p.cursor >= first+rows {
		first = p.cursor - rows + 1
	}
	return first
}

// scrollTo keeps the cursor among the rows visible rows on screen.
func (p *facetsPanel) scrollTo(rows int) {
	rows = max(rows, 1)
	if p.cursor < p.offset {
		p.offset = p.cursor
	}
	if p.cursor >= p.offset+rows {
		p.offset = p.cursor - rows + 1
	}
}
