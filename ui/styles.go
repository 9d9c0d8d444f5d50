package ui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
)

// Styles holds every style the UI draws with, by meaning. It is the only
// place in package ui that names colours, so light and dark terminals are
// handled in one spot.
type Styles struct {
	isDark bool

	Title       lipgloss.Style // program name in the header
	Header      lipgloss.Style // scope line: account, Region, window
	Notice      lipgloss.Style // sample history / archive notices
	Chip        lipgloss.Style // an active filter, removable
	TabActive   lipgloss.Style
	TabInactive lipgloss.Style
	Count       lipgloss.Style // "N of M events"

	ColumnTitle lipgloss.Style
	Row         lipgloss.Style
	SelectedRow lipgloss.Style
	MarkedRow   lipgloss.Style
	Error       lipgloss.Style // error codes in rows, error messages
	Dim         lipgloss.Style

	Status      lipgloss.Style
	StatusError lipgloss.Style

	Dialog      lipgloss.Style // border of a dialog
	DialogTitle lipgloss.Style
	Item        lipgloss.Style
	ItemActive  lipgloss.Style

	Label lipgloss.Style // field names in detail and compare views

	JSONKey    lipgloss.Style
	JSONString lipgloss.Style
	JSONNumber lipgloss.Style
	JSONBool   lipgloss.Style
	JSONPunct  lipgloss.Style

	Help help.Styles
}

// DefaultStyles returns the styles for a dark or light background.
func DefaultStyles(isDark bool) Styles {
	ld := lipgloss.LightDark(isDark)
	accent := ld(lipgloss.Color("#5A4FCF"), lipgloss.Color("#9D8CFF"))
	muted := ld(lipgloss.Color("#6B6B6B"), lipgloss.Color("#8A8A8A"))
	red := ld(lipgloss.Color("#B3261E"), lipgloss.Color("#FF7A70"))
	green := ld(lipgloss.Color("#1B6E2E"), lipgloss.Color("#7FD88F"))
	yellow := ld(lipgloss.Color("#8A5A00"), lipgloss.Color("#E8C26A"))
	cyan := ld(lipgloss.Color("#005F87"), lipgloss.Color("#6BC7E8"))
	selBg := ld(lipgloss.Color("#D8D4FF"), lipgloss.Color("#3B3470"))
	markBg := ld(lipgloss.Color("#FFF1C2"), lipgloss.Color("#4A3F12"))
	chipBg := ld(lipgloss.Color("#E6E6E6"), lipgloss.Color("#333333"))

	s := Styles{isDark: isDark}
	s.Title = lipgloss.NewStyle().Bold(true).Foreground(accent)
	s.Header = lipgloss.NewStyle()
	s.Notice = lipgloss.NewStyle().Bold(true).Foreground(yellow)
	s.Chip = lipgloss.NewStyle().Background(chipBg)
	s.TabActive = lipgloss.NewStyle().Bold(true).Underline(true).Foreground(accent)
	s.TabInactive = lipgloss.NewStyle().Foreground(muted)
	s.Count = lipgloss.NewStyle().Foreground(muted)
	s.ColumnTitle = lipgloss.NewStyle().Bold(true)
	s.Row = lipgloss.NewStyle()
	s.SelectedRow = lipgloss.NewStyle().Background(selBg).Bold(true)
	s.MarkedRow = lipgloss.NewStyle().Background(markBg)
	s.Error = lipgloss.NewStyle().Foreground(red)
	s.Dim = lipgloss.NewStyle().Foreground(muted)
	s.Status = lipgloss.NewStyle().Foreground(muted)
	s.StatusError = lipgloss.NewStyle().Foreground(red).Bold(true)
	s.Dialog = lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(accent).Padding(0, 1)
	s.DialogTitle = lipgloss.NewStyle().Bold(true).Foreground(accent)
	s.Item = lipgloss.NewStyle()
	s.ItemActive = lipgloss.NewStyle().Background(selBg).Bold(true)
	s.Label = lipgloss.NewStyle().Bold(true).Foreground(accent)
	s.JSONKey = lipgloss.NewStyle().Foreground(cyan)
	s.JSONString = lipgloss.NewStyle().Foreground(green)
	s.JSONNumber = lipgloss.NewStyle().Foreground(yellow)
	s.JSONBool = lipgloss.NewStyle().Foreground(accent)
	s.JSONPunct = lipgloss.NewStyle().Foreground(muted)
	s.Help = help.DefaultStyles(isDark)
	return s
}
