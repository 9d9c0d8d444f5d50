package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/trailview/trailview/history/store"
)

// Widths of the sessions view's fixed columns; the identity and the
// identity the session came from share the rest.
const (
	sesKeyW    = 20
	sesTimeW   = 11 // "01-02 15:04", as the facets panel
	sesEventsW = 7
	sesErrorsW = 6
	sesIPsW    = 20 // "12 203.0.113.7"
	sesFlexMin = 8
)

const sesTimeLayout = "01-02 15:04"

// View fills the table's area (width by height) with the sessions: a
// title, the column names, and one row per key. Values are escaped.
func (v *sessionsView) View(width, height int) string {
	s := v.styles
	title := s.DialogTitle.Render("Sessions: events by access key")
	info := "reading…"
	if !v.loading {
		info = fmt.Sprintf("%s keys, last seen first", commas(int64(len(v.rows))))
		if len(v.rows) == store.MaxSessions {
			info = fmt.Sprintf("the %d keys last seen (more exist: narrow the query)", store.MaxSessions)
		}
	}
	lines := []string{truncate(title+"  "+s.Dim.Render(info), width)}
	idW, fromW, withFirst := sessionFlex(width)
	head := "  " + pad("ACCESS KEY", sesKeyW) + " " + pad("IDENTITY", idW) + " "
	if withFirst {
		head += pad("FIRST", sesTimeW) + " "
	}
	head += pad("LAST", sesTimeW) + " " + padLeft("EVENTS", sesEventsW) + " " + padLeft("ERRORS", sesErrorsW) + " " +
		pad("IPS TOP IP", sesIPsW) + " " + pad("FROM (ISSUED BY)", fromW)
	lines = append(lines, s.ColumnTitle.Render(truncate(head, width)))
	switch {
	case v.err != "":
		for _, l := range wrapWords(Sanitize("cannot read the sessions: "+v.err), max(width-2, 10)) {
			lines = append(lines, s.StatusError.Render("  "+l))
		}
	case v.loading:
		lines = append(lines, s.Dim.Render("  grouping the events by access key…"))
	case len(v.rows) == 0:
		lines = append(lines, s.Dim.Render("  no event of the query has an access key"))
	}
	rows := max(height-len(lines), 1)
	v.offset = min(v.offset, v.cur)
	if v.cur >= v.offset+rows {
		v.offset = v.cur - rows + 1
	}
	for i := v.offset; i < len(v.rows) && len(lines) < height; i++ {
		lines = append(lines, v.rowLine(i, width, idW, fromW, withFirst))
	}
	for len(lines) < height {
		lines = append(lines, "")
	}
	for i := range lines {
		lines[i] = padStyled(lines[i], width) // the view covers the table entirely
	}
	return strings.Join(lines[:height], "\n")
}

// sessionFlex splits the width left by the fixed columns between the
// identity and the identity the session came from; below 120 columns
// the first time gives them its room (the last time orders the rows).
func sessionFlex(width int) (idW, fromW int, withFirst bool) {
	withFirst = width >= 120
	fixed := 2 + sesKeyW + sesTimeW + sesEventsW + sesErrorsW + sesIPsW + 6
	if withFirst {
		fixed += sesTimeW + 1
	}
	rest := max(width-fixed, 2*sesFlexMin)
	idW = max(rest/2, sesFlexMin)
	return idW, max(rest-idW, sesFlexMin), withFirst
}

// rowLine draws session i.
// An ARN is cut from the left, keeping its resource (user/bob,
// assumed-role/R/session), which tells identities apart.
func (v *sessionsView) rowLine(i, width, idW, fromW int, withFirst bool) string {
	r := v.rows[i]
	gutter := "  "
	if i == v.cur {
		gutter = glyphCursor + " "
	}
	identity := r.Username
	if identity == "" {
		identity = r.IdentityARN
	}
	ips := padLeft(fmt.Sprint(r.SourceIPs), 3)
	if r.TopIP != "" {
		ips += " " + Sanitize(r.TopIP)
	}
	from := ""
	if r.IssuedBy != nil {
		from = Sanitize(orNone(r.IssuedBy.CallerARN))
	}
	line := gutter + pad(Sanitize(r.AccessKeyID), sesKeyW) + " " + pad(truncateLeft(Sanitize(identity), idW), idW) + " "
	if withFirst {
		line += r.FirstSeen.In(v.zone()).Format(sesTimeLayout) + " "
	}
	line += r.LastSeen.In(v.zone()).Format(sesTimeLayout) + " " + padLeft(commas(r.Events), sesEventsW) + " " +
		padLeft(commas(r.Errors), sesErrorsW) + " " + pad(ips, sesIPsW) + " " + pad(truncateLeft(from, fromW), fromW)
	line = truncate(line, width)
	if i == v.cur {
		return v.styles.SelectedRow.Render(line)
	}
	return line
}

func (v *sessionsView) zone() *time.Location {
	if v.loc == nil {
		return time.UTC
	}
	return v.loc
}

// padStyled pads a drawn line, which may hold styles, to w cells.
func padStyled(line string, w int) string {
	return line + strings.Repeat(" ", max(w-ansi.StringWidth(line), 0))
}
