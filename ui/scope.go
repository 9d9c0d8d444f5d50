package ui

import (
	"fmt"
)

// The all-Region and all-account scope: the Region and account pickers
// offer "All Regions" and "All accounts" with their counts, and the table
// then shows where each event happened, without touching the saved column
// choice (the columns are added on screen only).

// Labels of the widened scopes, in the pickers and the header.
const (
	allRegionsLabel  = "All Regions"
	allAccountsLabel = "All accounts"
)

// sumCounts is the events of every scope in counts.
func sumCounts(counts []scopeCount) int64 {
	var n int64
	for _, c := range counts {
		n += c.n
	}
	return n
}

// allScopeItem is the picker row that widens the scope; its value "" is
// history.Query's "every Region" / "every account".
func allScopeItem(label string, counts []scopeCount) pickItem {
	return pickItem{label: fmt.Sprintf("%-20s %12s", label, commas(sumCounts(counts))), value: ""}
}

// scopeColumnIDs are the columns the widened scope adds: a Region column
// when every Region is shown, an Account column when the user asked for
// every account (or every Region, where accounts mix as well).
func (q queryState) scopeColumnIDs() []string {
	var ids []string
	if q.region == "" && q.allRegions {
		ids = append(ids, "AWS region")
	}
	if len(q.accounts) == 0 && (q.allAccounts || q.allRegions) {
		ids = append(ids, "Account")
	}
	return ids
}

// withScopeColumns returns shown with the scope's columns inserted after
// the event time (the console's second column), unless the user already
// shows them.
func withScopeColumns(shown []column, ids []string) []column {
	if len(ids) == 0 {
		return shown
	}
	has := map[string]bool{}
	at := 0
	for i, c := range shown {
		has[c.id] = true
		if c.id == "Event time" {
			at = i + 1
		}
	}
	var add []column
	for _, c := range allColumns() {
		for _, id := range ids {
			if c.id == id && !has[id] {
				add = append(add, c)
			}
		}
	}
	if len(add) == 0 {
		return shown
	}
	out := make([]column, 0, len(shown)+len(add))
	out = append(out, shown[:at]...)
	out = append(out, add...)
	return append(out, shown[at:]...)
}

// tableColumns are the columns the table draws: the user's choice plus
// the scope's.
func (m *Model) tableColumns() []column {
	return withScopeColumns(m.activeCols().shown(), m.q.scopeColumnIDs())
}

// regionText names the Region scope in the header.
func (q queryState) regionText() string {
	switch {
	case q.allRegions:
		return allRegionsLabel
	case q.region == "":
		return "all Regions" // an empty store: no Region to choose yet
	}
	return q.region
}
