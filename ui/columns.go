package ui

import (
	"strconv"
	"time"

	"github.com/trailview/trailview/export"
	"github.com/trailview/trailview/history"
)

// column is one column the table can show.
type column struct {
	id    string // the column name, as saved in the config file
	title string
	min   int // narrowest useful width; otherwise columns take what their content needs
	// value returns the cell text, unsanitized; the table sanitizes it.
	value    func(e *history.Event, loc *time.Location) string
	needsRaw bool // the value comes from the record, so pages must carry it
	// insight, when set, gives the cell from the Insights record's
	// details, decoded once per row for all such columns.
	insight func(*insightInfo) string
}

// timeLayout is the table's time format: sortable, second precision, like
// the record's eventTime; the zone is named in the header.
const timeLayout = "2006-01-02 15:04:05"

// minWidths gives the table's narrowest useful width per column name;
// columns not listed get a generic one.
var minWidths = map[string]int{
	"Event name": 10, "Event time": 19, "User name": 8, "Event source": 8,
	"Resource type": 8, "Resource name": 8, "AWS access key": 8, "AWS region": 6,
	"Source IP address": 7, "User agent": 8, "Error code": 6, "Request ID": 8,
	"Event ID": 8, "Read-only": 5, "Event type": 6, "Recipient account ID": 12,
	"Event category": 6, "Account": 12, "Identity type": 6, "Identity ARN": 10,
	"Error message": 10,
}

// allColumns lists every column in the export package's order (the
// console's, spec 4.2, then trailview's additions), so the table and CSV
// exports name and fill columns the same way. Two cells are drawn
// differently on screen: Event time follows the UTC/local toggle, and the
// resource columns show the first resource and "(+N)" (spec 4.2's
// recommendation) instead of the whole list.
func allColumns() []column {
	var out []column
	for _, c := range export.Columns() {
		v := c.Value
		col := column{id: c.Name, title: c.Name, min: 6, needsRaw: c.NeedsRaw,
			value: func(e *history.Event, _ *time.Location) string { return v(e) }}
		if w, ok := minWidths[c.Name]; ok {
			col.min = w
		}
		switch c.Name {
		case "Event time":
			col.value = func(e *history.Event, loc *time.Location) string {
				if e.Time.IsZero() {
					return ""
				}
				return e.Time.In(loc).Format(timeLayout)
			}
		case "Resource type":
			col.value = resourceCell(func(r history.Resource) string { return r.Type })
		case "Resource name":
			col.value = resourceCell(func(r history.Resource) string { return r.Name })
		}
		out = append(out, col)
	}
	return out
}

// defaultColumnIDs are the console's default visible columns (spec 4.2).
var defaultColumnIDs = []string{"Event name", "Event time", "User name", "Event source", "Resource type", "Resource name"}

// resourceCell shows the first resource and how many more there are
// (spec 4.2 recommends "(+N)"); the detail view lists them all.
func resourceCell(field func(history.Resource) string) func(*history.Event, *time.Location) string {
	return func(e *history.Event, _ *time.Location) string {
		if len(e.Resources) == 0 {
			return ""
		}
		s := field(e.Resources[0])
		if n := len(e.Resources) - 1; n > 0 {
			s += " (+" + strconv.Itoa(n) + ")"
		}
		return s
	}
}

// columnSet is the ordered list of all columns with which are shown.
type columnSet struct {
	cols    []column
	visible []bool
}

// newColumnSet shows the given IDs in the given order, then lists the
// other columns hidden in their default order. Unknown IDs (a config file
// from another version) are ignored; an empty result falls back to the
// console's defaults.
func newColumnSet(ids []string) columnSet {
	all := allColumns()
	byID := map[string]int{}
	for i, c := range all {
		byID[c.id] = i
	}
	var cs columnSet
	used := map[string]bool{}
	for _, id := range ids {
		if i, ok := byID[id]; ok && !used[id] {
			used[id] = true
			cs.cols = append(cs.cols, all[i])
			cs.visible = append(cs.visible, true)
		}
	}
	if len(cs.cols) == 0 {
		return newColumnSet(defaultColumnIDs)
	}
	for _, c := range all {
		if !used[c.id] {
			cs.cols = append(cs.cols, c)
			cs.visible = append(cs.visible, false)
		}
	}
	return cs
}

// shown returns the visible columns in order.
func (cs columnSet) shown() []column {
	var out []column
	for i, c := range cs.cols {
		if cs.visible[i] {
			out = append(out, c)
		}
	}
	return out
}

// ids returns the visible column IDs in order, as saved in the config.
func (cs columnSet) ids() []string {
	var out []string
	for _, c := range cs.shown() {
		out = append(out, c.id)
	}
	return out
}

// needsRaw reports whether a visible column reads the record.
func (cs columnSet) needsRaw() bool {
	for _, c := range cs.shown() {
		if c.needsRaw {
			return true
		}
	}
	return false
}

// clone copies the set so a dialog can edit it and be cancelled.
func (cs columnSet) clone() columnSet {
	return columnSet{cols: append([]column(nil), cs.cols...), visible: append([]bool(nil), cs.visible...)}
}
