package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/trailview/trailview/history"
)

// Widths of the dossier's fixed columns; the value takes the rest.
const (
	dosCountW    = 7
	dosErrorsW   = 6
	dosTimeW     = 16 // "2006-01-02 15:04"
	dosNewW      = 3  // "new"
	dosEventW    = 22
	dosRegionW   = 14
	dosKeyW      = 20 // AKIA + 16
	dosMinValueW = 12
)

const dosTimeLayout = "2006-01-02 15:04"

// dosCollapsedRows is how many rows a list shows while the cursor is in
// another: every list keeps a place on the first screen.
const dosCollapsedRows = 5

// View draws the dossier: the subject's summary on the first line, which
// stays, then every list under its title, scrolled to keep the cursor's
// row (and its list's title) on screen. Event text is escaped.
func (d *dossierView) View(width, height int) string {
	s := d.styles
	lines := []string{d.titleLine(width)}
	switch {
	case d.err != "":
		for _, l := range wrapWords(Sanitize("cannot read the dossier: "+d.err), max(width-2, 10)) {
			lines = append(lines, s.StatusError.Render("  "+l))
		}
		return strings.Join(lines, "\n")
	case d.loading:
		return strings.Join(append(lines, s.Dim.Render("  reading its events across every Region and account…")), "\n")
	case d.d.Events == 0 && len(d.items) == 0:
		return strings.Join(append(lines, s.Dim.Render("  no events of this subject in the store")), "\n")
	}
	body, at := d.bodyLines(width)
	rows := max(height-1, 1)
	if len(d.items) > 0 {
		top := at[d.cur]
		if top > 0 && (d.cur == 0 || d.items[d.cur-1].section != d.items[d.cur].section) {
			top-- // the list's title comes into view with its first row
		}
		d.offset = min(d.offset, top)
		if at[d.cur] >= d.offset+rows {
			d.offset = at[d.cur] - rows + 1
		}
	}
	d.offset = max(min(d.offset, len(body)-rows), 0)
	end := min(d.offset+rows, len(body))
	return strings.Join(append(lines, body[d.offset:end]...), "\n")
}

// titleLine is the subject, its event count and first and last time.
func (d *dossierView) titleLine(width int) string {
	s := d.styles
	sub := d.subject()
	title := s.DialogTitle.Render("Dossier: " + string(sub.kind) + " " + Sanitize(sub.value))
	info := ""
	if len(d.trail) > 1 {
		// First: the times may be cut at the right edge, the walk's depth not.
		info = fmt.Sprintf("%d deep, esc goes back · ", len(d.trail)-1)
	}
	switch {
	case d.loading:
		info += "reading…"
	case d.d.Events > 0:
		info += fmt.Sprintf("%s events · first %s · last %s (%s)", commas(d.d.Events), d.at(d.d.FirstSeen), d.at(d.d.LastSeen), d.zone())
	}
	return truncate(title+"  "+s.Dim.Render(info), width)
}

// zone names the times' zone as the subject's last event reads in it.
func (d *dossierView) zone() string {
	if d.loc == nil {
		return "UTC"
	}
	return d.d.LastSeen.In(d.loc).Format("MST")
}

func (d *dossierView) at(t time.Time) string {
	if d.loc == nil {
		return t.UTC().Format(dosTimeLayout)
	}
	return t.In(d.loc).Format(dosTimeLayout)
}

// bodyLines draws every list; at maps each item to its line.
func (d *dossierView) bodyLines(width int) (lines []string, at []int) {
	s := d.styles
	at = make([]int, len(d.items))
	curSec := dossierSection(-1)
	if d.cur < len(d.items) {
		curSec = d.items[d.cur].section
	}
	for sec := secRegions; sec <= secIssued; sec++ {
		first, shown, hidden := len(lines), 0, 0
		for i := range d.items {
			if d.items[i].section != sec {
				continue
			}
			if len(lines) == first {
				lines = append(lines, s.ColumnTitle.Render(truncate(d.header(sec, width), width)))
			}
			if sec != curSec && shown >= dosCollapsedRows && (!d.items[i].sight.New || shown >= 2*dosCollapsedRows) {
				// A list without the cursor shows its top rows, and then
				// its new values, which are what an investigator looks for.
				hidden++
				continue
			}
			at[i] = len(lines)
			lines = append(lines, d.itemLine(i, width))
			shown++
		}
		if hidden > 0 {
			lines = append(lines, s.Dim.Render(truncate(fmt.Sprintf("  … %d more (tab or ↓ to the list shows them)", hidden), width)))
		}
		if len(lines) == first && d.subject().kind == history.SubjectKey && sec >= secIssuedBy {
			lines = append(lines, s.ColumnTitle.Render(truncate(d.header(sec, width), width)),
				s.Dim.Render(truncate("  "+emptyChainText(sec), width)))
		}
	}
	return lines, at
}

