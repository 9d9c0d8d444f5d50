// Package ui is trailview's terminal browser for CloudTrail Event history:
// one root Model that owns the query state, the table (rowWindow,
// tableView) and a stack of overlays (overlay.go): the filter bar, the
// pickers, the columns and export dialogs, help, detail and compare.
// Each overlay is a component with its own keymap that only edits its own
// state and reports what it decided as a typed result, which the root
// applies in one place (results.go). All store access runs in tea.Cmds.
package ui

import (
	"context"
	"errors"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/store"
)

// Options configures the browser.
type Options struct {
	// Store is the store to browse. When it is nil, OpenStore opens one in
	// the background while the UI already shows (the sample history is
	// built on first use, which takes a moment); the UI then closes it.
	Store     *store.Store
	OpenStore func(ctx context.Context) (*store.Store, error)
	// StoreDone, if set, returns a channel closed once the store holds
	// everything: the sample is returned with its newest days and fills
	// the rest in the background. The UI says so meanwhile and refreshes
	// when it is done.
	StoreDone func(*store.Store) <-chan struct{}
	// Region is the Region to show first; "" picks the Region with the
	// most events (the last step of the default chain).
	Region string
	// Paths are inputs to load into Store while the UI runs.
	Paths []string
	// Sample says Store holds the embedded sample history, not the user's.
	Sample bool
	// EmptyHint is shown in the header while the store holds no events:
	// how to load some into it.
	EmptyHint string
	// Now is the clock for default windows and relative ranges (default
	// time.Now), read whenever a query runs; tests fix it so screens are
	// deterministic.
	Now func() time.Time
	// WatchEvery is how often the store is checked for events another
	// process added (default 2 s; negative: never).
	WatchEvery time.Duration
	// Local is the zone of the local-time toggle (default time.Local).
	Local *time.Location
	// ConfigPath is where the column choice is saved; "" keeps it in
	// memory only.
	ConfigPath string
	// Columns is the column choice restored from the config; nil means
	// the console's defaults.
	Columns []string
	// Context ends every query and load when done (default Background).
	Context context.Context
}

// Model is the root model of the browser.
type Model struct {
	opts   Options
	st     *store.Store
	ctx    context.Context
	keys   tableKeyMap
	styles Styles
	help   help.Model

	width, height int
	localTime     bool

	q     queryState
	seq   int
	qctx  context.Context
	qStop context.CancelFunc
	shown *queryState    // the query whose rows the table shows
	undo  *querySnapshot // the settled result esc returns to while loading
	live  liveState      // events other processes add (watch.go)

	tbl     rowWindow
	table   tableView // draws tbl
	marked  []int64   // marked row IDs, in marking order
	markSet map[int64]bool

	cols     columnSet
	regionsN []history.ScopeCount // Regions with counts, busiest first
	accounts []history.ScopeCount // accounts of acctRegion with counts
	acctOf   string               // the Region accounts were counted in
	countsIn bool                 // the counts have arrived at least once

	// insightCols are the Insights tab's columns (activeCols), for the
	// session only: the config file keeps the management columns.
	insightCols columnSet

	overlays []overlay // the dialogs and views above the table; the last has the focus

	filterHistory []string // the filters applied, most recent last, for the filter bar's up/down
	nav           navStack // the query states left, for back and forward (navstack.go)

	exportPath string     // the file name last typed in the export dialog
	exporting  *exportJob // the last export started; nil when none

	status string
	isErr  bool

	started  bool // the first query has been issued
	ownStore bool // the store came from OpenStore: Run closes it
	filling  bool // the store is still being filled (StoreDone)
	openErr  error

	filter filterBar
	loader loaderModel

	facets *facetsPanel   // the facets panel; nil when closed (panes.go)
	strip  *timelineStrip // the timeline strip; nil when hidden
	pane   pane           // the part of the main screen with the keys
}

// New returns the root model for opts.
func New(opts Options) *Model {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Local == nil {
		opts.Local = time.Local
	}
	if opts.Context == nil {
		opts.Context = context.Background()
	}
	m := &Model{
		opts:    opts,
		st:      opts.Store,
		ctx:     opts.Context,
		keys:    newTableKeyMap(),
		styles:  DefaultStyles(true),
		help:    help.New(),
		markSet: map[int64]bool{},
		cols:    newColumnSet(opts.Columns),
	}
	m.help.Styles = m.styles.Help
	m.q = defaultQuery(opts.Region)
	m.q.now = opts.Now()
	m.loader = newLoader(opts.Paths)
	return m
}

// Init asks for the terminal's background colour, then works out the
// Region and window and fetches the first screen.
func (m *Model) Init() tea.Cmd {
	if m.st == nil {
		return tea.Batch(tea.RequestBackgroundColor, openCmd(m.ctx, m.opts.OpenStore))
	}
	cmds := []tea.Cmd{tea.RequestBackgroundColor, startCmd(m.ctx, m.st, m.opts.Region, m.opts.Now()), m.watchFill(), m.nextWatch()}
	if len(m.opts.Paths) > 0 {
		cmds = append(cmds, m.loader.start(m.ctx, m.st))
	}
	return tea.Batch(cmds...)
}

// storeMsg is the store opened by Options.OpenStore.
type storeMsg struct {
	st  *store.Store
	err error
}

func openCmd(ctx context.Context, open func(context.Context) (*store.Store, error)) tea.Cmd {
	return func() tea.Msg {
		if open == nil {
			return storeMsg{err: errors.New("no store to browse")}
		}
		st, err := open(ctx)
		return storeMsg{st: st, err: err}
	}
}

