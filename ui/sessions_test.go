package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/trailview/trailview/history"
)

// TestSessionsEnterPivots opens the sessions of the query, checks a row
// against the table's own count, pivots with enter and comes back with [.
func TestSessionsEnterPivots(t *testing.T) {
	h := newHarness(t, openStore(t, chainFixture()))
	h.mustShow(" of ")
	before := h.m.q.text
	h.press("S")
	v := focusedAs[*sessionsView](h)
	if v.loading || v.err != "" || len(v.rows) < 2 {
		t.Fatalf("sessions: loading %v, error %q, %d rows", v.loading, v.err, len(v.rows))
	}
	h.mustShow("Sessions: events by access key", "ACCESS KEY", v.rows[0].AccessKeyID)
	for _, r := range v.rows {
		if r.AccessKeyID == chainKey && (r.IssuedBy == nil || r.IssuedBy.CallerAccessKeyID != chainCaller) {
			t.Fatalf("session of %s: issued by %+v, want %s", chainKey, r.IssuedBy, chainCaller)
		}
	}
	h.mustShow("…3333:user/bob") // the role session came from bob's key, its ARN cut from the left
	for i, l := range strings.Split(h.screen(), "\n") {
		if w := ansi.StringWidth(l); w > 100 {
			t.Fatalf("line %d is %d cells wide: %q", i, w, l)
		}
	}
	h.press("down")
	row := v.rows[1]
	h.press("enter")
	if want := "key:" + row.AccessKeyID; h.m.q.text != want || h.m.top() != nil {
		t.Fatalf("enter: filter %q (want %q), overlay %T", h.m.q.text, want, h.m.top())
	}
	rowsAll(t, h, "session pivot", func(e *history.Event) bool { return e.AccessKeyID == row.AccessKeyID })
	if h.m.tbl.total != row.Events {
		t.Fatalf("the key's filter shows %d events, the session counted %d", h.m.tbl.total, row.Events)
	}
	h.press("[")
	if h.m.q.text != before {
		t.Fatalf("back after the sessions pivot: filter %q, want %q", h.m.q.text, before)
	}
	h.press("S", "W")
	if d := focusedAs[*dossierView](h); d.subject().kind != history.SubjectKey {
		t.Fatalf("W in the sessions opened %+v", d.subject())
	}
	h.press("esc", "esc")
	if h.m.top() != nil {
		t.Fatalf("esc twice left %T open", h.m.top())
	}
}
