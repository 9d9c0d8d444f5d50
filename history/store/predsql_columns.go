package store

import (
	"github.com/trailview/trailview/history"
)

// columnShape is how the store keeps a field, which decides its SQL.
type columnShape int

const (
	shapeDict     columnShape = iota + 1 // an events column referring to the dictionary
	shapeResource                        // a resources column referring to the dictionary
	shapeID                              // an encoded ID column of events
	shapeEnum                            // an events column with a few known values
)

// column is where the store keeps a field.
type column struct {
	shape columnShape
	col   string   // events column (e.*) or resources column (r.*)
	dict  dictKind // shapeDict, shapeResource
	// required columns are never NULL (a missing value is stored as "").
	required bool
}

// columns maps every history.Field to its column: the lookup columns
// (lookupColumns), the resources table's, the ID columns and the enums.
var columns = func() map[history.Field]column {
	m := map[history.Field]column{
		history.FieldResourceType: {shapeResource, "r.type_id", kindResourceType, false},
		history.FieldResourceName: {shapeResource, "r.name_id", kindResourceName, false},
		history.FieldEventID:      {shapeID, "e.event_id", 0, false},
		history.FieldRequestID:    {shapeID, "e.request_id", 0, false},
		history.FieldReadOnly:     {shapeEnum, "e.read_only", 0, false},
		history.FieldCategory:     {shapeEnum, "e.cat", 0, false},
	}
	for _, c := range lookupColumns {
		m[c.field] = column{shapeDict, "e." + c.col, c.kind, c.required}
	}
	return m
}()
