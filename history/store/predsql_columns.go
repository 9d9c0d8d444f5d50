package filter

import (
	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/store"
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
	col   string         // events column (e.*) or resources column (r.*)
	dict  store.DictKind // shapeDict, shapeResource
	// required columns are never NULL (a missing value is stored as "").
	required bool
}

// columns maps every history.Field to its column.
var columns = map[history.Field]column{
	history.FieldEventName:    {shapeDict, "e.name_id", store.KindEventName, false},
	history.FieldEventSource:  {shapeDict, "e.source_id", store.KindEventSource, false},
	history.FieldUsername:     {shapeDict, "e.user_id", store.KindUsername, false},
	history.FieldRegion:       {shapeDict, "e.region_id", store.KindRegion, true},
	history.FieldAccount:      {shapeDict, "e.account_id", store.KindAccount, true},
	history.FieldAccessKeyID:  {shapeDict, "e.key_id", store.KindAccessKey, false},
	history.FieldSourceIP:     {shapeDict, "e.ip_id", store.KindSourceIP, false},
	history.FieldErrorCode:    {shapeDict, "e.error_id", store.KindErrorCode, false},
	history.FieldUserAgent:    {shapeDict, "e.agent_id", store.KindUserAgent, false},
	history.FieldEventType:    {shapeDict, "e.type_id", store.KindEventType, false},
	history.FieldIdentityType: {shapeDict, "e.itype_id", store.KindIdentityType, false},
	history.FieldIdentityARN:  {shapeDict, "e.iarn_id", store.KindIdentityARN, false},
	history.FieldResourceType: {shapeResource, "r.type_id", store.KindResourceType, false},
	history.FieldResourceName: {shapeResource, "r.name_id", store.KindResourceName, false},
	history.FieldEventID:      {shapeID, "e.event_id", 0, false},
	history.FieldRequestID:    {shapeID, "e.request_id", 0, false},
	history.FieldReadOnly:     {shapeEnum, "e.read_only", 0, false},
	history.FieldCategory:     {shapeEnum, "e.cat", 0, false},
}
