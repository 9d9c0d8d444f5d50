package cli

import (
	"io"

	"github.com/trailview/trailview/internal/awscli"
	"github.com/trailview/trailview/internal/termtext"
)

// terminalSafe returns env with each stream that is a terminal escaping
// what is written to it (termtext): every command prints event text, file
// names or API messages that someone else wrote, and on a terminal their
// control characters would act instead of show. A stream that is a file or
// a pipe keeps the exact bytes. Each command calls it first and runs the
// returned flush last; calling it on an env it returned changes nothing.
func (env Env) terminalSafe() (Env, func()) {
	var writers []*termtext.Writer
	wrap := func(w io.Writer, terminal bool) io.Writer {
		if _, done := w.(*termtext.Writer); done || !terminal || w == nil {
			return w
		}
		tw := termtext.NewWriter(w)
		writers = append(writers, tw)
		return tw
	}
	env.Stdout = wrap(env.Stdout, env.StdoutTerminal)
	env.Stderr = wrap(env.Stderr, env.StderrTerminal)
	return env, func() {
		for _, w := range writers {
			w.Flush()
		}
	}
}

// drawingStderr is where progress displays go: stderr without the
// escaping, since they draw with escape sequences of their own. What they
// draw from outside text must pass termtext.Escape first.
func (env Env) drawingStderr() io.Writer {
	if tw, ok := env.Stderr.(*termtext.Writer); ok {
		return tw.Underlying()
	}
	return env.Stderr
}

// escapeStrings returns v (an awscli output value) with every string,
// keys included, escaped for a terminal.
func escapeStrings(v any) any {
	switch x := v.(type) {
	case string:
		return termtext.Escape(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = escapeStrings(e)
		}
		return out
	case awscli.Object:
		out := make(awscli.Object, len(x))
		for i, m := range x {
			out[i] = awscli.Member{Key: termtext.Escape(m.Key), Value: escapeStrings(m.Value)}
		}
		return out
	}
	return v
}
