package filter

import (
	"strings"

	"github.com/trailview/trailview/history"
)

// Field describes one filter field for completion and help.
type Field struct {
	Name    string   // canonical name, lower case
	Aliases []string // other accepted names, lower case
	Help    string   // one line
}

type fieldKind int

const (
	fDict     fieldKind = iota // a dictionary column of events
	fResource                  // any of the event's resources
	fID                        // event or request ID
	fReadOnly
	fCategory
	fSince
	fAfter
	fBefore
)

// fieldDef is a field of the language and what it means. Adding a field
// means a row here, a history.Field with its column in columns.go and a
// line in docs/filter.md.
type fieldDef struct {
	Field
	kind  fieldKind
	field history.Field // what a term on it tests (not for the time fields)
	cidr  bool          // values with a '/' are CIDR prefixes
	// shortType lets "Bucket" stand for "AWS::S3::Bucket" (spec 2.3).
	shortType bool
	// get reads the field from an event; the tests' reference matcher
	// uses it to check the SQL.
	get func(e *history.Event) string
}

var fieldDefs = []fieldDef{
	{Field: Field{"event", []string{"name", "eventname"}, "Event name: event:DeleteBucket, event:Describe*"},
		kind: fDict, field: history.FieldEventName, get: func(e *history.Event) string { return e.EventName }},
	{Field: Field{"source", []string{"eventsource", "service"}, "Event source: source:s3.amazonaws.com, source:iam*"},
		kind: fDict, field: history.FieldEventSource, get: func(e *history.Event) string { return e.EventSource }},
	{Field: Field{"user", []string{"username"}, "User name as the console shows it: user:alice, user:AWSReservedSSO_*"},
		kind: fDict, field: history.FieldUsername, get: func(e *history.Event) string { return e.Username }},
	{Field: Field{"region", []string{"awsregion"}, "AWS Region: region:us-east-1, region:eu-*"},
		kind: fDict, field: history.FieldRegion, get: func(e *history.Event) string { return e.Region }},
	{Field: Field{"account", []string{"recipient", "recipientaccountid"}, "Recipient account ID: account:123456789012"},
		kind: fDict, field: history.FieldAccount, get: func(e *history.Event) string { return e.Account }},
	{Field: Field{"key", []string{"accesskey", "accesskeyid"}, "AWS access key ID: key:AKIA*, key:ASIAXYZ..."},
		kind: fDict, field: history.FieldAccessKeyID, get: func(e *history.Event) string { return e.AccessKeyID }},
	{Field: Field{"ip", []string{"sourceip", "sourceipaddress"}, "Source IP address: ip:203.0.113.7, ip:10.0.0.0/8, ip:*.amazonaws.com"},
		kind: fDict, field: history.FieldSourceIP, cidr: true, get: func(e *history.Event) string { return e.SourceIP }},
	{Field: Field{"error", []string{"errorcode"}, "Error code: error:AccessDenied, error:* (any error), -error:* (none)"},
		kind: fDict, field: history.FieldErrorCode, get: func(e *history.Event) string { return e.ErrorCode }},
	{Field: Field{"type", []string{"resourcetype"}, "Resource type: type:AWS::S3::Bucket, or the short type:Bucket"},
		kind: fResource, field: history.FieldResourceType, shortType: true},
	{Field: Field{"resource", []string{"resourcename"}, "Resource name or ARN, any of the event's resources: resource:prod-logs"},
		kind: fResource, field: history.FieldResourceName},
	{Field: Field{"readonly", []string{"read-only", "ro"}, "Read-only: readonly:true, readonly:false"},
		kind: fReadOnly, field: history.FieldReadOnly, get: func(e *history.Event) string { return e.ReadOnly }},
	{Field: Field{"agent", []string{"useragent"}, "User agent: agent:aws-cli*, agent:*Boto3*"},
		kind: fDict, field: history.FieldUserAgent, get: func(e *history.Event) string { return e.UserAgent }},
	{Field: Field{"id", []string{"eventid"}, "Event ID: id:3f1a2b4c-..."},
		kind: fID, field: history.FieldEventID, get: func(e *history.Event) string { return e.EventID }},
	{Field: Field{"request", []string{"requestid"}, "Request ID: request:EXAMPLE123"},
		kind: fID, field: history.FieldRequestID, get: func(e *history.Event) string { return e.RequestID }},
	{Field: Field{"category", []string{"eventcategory", "cat"}, "Event category: category:management, category:insight"},
		kind: fCategory, field: history.FieldCategory, get: func(e *history.Event) string { return e.Category.String() }},
	{Field: Field{"identity", []string{"identitytype"}, "Identity type (userIdentity.type): identity:Root, identity:AssumedRole"},
		kind: fDict, field: history.FieldIdentityType, get: func(e *history.Event) string { return e.IdentityType }},
	{Field: Field{"arn", []string{"identityarn"}, "Identity ARN (userIdentity.arn): arn:*:role/admin*"},
		kind: fDict, field: history.FieldIdentityARN, get: func(e *history.Event) string { return e.IdentityARN }},
	{Field: Field{"eventtype", nil, "Event type: eventtype:AwsConsoleSignIn, eventtype:AwsServiceEvent"},
		kind: fDict, field: history.FieldEventType, get: func(e *history.Event) string { return e.EventType }},
	{Field: Field{"since", nil, "Events in the last duration: since:30m, since:2h, since:7d, since:1h30m"},
		kind: fSince},
	{Field: Field{"after", nil, "Events at or after a time (UTC unless a zone is given): after:2025-03-01, after:2025-03-01T10:00Z"},
		kind: fAfter},
	{Field: Field{"before", nil, "Events before a time: before:2025-03-02, before:2025-03-02T10:00+01:00"},
		kind: fBefore},
}

var fieldByName = func() map[string]*fieldDef {
	m := map[string]*fieldDef{}
	for i := range fieldDefs {
		f := &fieldDefs[i]
		m[f.Name] = f
		for _, a := range f.Aliases {
			m[a] = f
		}
	}
	return m
}()

// Fields lists the filter fields in a stable order. JSON paths into the
// record (requestParameters.bucketName) are accepted too but not listed.
func Fields() []Field {
	out := make([]Field, len(fieldDefs))
	for i, f := range fieldDefs {
		out[i] = Field{Name: f.Name, Aliases: append([]string(nil), f.Aliases...), Help: f.Help}
	}
	return out
}

func lookupField(name string) *fieldDef {
	return fieldByName[strings.ToLower(name)]
}

// fieldNames lists every name and alias, for suggestions.
func fieldNames() []string {
	var out []string
	for _, f := range fieldDefs {
		out = append(out, f.Name)
		out = append(out, f.Aliases...)
	}
	return out
}
