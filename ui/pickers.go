package ui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/trailview/trailview/history"
)

// regionChosen is the Region picked in the Region dialog (r).
type regionChosen struct{ region string }

// accountChosen is the account picked in the account dialog (a); ""
// is every account.
type accountChosen struct{ account string }

// lookupChosen is the attribute filter set in the lookup dialog (l); nil
// removes it.
type lookupChosen struct{ attr *history.LookupAttribute }

// newRegionPicker lists the store's Regions with their event counts in
// the current tab, the current one selected.
func newRegionPicker(regions []scopeCount, current string, s Styles) *picker {
	p := newPicker("Region (events in the current tab)", s)
	p.items = regionItems(regions)
	if len(p.items) > 1 {
		p.cursor = 1 // the busiest Region, unless the current scope is listed
	}
	for i, it := range p.items {
		if it.value == current {
			p.cursor = i
		}
	}
	p.refresh = func(l scopeLists) []pickItem { return regionItems(l.regions) }
	p.decide = func(it pickItem, _ string) (tea.Msg, error) { return regionChosen{region: it.value}, nil }
	return p
}

func regionItems(regions []scopeCount) []pickItem {
	var items []pickItem
	if len(regions) > 0 {
		// Offered only once there are Regions: in an empty store the
		// Region is still to be chosen when events arrive.
		items = append(items, allScopeItem(allRegionsLabel, regions))
	}
	for _, r := range regions {
		items = append(items, pickItem{label: fmt.Sprintf("%-20s %12s", r.name, commas(r.n)), value: r.name})
	}
	return items
}

// newAccountPicker lists the current Region's accounts, or all of them.
func newAccountPicker(accounts []scopeCount, current []string, s Styles) *picker {
	p := newPicker("Account", s)
	p.items = accountItems(accounts)
	for i, it := range p.items {
		if len(current) == 1 && it.value != "" && current[0] == it.value {
			p.cursor = i
		}
	}
	p.refresh = func(l scopeLists) []pickItem { return accountItems(l.accounts) }
	p.decide = func(it pickItem, _ string) (tea.Msg, error) { return accountChosen{account: it.value}, nil }
	return p
}

func accountItems(accounts []scopeCount) []pickItem {
	items := []pickItem{allScopeItem(allAccountsLabel, accounts)}
	for _, a := range accounts {
		items = append(items, pickItem{label: fmt.Sprintf("%-20s %12s", a.name, commas(a.n)), value: a.name})
	}
	return items
}

// newLookupPicker offers the LookupEvents attributes valid on the tab
// cat (spec 2.3; on the Insights tab only Event ID, Event name and Event
// source, spec 2.7), with the console's labels; the value must match
// exactly, as in the console.
func newLookupPicker(cat history.Category, s Styles) *picker {
	p := newPicker("Lookup attribute (exact value, like lookup-events)", s)
	for _, k := range history.LookupKeysFor(cat) {
		p.items = append(p.items, pickItem{label: lookupLabel(k), value: k, prompt: lookupLabel(k) + " ="})
	}
	none := "None (read and write events)"
	if cat == history.Insight {
		none = "None (every Insights event)"
	}
	p.items = append(p.items, pickItem{label: none, value: ""})
	p.decide = func(it pickItem, value string) (tea.Msg, error) {
		if it.value == "" {
			return lookupChosen{}, nil
		}
		a, err := lookupAttribute(it.value, value, cat)
		if err != nil {
			return nil, err
		}
		return lookupChosen{attr: a}, nil
	}
	return p
}

// lookupAttribute checks a value the way LookupEvents does (spec 2.2,
// 2.3, 2.7): 1 to 2000 characters, where _ space , and newline count
// twice; ReadOnly takes only true or false; the Insights tab takes only
// Event ID, Event name and Event source.
func lookupAttribute(keyName, value string, cat history.Category) (*history.LookupAttribute, error) {
	if value == "" {
		return nil, fmt.Errorf("type a value: the lookup matches it exactly")
	}
	n := 0
	for _, r := range value {
		n++
		if strings.ContainsRune("_ ,\n", r) {
			n++
		}
	}
	if n > 2000 {
		return nil, fmt.Errorf("value too long: LookupEvents accepts 2000 characters")
	}
	if keyName == history.AttrReadOnly && value != "true" && value != "false" {
		return nil, fmt.Errorf("Read-only takes true or false")
	}
	if !history.LookupKeyAllowed(keyName, cat) {
		return nil, fmt.Errorf("on the Insights tab only Event ID, Event name and Event source can be looked up")
	}
	return &history.LookupAttribute{Key: keyName, Value: value}, nil
}
