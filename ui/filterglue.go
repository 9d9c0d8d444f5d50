package ui

import (
	"errors"
	"sort"
	"time"

	"github.com/trailview/trailview/filter"
)

// compileFilter compiles the filter bar's text with the filter language;
// "" is no filter. Mistakes come back located, for the inline message.
func compileFilter(text string, now time.Time) (compiledFilter, *filterError) {
	if text == "" {
		return compiledFilter{}, nil
	}
	f, err := filter.Compile(text, now)
	if err != nil {
		var fe *filter.Error
		if errors.As(err, &fe) {
			msg := fe.Msg
			if fe.Hint != "" {
				msg += " (" + fe.Hint + ")"
			}
			return compiledFilter{}, &filterError{column: fe.Column, length: fe.Length, msg: msg}
		}
		return compiledFilter{}, &filterError{msg: err.Error()}
	}
	return compiledFilter{where: f.Where, args: f.Args, start: f.Start, end: f.End}, nil
}

// fieldNames are the filter language's field names and aliases, for
// completion.
func fieldNames() []string {
	var out []string
	for _, f := range filter.Fields() {
		out = append(out, f.Name)
		out = append(out, f.Aliases...)
	}
	sort.Strings(out)
	return out
}

// fieldSuggestions are offered inline while typing (the text input shows
// the rest of a matching name dimmed): every field name followed by ':'.
func fieldSuggestions() []string {
	var out []string
	for _, n := range fieldNames() {
		out = append(out, n+":")
	}
	return out
}