// emptyChainText says what an empty chain list means.
func emptyChainText(sec dossierSection) string {
	if sec == secIssuedBy {
		return "no stored event issued this key (a long-term key created before the store's history, or the store's edge)"
	}
	return "this key issued no key in the stored events"
}

// valueWidth is the width left to a list's value.
func valueWidth(sec dossierSection, width int) (w int, withTimes bool) {
	fixed := 2 + 1 + dosCountW
	if sec == secIPs || sec == secAgents || sec == secCalls {
		withTimes = width-(fixed+3*1+dosErrorsW+2*dosTimeW+dosNewW) >= dosMinValueW
		fixed += 1 + dosErrorsW + 1 + dosNewW
		if withTimes {
			fixed += 2 * (1 + dosTimeW)
		}
	}
	return max(width-fixed, 1), withTimes
}

// header is a list's title line with its column names.
func (d *dossierView) header(sec dossierSection, width int) string {
	title := strings.ToUpper(dossierTitles[sec])
	switch sec {
	case secIssuedBy:
		// The title stands over the time and event columns, which
		// read for themselves.
		return "  " + pad(title, dosTimeW+1+dosEventW) + " " + pad("REGION", dosRegionW) + " " + pad("CALLER KEY", dosKeyW) + " CALLER ARN"
	case secIssued:
		return "  " + pad(title, dosTimeW+1+dosEventW) + " " + pad("REGION", dosRegionW) + " " + pad("KEY ISSUED", dosKeyW) + " BY KEY"
	}
	vw, withTimes := valueWidth(sec, width)
	h := "  " + pad(title, vw) + " " + padLeft("COUNT", dosCountW)
	if sec == secIPs || sec == secAgents || sec == secCalls {
		h += " " + padLeft("ERRORS", dosErrorsW)
		if withTimes {
			h += " " + pad("FIRST SEEN", dosTimeW) + " " + pad("LAST SEEN", dosTimeW)
		}
		h += " NEW"
	}
	return h
}

// itemLine draws row i: the cursor glyph, then the list's columns. A
// value first seen in the last days of the subject's history is tagged
// "new", which shows without colour.
func (d *dossierView) itemLine(i, width int) string {
	it := &d.items[i]
	gutter := "  "
	if i == d.cur {
		gutter = glyphCursor + " "
	}
	var line string
	switch {
	case it.link != nil:
		l := it.link
		line = gutter + d.at(l.EventTime) + " " + pad(Sanitize(l.EventName), dosEventW) + " " + pad(Sanitize(l.Region), dosRegionW) + " "
		if it.section == secIssuedBy {
			line += pad(Sanitize(orNone(l.CallerAccessKeyID)), dosKeyW) + " " + Sanitize(l.CallerARN)
		} else {
			line += pad(Sanitize(l.AccessKeyID), dosKeyW) + " " + Sanitize(orNone(l.CallerAccessKeyID))
		}
	default:
		vw, withTimes := valueWidth(it.section, width)
		line = gutter + pad(Sanitize(it.value), vw) + " " + padLeft(commas(it.sight.Count), dosCountW)
		if it.section == secIPs || it.section == secAgents || it.section == secCalls {
			line += " " + padLeft(commas(it.sight.Errors), dosErrorsW)
			if withTimes {
				line += " " + d.at(it.sight.FirstSeen) + " " + d.at(it.sight.LastSeen)
			}
			if it.sight.New {
				line += " new"
			}
		}
	}
	line = truncate(line, width)
	if i == d.cur {
		return d.styles.SelectedRow.Render(line)
	}
	return line
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}
