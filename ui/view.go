package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/trailview/trailview/history"
)

// Smallest usable screen: the header, a few rows and the footer.
const (
	minWidth  = 60
	minHeight = 12
)

// View draws the whole screen.
func (m *Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "trailview"
	return v
}

// render returns the screen as text, exactly height lines of at most
// width cells.
func (m *Model) render() string {
	if m.width == 0 || m.height == 0 {
		return ""
	}
	if m.width < minWidth || m.height < minHeight {
		return m.tooSmall()
	}
	if o := m.top(); o != nil {
		return fit(m.overlayScreen(o), m.width, m.height)
	}
	return fit(m.mainScreen(), m.width, m.height)
}

// mainScreen is the header, the table, the status line and the footer.
func (m *Model) mainScreen() []string {
	head := m.headerLines()
	lines := append(head, m.bodyLines(m.height-len(head)-2)...)
	return append(lines, m.statusLine(), m.footer(m.focusedKeys()))
}

// headerLines are the scope line, the tab and filter line, and a notice
// line when there is something to say (sample, archive, loading).
func (m *Model) headerLines() []string {
	s := m.styles
	region := m.q.regionText()
	scope := s.Title.Render("trailview") + " " + s.Header.Render(Sanitize(fmt.Sprintf("%s · %s · %s", m.accountText(), region, m.rangeText())))
	tabs := []string{"Management events", "Insights events"}
	var b strings.Builder
	for i, name := range tabs {
		if i > 0 {
			b.WriteString(" ")
		}
		// Brackets mark the active tab without relying on colour.
		if history.Category(i) == m.q.category {
			b.WriteString(s.TabActive.Render("[" + name + "]"))
		} else {
			b.WriteString(s.TabInactive.Render(" " + name + " "))
		}
	}
	for _, c := range m.chips() {
		b.WriteString(" " + s.Chip.Render(" "+Sanitize(c)+" "))
	}
	count := s.Count.Render(m.countText())
	left := truncate(b.String(), max(m.width-ansi.StringWidth(count)-1, 0))
	gap := max(m.width-ansi.StringWidth(left)-ansi.StringWidth(count), 1)
	filters := left + strings.Repeat(" ", gap) + count
	lines := []string{truncate(scope, m.width), filters}
	if crumb := m.breadcrumb(m.width - 2); crumb != "" {
		// The filter and the steps that led to it (breadcrumb.go, which
		// sanitizes it), on a line of their own: the tab line has no room.
		lines = append(lines, s.Chip.Render(" "+crumb+" "))
	}
	if n := m.notice(); n != "" {
		lines = append(lines, s.Notice.Render(truncate(n, m.width)))
	}
	return lines
}

// chips are the active filters, shown so that they can be removed.
func (m *Model) chips() []string {
	var out []string
	if m.q.lookup != nil {
		label := lookupLabel(m.q.lookup.Key) + " = " + m.q.lookup.Value + " (x)"
		if m.q.effectiveLookup() == nil {
			label = lookupLabel(m.q.lookup.Key) + " = " + m.q.lookup.Value + " (n/a for Insights)"
		}
		out = append(out, label)
	}
	if len(m.marked) > 0 {
		out = append(out, fmt.Sprintf("%d marked", len(m.marked)))
	}
	return out
}

// countText is "N of M events", M arriving when the count does.
func (m *Model) countText() string {
	t := &m.tbl
	total := "…"
	switch {
	case t.totalKnown:
		total = commas(t.total)
	case t.atLeast > 0:
		total = "≥ " + commas(t.atLeast) // the count so far; counting goes on
	}
	if len(t.rows) == 0 {
		if t.totalKnown {
			return "0 events"
		}
		return "counting…"
	}
	if m.loadingQuery() {
		if m.undo != nil {
			return "loading… (esc cancels)"
		}
		return "loading…"
	}
	pos := "?"
	switch {
	case t.resetting:
		// The rows on screen are the previous query's until the new page
		// arrives; the new count may come first, and "1 of 2" above rows
		// of another query would be a lie.
		pos = "…"
	case t.base >= 0:
		pos = commas(t.base + int64(t.cursor) + 1)
	}
	return pos + " of " + total + " events"
}

