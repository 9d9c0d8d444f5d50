package ui

import (
	"context"
	"fmt"

	tea "charm.land/bubbletea/v2"
)

// Run shows the browser on the terminal until the user quits or ctx ends.
// Bubble Tea restores the terminal (leaving the alternate screen) on every
// way out, panics included.
func Run(ctx context.Context, opts Options, teaOpts ...tea.ProgramOption) error {
	opts.Context = ctx
	m := New(opts)
	p := tea.NewProgram(m, append([]tea.ProgramOption{tea.WithContext(ctx)}, teaOpts...)...)
	_, err := p.Run()
	// Background work must end before the caller closes the store.
	m.loader.cancel()
	m.exporting.cancel()
	m.loader.wait()
	m.exporting.wait()
	if m.ownStore && m.st != nil {
		if cerr := m.st.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}
	if err != nil && ctx.Err() == nil {
		return fmt.Errorf("terminal UI: %w", err)
	}
	return nil
}
