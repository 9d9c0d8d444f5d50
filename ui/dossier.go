package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/store"
)

// The identity dossier (W): one subject (an access key, user name,
// identity ARN or source IP) across every Region and account of the
// store, as 'trailview who' prints it, with each list a cursor can walk
// and pivot from, and for a key its credential chain, whose links open
// their events and whose keys open their own dossiers.

// dossierRequested asks the root to open the dossier of a subject.
type dossierRequested struct {
	kind  history.SubjectKind
	value string
}

// dossierOpenEvent asks the root to open a chain link's event in the
// detail view, above the dossier.
type dossierOpenEvent struct{ link history.ChainLink }

// dossierMsg is the answer to one dossier query; seq drops stale ones.
type dossierMsg struct {
	seq int
	d   history.Dossier
	err error
}

// dossierSection names one list of the dossier.
type dossierSection int

const (
	secRegions dossierSection = iota
	secAccounts
	secIPs
	secAgents
	secCalls
	secErrors
	secResources
	secIssuedBy
	secIssued
)

var dossierTitles = [...]string{"Regions", "Accounts", "Source IPs", "User agents", "Calls (source:event)",
	"Error codes", "Resources touched", "Issued by (nearest first)", "Issued"}

// dossierPivotFields are the filter fields each list pivots on.
var dossierPivotFields = [...]string{"region", "account", "ip", "agent", "event", "error", "resource", "key", "key"}

// dossierItem is one row of a list: a counted value or a chain link.
type dossierItem struct {
	section dossierSection
	value   string // drawn (sanitized when drawn) and pivoted on
	sight   history.Sighting
	link    *history.ChainLink
}

// dossierSubject is one subject the view showed, for esc to return to.
type dossierSubject struct {
	kind  history.SubjectKind
	value string
}

// dossierView is the dossier overlay.
type dossierView struct {
	decision
	fetch   func(ctx context.Context, wq history.WhoQuery) (history.Dossier, error)
	ctx     context.Context
	stop    context.CancelFunc
	trail   []dossierSubject // the subjects walked, the shown one last
	seq     int
	loading bool
	err     string
	d       history.Dossier
	items   []dossierItem
	cur     int
	offset  int
	height  int
	loc     *time.Location
	styles  Styles
	keys    dossierKeyMap
}

// dossierKeyMap is the dossier's keys.
type dossierKeyMap struct {
	listKeys
	NextList, PrevList           key.Binding
	PivotIs, PivotNot, Open, Who key.Binding
	Close, Help                  key.Binding
}

func newDossierKeyMap() dossierKeyMap {
	return dossierKeyMap{
		listKeys: newListKeys(),
		NextList: bind([]string{"tab"}, "tab", "next list"),
		PrevList: bind([]string{"shift+tab"}, "shift+tab", "previous list"),
		PivotIs:  bind([]string{"="}, "=", "only this"),
		PivotNot: bind([]string{"!"}, "!", "not this"),
		Open:     bind([]string{"enter"}, "enter", "open link's event"),
		Who:      bind([]string{"W", "shift+w"}, "W", "dossier of link's key / IP"),
		Close:    bind([]string{"esc", "q"}, "esc", "back"),
		Help:     helpKey(),
	}
}

func (k dossierKeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.NextList, k.PivotIs, k.Open, k.Who, k.Close}
}

func (k dossierKeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom, k.NextList, k.PrevList},
		{k.PivotIs, k.PivotNot, k.Open, k.Who, k.Close, k.Help},
	}
}

// newDossierView opens the dossier of a subject and asks for it; fetch
// runs in a tea.Cmd. The scope is the whole store: a subject is followed
// across every Region, account and time it was seen.
func newDossierView(fetch func(context.Context, history.WhoQuery) (history.Dossier, error), ctx context.Context,
	kind history.SubjectKind, value string, loc *time.Location, s Styles) (*dossierView, tea.Cmd) {
	d := &dossierView{fetch: fetch, ctx: ctx, loc: loc, styles: s, keys: newDossierKeyMap()}
	return d, d.show(dossierSubject{kind, value})
}

// storeWho is the store's dossier query, for newDossierView.
func storeWho(st *store.Store) func(context.Context, history.WhoQuery) (history.Dossier, error) {
	return st.Who
}

// show starts reading a subject's dossier and forgets the shown one.
func (d *dossierView) show(s dossierSubject) tea.Cmd {
	if d.stop != nil {
		d.stop()
	}
	ctx, stop := context.WithCancel(d.ctx)
	d.stop = stop
	d.trail = append(d.trail, s)
	d.seq++
	d.loading, d.err, d.d, d.items, d.cur, d.offset = true, "", history.Dossier{}, nil, 0, 0
	seq, fetch := d.seq, d.fetch
	return func() tea.Msg {
		dos, err := fetch(ctx, history.WhoQuery{Kind: s.kind, Value: s.value})
		return dossierMsg{seq: seq, d: dos, err: err}
	}
}

func (d *dossierView) subject() dossierSubject { return d.trail[len(d.trail)-1] }

func (d *dossierView) placement() placement { return placeView }

func (d *dossierView) KeyMap() help.KeyMap { return d.keys }

func (d *dossierView) Update(msg tea.Msg) (overlay, tea.Cmd) {
	switch msg := msg.(type) {
	case dossierMsg:
		d.receive(msg)
	case tea.WindowSizeMsg:
		d.height = msg.Height
	case stylesChanged:
		d.styles = msg.styles
	case tea.KeyPressMsg:
		return d, d.key(msg)
	}
	return d, nil
}

