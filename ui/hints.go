package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/trailview/trailview/history"
)

// An empty table or an empty Region is a question ("why nothing?"): these
// answer it with what actually narrows the query, each with the key that
// lifts it, rather than a fixed sentence that may name a filter that is
// not set.

// emptyHint is drawn in place of the rows when nothing matches.
func (m *Model) emptyHint() []string {
	var causes []string
	cause := func(key, what string) {
		causes = append(causes, fmt.Sprintf("  %-3s %s", key, what))
	}
	if a := m.q.effectiveLookup(); a != nil {
		what := "attribute " + lookupLabel(a.Key) + " = " + a.Value
		if a.Key == history.AttrReadOnly && a.Value == "false" {
			what += " (the console's default: write events only)"
		}
		cause("x", what+": x removes it")
	}
	if m.q.text != "" {
		cause("X", "filter /"+m.q.text+": X clears it")
	}
	if w := m.q.query(); !w.Start.IsZero() || !w.End.IsZero() {
		cause("t", "time range "+m.rangeText()+": t widens it")
	}
	if len(m.q.accounts) > 0 {
		cause("a", "account "+strings.Join(m.q.accounts, ",")+": a chooses another")
	}
	if others := m.otherRegions(); len(others) > 0 {
		cause("r", "Region "+m.q.region+": r switches to "+regionList(others))
	}
	if m.q.category == history.Insight {
		cause("tab", "Insights events only: tab shows management events")
	}
	if len(causes) == 0 {
		return []string{"No events in the store for this Region and tab."}
	}
	return append([]string{"No events match. What narrows the query:"}, causes...)
}

// otherRegions are the Regions besides the current one with events in the
// current tab, busiest first.
func (m *Model) otherRegions() []scopeCount {
	var out []scopeCount
	for _, r := range m.regions() {
		if r.name != m.q.region && r.n > 0 {
			out = append(out, r)
		}
	}
	return out
}

// regionList names up to three Regions with their counts.
func regionList(rs []scopeCount) string {
	var parts []string
	for i, r := range rs {
		if i == 3 {
			parts = append(parts, fmt.Sprintf("%d more", len(rs)-3))
			break
		}
		parts = append(parts, fmt.Sprintf("%s (%s)", r.name, commas(r.n)))
	}
	return strings.Join(parts, ", ")
}

// regionNotice warns that the Region chosen (--region, AWS_REGION) has no
// events in the store at all while others do: an empty screen would look
// like an empty store.
func (m *Model) regionNotice() string {
	if !m.countsIn || m.q.region == "" {
		return ""
	}
	var others []scopeCount
	for _, r := range m.regionsN {
		if r.Name == m.q.region && r.Management+r.Insights > 0 {
			return ""
		}
		if r.Management+r.Insights > 0 {
			others = append(others, scopeCount{name: r.Name, n: r.Management + r.Insights})
		}
	}
	if len(others) == 0 {
		return ""
	}
	return fmt.Sprintf("No events in %s; events are in %s: r switches", m.q.region, regionList(others))
}

// wrapWords breaks a message into lines of at most width cells at spaces
// (ansi.Wrap also breaks at hyphens, which splits dates and examples); a
// word longer than a line is cut hard.
func wrapWords(s string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		switch {
		case line == "":
			line = w
		case ansi.StringWidth(line)+1+ansi.StringWidth(w) <= width:
			line += " " + w
		default:
			lines = append(lines, line)
			line = w
		}
		for ansi.StringWidth(line) > width {
			head := ansi.Truncate(line, width, "")
			lines = append(lines, head)
			line = line[len(head):]
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}