// handleStore starts browsing the store that was opened in the background.
func (m *Model) handleStore(msg storeMsg) tea.Cmd {
	if msg.err != nil {
		m.openErr = msg.err
		m.setStatus(msg.err.Error()+" (q quits)", true)
		return nil
	}
	m.st, m.ownStore = msg.st, true
	return tea.Batch(startCmd(m.ctx, m.st, m.opts.Region, m.opts.Now()), m.watchFill(), m.nextWatch())
}

// filledMsg says the store now holds everything.
type filledMsg struct{}

// watchFill waits, in the background, for a store that is still being
// filled to be complete.
func (m *Model) watchFill() tea.Cmd {
	if m.opts.StoreDone == nil || m.st == nil {
		return nil
	}
	done := m.opts.StoreDone(m.st)
	select {
	case <-done:
		return nil
	default:
	}
	m.filling = true
	ctx := m.ctx
	return func() tea.Msg {
		select {
		case <-done:
			return filledMsg{}
		case <-ctx.Done():
			return nil
		}
	}
}

// handleFilled shows the whole store: counts and rows are read again,
// keeping the selection.
func (m *Model) handleFilled() tea.Cmd {
	m.filling = false
	if !m.started {
		return nil
	}
	m.tbl.keepID = m.selectedID()
	return tea.Batch(m.requery(), fetchScopes(m.ctx, m.st, m.q.region))
}

// startMsg carries what the first screen needs besides rows.
type startMsg struct {
	region  string
	win     history.Window
	regions []history.ScopeCount // filled when the Region had to be chosen
	err     error
}

// startCmd chooses the Region (the busiest when none is given) and its
// default window (history's rule, the export command's too); both come
// from the scope index, so the first page follows at once.
func startCmd(ctx context.Context, st *store.Store, region string, now time.Time) tea.Cmd {
	return func() tea.Msg {
		var regions []history.ScopeCount
		if region == "" {
			var err error
			if regions, err = st.RegionCounts(ctx); err != nil {
				return startMsg{err: err}
			}
			if len(regions) > 0 {
				region = regions[0].Name
			}
		}
		win, err := st.DefaultWindow(ctx, region, now)
		return startMsg{region: region, win: win, regions: regions, err: err}
	}
}

// Update routes a message, then lets the docked panes follow the query
// state it may have changed.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd, ok := m.paneMsg(msg)
	if !ok {
		_, cmd = m.update(msg)
	}
	return m, tea.Batch(cmd, m.followPanes())
}

// update routes a message: global messages first, then the component that
// has the focus.
func (m *Model) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.help.SetWidth(msg.Width)
		m.layout()
		return m, tea.Batch(m.prefetch(), m.resizeOverlays())
	case tea.BackgroundColorMsg:
		m.setStyles(DefaultStyles(msg.IsDark()))
		return m, m.broadcast(stylesChanged{styles: m.styles})
	case filledMsg:
		return m, m.handleFilled()
	case storeMsg:
		return m, m.handleStore(msg)
	case startMsg:
		return m, m.handleStart(msg)
	case pageMsg:
		return m, m.pageArrived(msg)
	case watchTickMsg:
		return m, m.handleWatchTick()
	case watchCountMsg:
		return m, m.handleWatchCount(msg)
	case newerMsg:
		m.handleNewer(msg)
		return m, nil
	case countMsg:
		return m, m.handleCount(msg)
	case detailMsg:
		return m, m.broadcast(msg)
	case compareMsg:
		return m, m.broadcast(msg)
	case windowMsg:
		return m, m.handleWindow(msg)
	case scopesMsg:
		return m, m.handleScopes(msg)
	case loadProgressMsg:
		return m, m.handleLoadProgress(msg)
	case loadDoneMsg:
		return m, m.handleLoadDone(msg)
	case exportProgressMsg, exportDoneMsg:
		return m, m.broadcast(msg)
	case tea.KeyPressMsg:
		return m, m.handleKey(msg)
	case tea.PasteMsg:
		return m, m.handlePaste(msg)
	case tea.MouseWheelMsg:
		return m, m.handleWheel(msg)
	case tea.MouseClickMsg:
		return m, m.handleClick(msg)
	}
	return m, m.apply(msg)
}

// setStyles rebuilds everything that caches styles.
func (m *Model) setStyles(s Styles) {
	m.styles = s
	m.help.Styles = s.Help
}

// setStatus shows a one-line message in the footer.
func (m *Model) setStatus(s string, isErr bool) {
	m.status, m.isErr = s, isErr
}

// handleKey handles the keys that work everywhere, then hands the key to
// the focused part of the screen.
func (m *Model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	if key.Matches(msg, m.keys.Quit) {
		return m.quit()
	}
	if o := m.top(); o != nil {
		return m.updateOverlay(o, msg)
	}
	return m.tableKey(msg)
}

// quit cancels background work and ends the program; the deferred
// terminal restore in Bubble Tea leaves the alternate screen.
func (m *Model) quit() tea.Cmd {
	m.loader.cancel()
	m.exporting.cancel()
	if m.qStop != nil {
		m.qStop()
	}
	return tea.Quit
}

// handlePaste gives pasted text to the text field that has the focus.
func (m *Model) handlePaste(msg tea.PasteMsg) tea.Cmd {
	if o := m.top(); o != nil {
		return m.updateOverlay(o, msg)
	}
	return nil
}
