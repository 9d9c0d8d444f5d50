package filter

import "github.com/trailview/trailview/history"

// FacetField is the field a name or alias of the filter language
// denotes, and its canonical name, when its values can be counted (trailview top): the dictionary
// fields, the resource fields and readonly. IDs are unique per event and
// the category and time terms are not values, so they are refused.
func FacetField(name string) (history.Field, string, bool) {
	def := lookupField(name)
	if def == nil || !def.countable() {
		return 0, "", false
	}
	return def.field, def.Name, true
}

// FacetFieldNames lists the canonical names FacetField accepts.
func FacetFieldNames() []string {
	var out []string
	for _, f := range fieldDefs {
		if f.countable() {
			out = append(out, f.Name)
		}
	}
	return out
}

func (d *fieldDef) countable() bool {
	return d.kind == fDict || d.kind == fResource || d.kind == fReadOnly
}
