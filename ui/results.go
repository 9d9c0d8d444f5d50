package ui

import tea "charm.land/bubbletea/v2"

// statusReport is a message for the status line.
type statusReport struct {
	text  string
	isErr bool
}

// apply is the one place where what an overlay decided changes the
// root's state: the result types are declared beside the overlays that
// report them. Unknown messages are ignored.
func (m *Model) apply(result tea.Msg) tea.Cmd {
	switch r := result.(type) {
	case regionChosen:
		m.step()
		m.q.region, m.q.allRegions = r.region, r.region == ""
		m.clearMarks()
		return m.windowFor(r.region)
	case accountChosen:
		m.step()
		m.q.accounts, m.q.allAccounts = nil, r.account == ""
		if r.account != "" {
			m.q.accounts = []string{r.account}
		}
		m.clearMarks()
		return m.requery()
	case lookupChosen:
		m.step()
		m.q.lookup = r.attr
		return m.requery()
	case defaultWindowChosen:
		m.step()
		m.q.explicit = false
		return m.windowFor(m.q.region)
	case lastChosen:
		m.step()
		m.setLast(r.d, r.label)
		return m.requery()
	case rangeChosen:
		m.step()
		m.setRange(r.win, r.label)
		return m.requery()
	case columnsChosen:
		return m.applyColumns(r.set)
	case helpRequested:
		return m.push(newHelpScreen(r, m.styles))
	case eventStep:
		return m.stepEvent(r.delta)
	case exportStarted:
		m.exportPath, m.exporting = r.typed, r.job
	case filterApplied:
		m.filterHistory = rememberFilter(m.filterHistory, r.text)
		m.step()
		m.q.text = r.text
		m.clearMarks()
		m.setStatus(hintText(r.text), false) // a new filter: the last one's messages are out of date
		return m.requery()
	case pivotChosen:
		return m.applyPivot(r)
	case statusReport:
		m.setStatus(r.text, r.isErr)
	case dossierRequested, dossierOpenEvent, dossierMsg, sessionsMsg:
		return m.applyInvestigation(r)
	}
	return nil
}
