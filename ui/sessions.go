package ui

import (
	"context"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/store"
)

// The sessions view (S): the events of the query in force grouped by
// access key, one row per key, drawn in place of the table under the
// header (which still names the scope, window and filter). Enter pivots
// the table to the key and leaves the view; [ then returns to the filter
// before it.

// sessionsMsg is the answer to the sessions query.
type sessionsMsg struct {
	seq  int
	rows []store.Session
	err  error
}

// sessionsSeq numbers every sessions query of the program, so an answer
// meant for a view closed since is dropped by the one opened after it.
var sessionsSeq int

type sessionsView struct {
	decision
	seq     int
	stop    context.CancelFunc
	loading bool
	err     string
	rows    []store.Session
	cur     int
	offset  int
	height  int
	loc     *time.Location
	styles  Styles
	keys    sessionsKeyMap
}

type sessionsKeyMap struct {
	listKeys
	Open, PivotNot, Who, Close, Help key.Binding
}

func newSessionsKeyMap() sessionsKeyMap {
	return sessionsKeyMap{
		listKeys: newListKeys(),
		Open:     bind([]string{"enter", "="}, "enter/=", "only this key (leaves the view; [ comes back)"),
		PivotNot: bind([]string{"!"}, "!", "not this key"),
		Who:      bind([]string{"W", "shift+w"}, "W", "dossier of the key"),
		Close:    bind([]string{"esc", "q", "S", "shift+s"}, "esc/S", "back to the events"),
		Help:     helpKey(),
	}
}

func (k sessionsKeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.Open, k.PivotNot, k.Who, k.Close}
}

func (k sessionsKeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}, {k.Open, k.PivotNot, k.Who, k.Close, k.Help}}
}

// newSessionsView opens the view and asks for the sessions of q.
func newSessionsView(ctx context.Context, st *store.Store, q history.Query, loc *time.Location, s Styles) (*sessionsView, tea.Cmd) {
	sessionsSeq++
	ctx, stop := context.WithCancel(ctx)
	v := &sessionsView{seq: sessionsSeq, stop: stop, loading: true, loc: loc, styles: s, keys: newSessionsKeyMap()}
	seq := v.seq
	return v, func() tea.Msg {
		rows, err := st.Sessions(ctx, q, store.MaxSessions)
		return sessionsMsg{seq: seq, rows: rows, err: err}
	}
}

func (v *sessionsView) placement() placement { return placeDialog }

func (v *sessionsView) KeyMap() help.KeyMap { return v.keys }

func (v *sessionsView) Update(msg tea.Msg) (overlay, tea.Cmd) {
	switch msg := msg.(type) {
	case sessionsMsg:
		if msg.seq == v.seq {
			v.loading, v.rows = false, msg.rows
			if msg.err != nil && !isCancel(msg.err) {
				v.err = msg.err.Error()
			}
		}
	case tea.WindowSizeMsg:
		v.height = msg.Height
	case stylesChanged:
		v.styles = msg.styles
	case tea.KeyPressMsg:
		v.key(msg)
	}
	return v, nil
}

func (v *sessionsView) key(msg tea.KeyPressMsg) {
	k, n := v.keys, len(v.rows)
	page := max(v.height-2, 1)
	if cur, moved := k.move(msg, v.cur, n, page); moved {
		v.cur = cur
		return
	}
	switch {
	case key.Matches(msg, k.Close):
		v.stop()
		v.close(nil)
	case key.Matches(msg, k.Help):
		v.report(helpRequested{title: "sessions", keys: v.keys})
	case key.Matches(msg, k.Open), key.Matches(msg, k.PivotNot):
		if v.loading || v.cur >= n {
			return
		}
		v.stop()
		v.close(pivotChosen{field: "key", value: v.rows[v.cur].AccessKeyID, exclude: key.Matches(msg, k.PivotNot)})
	case key.Matches(msg, k.Who):
		if !v.loading && v.cur < n {
			v.report(dossierRequested{kind: history.SubjectKey, value: v.rows[v.cur].AccessKeyID})
		}
	}
}
