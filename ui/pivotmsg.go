package ui

// pivotChosen asks the root to add "is this value" (or, with exclude,
// "is not") to the filter. Any component that shows values (the table's
// cell cursor, the detail view's field cursor, the facets panel) reports
// it; the root turns it into filter text in one place, so that quoting is
// the same wherever the value came from.
type pivotChosen struct {
	// field is a filter-language field name (event, user, key, ip, ...)
	// or, when path is true, a JSON path into the record
	// (requestParameters.bucketName).
	field string
	path  bool
	// keys are the path's keys when the component has them: a key may
	// hold a dot, which the dotted field cannot tell from two keys.
	keys    []string
	value   string
	exclude bool
	// alone replaces the filter with the term instead of adding it: the
	// investigator's "start again from this value" (the key, the IP of an
	// event found by some other filter), keeping scope and window; back
	// returns to the filter it replaced.
	alone bool
	// and, when set, is a second term the pivot adds with the first (a
	// facet pair: this user and this event).
	and *pivotChosen
	// refusal, when set, is why there is no pivot: said in the status line.
	refusal string
	// note, when set, is said in the status line with the new filter:
	// what the pivot chose that the user may not expect (the first of
	// several resources).
	note string
}