// receive takes the answer for the subject shown.
func (d *dossierView) receive(msg dossierMsg) {
	if msg.seq != d.seq {
		return
	}
	d.loading = false
	if msg.err != nil {
		if !isCancel(msg.err) {
			d.err = msg.err.Error()
		}
		return
	}
	d.d = msg.d
	d.items = dossierItems(msg.d)
}

// dossierItems lists every row of every list, in the order drawn.
func dossierItems(dos history.Dossier) []dossierItem {
	var out []dossierItem
	counts := func(sec dossierSection, vs []history.ValueCount) {
		for _, v := range vs {
			out = append(out, dossierItem{section: sec, value: v.Value, sight: history.Sighting{Value: v.Value, Count: v.Count}})
		}
	}
	sights := func(sec dossierSection, vs []history.Sighting) {
		for _, v := range vs {
			out = append(out, dossierItem{section: sec, value: v.Value, sight: v})
		}
	}
	links := func(sec dossierSection, ls []history.ChainLink) {
		for i := range ls {
			out = append(out, dossierItem{section: sec, value: linkKey(sec, &ls[i]), link: &ls[i]})
		}
	}
	counts(secRegions, dos.Regions)
	counts(secAccounts, dos.Accounts)
	sights(secIPs, dos.SourceIPs)
	sights(secAgents, dos.UserAgents)
	sights(secCalls, dos.Calls)
	counts(secErrors, dos.ErrorCodes)
	counts(secResources, dos.Resources)
	links(secIssuedBy, dos.IssuedBy)
	links(secIssued, dos.Issued)
	return out
}

// linkKey is the key a link leads to: up the chain, the caller's key;
// down, the key issued.
func linkKey(sec dossierSection, l *history.ChainLink) string {
	if sec == secIssuedBy {
		return l.CallerAccessKeyID
	}
	return l.AccessKeyID
}

func (d *dossierView) key(msg tea.KeyPressMsg) tea.Cmd {
	k, n := d.keys, len(d.items)
	page := max(d.height-3, 1)
	if cur, moved := k.move(msg, d.cur, n, page); moved {
		d.cur = cur
		return nil
	}
	switch {
	case key.Matches(msg, k.Close):
		return d.back()
	case key.Matches(msg, k.Help):
		d.report(helpRequested{title: "dossier", keys: d.keys})
	case key.Matches(msg, k.NextList):
		d.jumpList(1)
	case key.Matches(msg, k.PrevList):
		d.jumpList(-1)
	case key.Matches(msg, k.PivotIs):
		d.pivot(false)
	case key.Matches(msg, k.PivotNot):
		d.pivot(true)
	case key.Matches(msg, k.Open):
		if it := d.item(); it != nil && it.link != nil {
			d.report(dossierOpenEvent{link: *it.link})
			return nil
		}
		d.pivot(false)
	case key.Matches(msg, k.Who):
		return d.walk()
	}
	return nil
}

// back shows the previous subject of the walk, or closes the view.
func (d *dossierView) back() tea.Cmd {
	if len(d.trail) > 1 {
		prev := d.trail[len(d.trail)-2]
		d.trail = d.trail[:len(d.trail)-2]
		return d.show(prev)
	}
	d.stop()
	d.close(nil)
	return nil
}

// item is the row under the cursor; nil while there is none.
func (d *dossierView) item() *dossierItem {
	if d.loading || d.cur >= len(d.items) {
		return nil
	}
	return &d.items[d.cur]
}

// jumpList moves the cursor to the first row of the next (or previous)
// list that has rows.
func (d *dossierView) jumpList(dir int) {
	if len(d.items) == 0 {
		return
	}
	sec := d.items[d.cur].section
	for i := d.cur; i >= 0 && i < len(d.items); i += dir {
		if d.items[i].section != sec {
			target := d.items[i].section
			for i > 0 && d.items[i-1].section == target {
				i-- // the list's first row, also when moving up
			}
			d.cur = i
			return
		}
	}
}

// pivot reports the pivot on the row under the cursor and closes the
// dossier, so that the table shows the result.
func (d *dossierView) pivot(exclude bool) {
	it := d.item()
	if it == nil {
		return
	}
	p := pivotChosen{field: dossierPivotFields[it.section], value: it.value, exclude: exclude}
	if it.section == secCalls {
		// A call is a source and an event name; a pivot adds one term,
		// so it filters on the event name and says so.
		source, name, ok := strings.Cut(it.value, ":")
		if !ok || strings.Contains(name, ":") {
			d.report(statusReport{text: "no pivot: the call " + Sanitize(it.value) + " cannot be split into source and event unambiguously", isErr: true})
			return
		}
		p.value, p.note = name, "event name only: the call's source is "+Sanitize(source)
	}
	if p.value == "" {
		d.report(statusReport{text: "no pivot: this link has no key", isErr: true})
		return
	}
	if d.stop != nil {
		d.stop()
	}
	d.close(p)
}

// walk opens the dossier of the row's key (a chain link) or IP, with esc
// to come back.
func (d *dossierView) walk() tea.Cmd {
	it := d.item()
	switch {
	case it == nil:
		return nil
	case it.link != nil && it.value == "":
		d.report(statusReport{text: "this link's caller has no access key (an AWS service, a SAML or web identity): the chain ends here", isErr: false})
		return nil
	case it.link != nil:
		return d.show(dossierSubject{history.SubjectKey, it.value})
	case it.section == secIPs:
		return d.show(dossierSubject{history.SubjectIP, it.value})
	}
	d.report(statusReport{text: fmt.Sprintf("W opens a dossier from a chain link or a source IP, not from %s", strings.ToLower(dossierTitles[it.section])), isErr: true})
	return nil
}
