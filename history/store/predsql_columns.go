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
	dict  DictKind // shapeDict, shapeResource
	// required columns are never NULL (a missing value is stored as "").
	required bool
}

// columns maps every history.Field to its column.
var columns = map[history.Field]column{
	history.FieldEventName:    {shapeDict, "e.name_id", KindEventName, false},
	history.FieldEventSource:  {shapeDict, "e.source_id", KindEventSource, false},
	history.FieldUsername:     {shapeDict, "e.user_id", KindUsername, false},
	history.FieldRegion:       {shapeDict, "e.region_id", KindRegion, true},
	history.FieldAccount:      {shapeDict, "e.account_id", KindAccount, true},
	history.FieldAccessKeyID:  {shapeDict, "e.key_id", KindAccessKey, false},
	history.FieldSourceIP:     {shapeDict, "e.ip_id", KindSourceIP, false},
	history.FieldErrorCode:    {shapeDict, "e.error_id", KindErrorCode, false},
	history.FieldUserAgent:    {shapeDict, "e.agent_id", KindUserAgent, false},
	history.FieldEventType:    {shapeDict, "e.type_id", KindEventType, false},
	history.FieldIdentityType: {shapeDict, "e.itype_id", KindIdentityType, false},
	history.FieldIdentityARN:  {shapeDict, "e.iarn_id", KindIdentityARN, false},
	history.FieldResourceType: {shapeResource, "r.type_id", KindResourceType, false},
	history.FieldResourceName: {shapeResource, "r.name_id", KindResourceName, false},
	history.FieldEventID:      {shapeID, "e.event_id", 0, false},
	history.FieldRequestID:    {shapeID, "e.request_id", 0, false},
	history.FieldReadOnly:     {shapeEnum, "e.read_only", 0, false},
	history.FieldCategory:     {shapeEnum, "e.cat", 0, false},
}
