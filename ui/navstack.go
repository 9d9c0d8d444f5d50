package ui

import (
	"reflect"

	tea "charm.land/bubbletea/v2"
)

// navLimit bounds the back stack: an investigation that pivots all day
// keeps its last steps, not every one.
const navLimit = 100

// navStack holds the query states the user left, so that trying a pivot, a
// narrower window or another Region costs one key to undo (back) and one
// to redo (forward). A queryState is treated as a value: its slices and
// pointers are never changed in place once it is stored here.
type navStack struct {
	back, fwd []queryState
}

// push records cur as the state to go back to and forgets the forward
// states, as a browser does after a new step.
func (n *navStack) push(cur queryState) {
	n.back = append(n.back, cur)
	if len(n.back) > navLimit {
		n.back = n.back[len(n.back)-navLimit:]
	}
	n.fwd = nil
}

// dropTop forgets the newest back state when it is cur: a cancelled query
// puts back the state its step was taken from, and back must then go to
// the step before, not show the same result again.
func (n *navStack) dropTop(cur queryState) {
	if len(n.back) > 0 && reflect.DeepEqual(n.back[len(n.back)-1], cur) {
		n.back = n.back[:len(n.back)-1]
	}
}

// goBack returns the state before cur and keeps cur for forward.
func (n *navStack) goBack(cur queryState) (queryState, bool) {
	if len(n.back) == 0 {
		return cur, false
	}
	prev := n.back[len(n.back)-1]
	n.back = n.back[:len(n.back)-1]
	n.fwd = append(n.fwd, cur)
	return prev, true
}

// goForward undoes the last goBack.
func (n *navStack) goForward(cur queryState) (queryState, bool) {
	if len(n.fwd) == 0 {
		return cur, false
	}
	next := n.fwd[len(n.fwd)-1]
	n.fwd = n.fwd[:len(n.fwd)-1]
	n.back = append(n.back, cur)
	return next, true
}

// step records the current state on the back stack before a change the
// user made (a filter, a pivot, a window, a Region or account): every
// such change goes through here so that back always undoes exactly one.
func (m *Model) step() {
	m.nav.push(m.q)
}

// showState shows a state from the back or forward stack.
func (m *Model) showState(q queryState) tea.Cmd {
	region := m.q.region
	m.q = q
	m.clearMarks()
	if q.region != region {
		return tea.Batch(m.requery(), fetchScopes(m.ctx, m.st, q.region))
	}
	return m.requery()
}

// navigateBack and navigateForward are the back and forward keys.
func (m *Model) navigateBack() tea.Cmd {
	q, ok := m.nav.goBack(m.q)
	if !ok {
		m.setStatus("nothing to go back to", false)
		return nil
	}
	return m.showState(q)
}

func (m *Model) navigateForward() tea.Cmd {
	q, ok := m.nav.goForward(m.q)
	if !ok {
		m.setStatus("nothing to go forward to", false)
		return nil
	}
	return m.showState(q)
}
