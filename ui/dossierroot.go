package ui

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/trailview/trailview/history"
)

// The root's side of the dossier and the sessions view: opening them from
// the table and the detail view, and applying what they report.

// subjectOfPivot is the dossier subject a pivot's value is, if any: the
// user name, identity ARN, access key and source IP fields, and the
// record's leaves that hold a key (userIdentity.accessKeyId, an issued
// responseElements...accessKeyId), an ARN (userIdentity.arn) or an IP.
func subjectOfPivot(p pivotChosen) (history.SubjectKind, bool) {
	if !p.path {
		switch p.field {
		case "user":
			return history.SubjectUser, true
		case "arn":
			return history.SubjectARN, true
		case "key":
			return history.SubjectKey, true
		case "ip":
			return history.SubjectIP, true
		}
		return "", false
	}
	keys := p.keys
	if keys == nil {
		keys = strings.Split(p.field, ".")
	}
	if len(keys) == 0 {
		return "", false
	}
	switch last := keys[len(keys)-1]; {
	case last == "accessKeyId" && history.LooksLikeAccessKeyID(p.value):
		return history.SubjectKey, true
	case last == "arn" && len(keys) == 2 && keys[0] == "userIdentity":
		return history.SubjectARN, true
	case len(keys) == 1 && last == "sourceIPAddress":
		return history.SubjectIP, true
	}
	return "", false
}

// dossierFor opens the dossier of the value a pivot names, or says why
// there is none.
func (m *Model) dossierFor(p pivotChosen, what string) tea.Cmd {
	kind, ok := subjectOfPivot(p)
	switch {
	case !ok:
		m.setStatus("no dossier: W works on a user name, identity ARN, access key or source IP "+what, true)
		return nil
	case p.value == "":
		m.setStatus("no dossier: the "+what+" is empty", true)
		return nil
	}
	return m.openDossier(dossierRequested{kind: kind, value: p.value})
}

// openDossierFromCell is W in the table.
func (m *Model) openDossierFromCell() tea.Cmd {
	e := m.selected()
	cols := m.tableColumns()
	if e == nil || m.loadingQuery() || len(cols) == 0 {
		return nil
	}
	p, err := cellPivotFor(cols[max(min(m.table.col, len(cols)-1), 0)], e, false)
	if err != nil {
		m.setStatus("no dossier: "+err.Error(), true)
		return nil
	}
	return m.dossierFor(p, "cell")
}

// openDossier pushes the dossier view of a subject.
func (m *Model) openDossier(r dossierRequested) tea.Cmd {
	d, fetch := newDossierView(storeWho(m.st), m.ctx, r.kind, r.value, m.location(), m.styles)
	m.setStatus("", false)
	return tea.Batch(m.push(d), fetch)
}

// openLinkedEvent opens a chain link's event in the detail view, above
// the dossier; the record is read by row ID as for a table row.
func (m *Model) openLinkedEvent(r dossierOpenEvent) tea.Cmd {
	l := r.link
	e := history.Event{ID: l.RowID, EventID: l.EventID, EventName: l.EventName, Time: l.EventTime,
		Region: l.Region, Account: l.Account, Category: history.Management, IdentityARN: l.CallerARN, AccessKeyID: l.CallerAccessKeyID}
	d := newDetailView(e, m.location(), m.styles)
	d.linked = true
	return tea.Batch(m.push(d), fetchDetail(m.ctx, m.st, l.RowID))
}

// applyInvestigation applies what the dossier and the sessions view
// report, and hands them their answers.
func (m *Model) applyInvestigation(result tea.Msg) tea.Cmd {
	switch r := result.(type) {
	case dossierRequested:
		return m.openDossier(r)
	case dossierOpenEvent:
		return m.openLinkedEvent(r)
	case dossierMsg, sessionsMsg:
		return m.broadcast(r)
	}
	return nil
}

// who is W in the detail view: the dossier of the field under the cursor.
func (d *detailView) who() {
	if d.cur >= len(d.fields) {
		d.report(statusReport{text: "no field here to open a dossier of", isErr: true})
		return
	}
	f := d.fields[d.cur]
	p := *d.segs[f.line][f.seg].pivot
	kind, ok := subjectOfPivot(p)
	switch {
	case !ok:
		d.report(statusReport{text: "no dossier: W works on a user name, identity ARN, access key or source IP field", isErr: true})
	case p.value == "":
		d.report(statusReport{text: "no dossier: the field is empty", isErr: true})
	default:
		d.report(dossierRequested{kind: kind, value: p.value})
	}
}

// openSessions is S in the table: the sessions of the query in force.
func (m *Model) openSessions() tea.Cmd {
	v, fetch := newSessionsView(m.ctx, m.st, m.q.query(), m.location(), m.styles)
	return tea.Batch(m.push(v), fetch)
}
