package ui

import "time"

// TODO(ui): replace with package filter once it lands.

// compileFilter compiles the filter bar's text; "" is no filter.
func compileFilter(text string, now time.Time) (compiledFilter, *filterError) {
	if text == "" {
		return compiledFilter{}, nil
	}
	return compiledFilter{}, &filterError{msg: "the filter language is not available in this build"}
}

// fieldNames are the filter language's field names, for completion.
func fieldNames() []string { return nil }

// fieldSuggestions are the suggestions offered while typing.
func fieldSuggestions() []string { return nil }
