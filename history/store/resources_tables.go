package store

import "strings"

// Resource rows live in two tables (migration 0012), one per lookup
// column, each keyed like the index it replaced: resource_names by
// name_id and resource_types by type_id, then region_id, cat, time_us
// and event.
const (
	resourceNamesTable = "resource_names"
	resourceTypesTable = "resource_types"
)

// The writer's inserts (flushPending), one row per distinct resource name
// or type of an event.
const (
	resNamesTable = resourceNamesTable + "(name_id, region_id, cat, time_us, event)"
	resTypesTable = resourceTypesTable + "(type_id, region_id, cat, time_us, event)"
)

// resourceTableOf names the table that holds the resource column col,
// given with or without its alias ("r.type_id", "type_id").
func resourceTableOf(col string) string {
	if strings.HasSuffix(col, "type_id") {
		return resourceTypesTable
	}
	return resourceNamesTable
}