// notice is the third header line: what the user must know about the
// data on screen.
func (m *Model) notice() string {
	var parts []string
	if m.st == nil && m.openErr == nil {
		parts = append(parts, "Preparing the store… (the built-in sample history is generated on first use)")
	}
	switch {
	case m.opts.Sample && m.filling:
		parts = append(parts, "Sample history (built in, not your data): generating older events…")
	case m.opts.Sample:
		parts = append(parts, "Sample history (built in, not your data): load yours with 'trailview load PATH' or 'trailview PATH'")
	case m.filling:
		parts = append(parts, "Filling the store…")
	case m.opts.EmptyHint != "" && m.countsIn && len(m.regionsN) == 0 && !m.loader.active():
		parts = append(parts, Sanitize(m.opts.EmptyHint))
	}
	if m.loader.active() {
		parts = append(parts, m.loader.line(m.width))
	}
	if m.q.win.Archive && !m.q.explicit {
		parts = append(parts, "Archive: the newest event is older than 90 days, so the window ends at it")
	}
	if n := m.regionNotice(); n != "" {
		parts = append(parts, n)
	}
	if n := m.newerNotice(); n != "" {
		parts = append(parts, n)
	}
	return strings.Join(parts, " · ")
}

// statusLine shows the last message.
func (m *Model) statusLine() string {
	if m.status == "" {
		return ""
	}
	st := m.styles.Status
	if m.isErr {
		st = m.styles.StatusError
	}
	return st.Render(truncate(Sanitize(m.status), m.width))
}

// footer is the short help of the focused component.
func (m *Model) footer(k help.KeyMap) string {
	return truncate(m.help.ShortHelpView(k.ShortHelp()), m.width)
}

// tooSmall replaces the screen when it cannot hold the table.
func (m *Model) tooSmall() string {
	msg := []string{
		"Terminal too small",
		fmt.Sprintf("need %dx%d, have %dx%d", minWidth, minHeight, m.width, m.height),
		"enlarge the window, or press q to quit",
	}
	var lines []string
	top := max((m.height-len(msg))/2, 0)
	for i := 0; i < top; i++ {
		lines = append(lines, "")
	}
	for _, l := range msg {
		l = truncate(l, m.width)
		lines = append(lines, strings.Repeat(" ", max((m.width-ansi.StringWidth(l))/2, 0))+l)
	}
	return fit(lines, m.width, m.height)
}

// fit makes lines exactly height lines of at most width cells.
func fit(lines []string, width, height int) string {
	if len(lines) > height {
		lines = lines[:height]
	}
	for len(lines) < height {
		lines = append(lines, "")
	}
	for i, l := range lines {
		if ansi.StringWidth(l) > width {
			lines[i] = ansi.Truncate(l, width, "")
		}
	}
	return strings.Join(lines, "\n")
}

// drawOver draws box (a dialog) centred over base.
func drawOver(base, box []string, width int) []string {
	out := append([]string(nil), base...)
	top := max((len(base)-len(box))/2, 0)
	for i, l := range box {
		if top+i >= len(out) {
			break
		}
		w := ansi.StringWidth(l)
		left := max((width-w)/2, 0)
		bg := out[top+i]
		out[top+i] = ansi.Truncate(bg, left, "") + strings.Repeat(" ", max(left-ansi.StringWidth(ansi.Truncate(bg, left, "")), 0)) + l +
			ansi.TruncateLeft(bg, left+w, "")
	}
	return out
}

// commas formats n with thousands separators.
func commas(n int64) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + commas(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// lookupLabel is the console's label for a lookup attribute (spec 2.3).
func lookupLabel(key string) string {
	switch key {
	case history.AttrAccessKeyID:
		return "AWS access key"
	case history.AttrEventID:
		return "Event ID"
	case history.AttrEventName:
		return "Event name"
	case history.AttrEventSource:
		return "Event source"
	case history.AttrReadOnly:
		return "Read-only"
	case history.AttrResourceName:
		return "Resource name"
	case history.AttrResourceType:
		return "Resource type"
	case history.AttrUsername:
		return "User name"
	}
	return key
}

func splitLines(s string) []string { return strings.Split(s, "\n") }

// padLines cuts or pads lines to exactly n.
func padLines(lines []string, n int) []string {
	if len(lines) > n {
		return lines[:n]
	}
	for len(lines) < n {
		lines = append(lines, "")
	}
	return lines
}
