package ui

import (
	"slices"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// crumbSteps is how many earlier states the breadcrumb names: enough to
// see the last pivots, few enough to read at a glance.
const crumbSteps = 4

// breadcrumb is the filter chip: the current filter after the last steps
// that led to it (pivots, filters, windows, Regions...), oldest first,
// each said by what it changed ("+ip:1.2.3.4" for a term added). Filter
// text may be pasted from anywhere, so it is sanitized; the result is cut
// from the left to width cells, keeping the newest steps. "" when there is
// neither a filter nor a step to show.
func (m *Model) breadcrumb(width int) string {
	back := m.nav.back
	if len(back) == 0 && m.q.text == "" {
		return ""
	}
	from := max(len(back)-crumbSteps, 0)
	var states []queryState
	for _, q := range append(slices.Clone(back[from:]), m.q) {
		// A step that changed nothing shown here (a query cancelled with
		// esc comes back to the state before it) is not a crumb.
		if n := len(states); n > 0 && crumbLabel(&states[n-1], &q) == "" {
			states = states[:n-1]
		}
		states = append(states, q)
	}
	labels := make([]string, len(states))
	for i := range states {
		var prev *queryState
		if i > 0 {
			prev = &states[i-1]
		}
		labels[i] = Sanitize(crumbLabel(prev, &states[i]))
	}
	end := ""
	if m.q.text != "" {
		end = " (X)"
	}
	// Whole steps go first, oldest first, so that what is left reads;
	// only the current filter alone is cut inside.
	for k := range labels {
		text := strings.Join(labels[k:], " › ") + end
		if k > 0 || from > 0 {
			text = "… › " + text
		}
		if ansi.StringWidth(text) <= width || k == len(labels)-1 {
			if ansi.StringWidth(text) > width {
				text = labels[k] + end
			}
			return truncateLeft(text, width)
		}
	}
	return ""
}

// crumbLabel says what q changed from prev (nil: q in full); "" when
// nothing the breadcrumb shows changed.
func crumbLabel(prev, q *queryState) string {
	var parts []string
	switch {
	case prev != nil && prev.text == q.text:
	case prev != nil && prev.text != "" && strings.HasPrefix(q.text, prev.text+" "):
		parts = append(parts, "+"+strings.TrimPrefix(q.text, prev.text+" "))
	case q.text == "":
		parts = append(parts, "no filter")
	default:
		parts = append(parts, "/"+q.text)
	}
	if prev != nil {
		if prev.winLabel != q.winLabel || prev.win != q.win || prev.rel != q.rel {
			parts = append(parts, q.winLabel)
		}
		if prev.region != q.region {
			parts = append(parts, q.region)
		}
		if !slices.Equal(prev.accounts, q.accounts) {
			parts = append(parts, "account "+strings.Join(q.accounts, ","))
		}
		if (prev.lookup == nil) != (q.lookup == nil) || (q.lookup != nil && *prev.lookup != *q.lookup) {
			parts = append(parts, "attribute")
		}
	}
	return strings.Join(parts, " ")
}

// truncateLeft cuts s from the left to w cells, marking the cut with "…".
func truncateLeft(s string, w int) string {
	sw := ansi.StringWidth(s)
	if sw <= w {
		return s
	}
	if w <= 0 {
		return ""
	}
	return "…" + ansi.TruncateLeft(s, sw-w+1, "")
}
