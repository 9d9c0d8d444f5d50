package record

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/trailview/trailview/history"
)

// parsed is one record after validation and extraction, before it is stored.
type Parsed struct {
	history.Event
	TimeUS  int64 // microseconds since the Unix epoch, 0 when unknown
	HasTime bool
	// Record is the compact record; for lookup-event inputs it is the decoded
	// CloudTrailEvent, not the wrapper. Workers replace it with the stored
	// (compressed) form.
	Record []byte
	// Words is the compact record kept for full-text indexing until the
	// chunk's documents are built.
	Words []byte
}

// fieldTypeError reports a record field of the wrong JSON type (spec 5.6).
type fieldTypeError struct {
	Field string
	Want  string
}

func (e *fieldTypeError) Error() string {
	return fmt.Sprintf("field %s: expected %s", e.Field, e.Want)
}

// errNotRecord marks a JSON object that is not a CloudTrail record at all.
var ErrNotRecord = errors.New("not a CloudTrail record (no eventVersion, eventID, eventTime, eventName or userIdentity)")

// parseRecordJSON parses one element of an input container: a CloudTrail
// record or a LookupEvents event (whose CloudTrailEvent string holds the
// record). compact must be compact, validated JSON. pathAccount is the
// account ID found in the input's S3 key, used when the record names none.
func ParseRecordJSON(compact []byte, pathAccount string) (Parsed, error) {
	if len(compact) == 0 || compact[0] != '{' {
		return Parsed{}, errors.New("element is not a JSON object")
	}
	// One pass over the members serves both shapes: looking for
	// CloudTrailEvent first walked every record twice (2 s of a 1M load).
	var k recordKeys
	k.collect(compact)
	if k.hasCloudTrailEvent {
		return parseLookupEvent(compact, k.cloudTrailEvent, pathAccount)
	}
	return parseRecordKeys(compact, &k, pathAccount)
}

// recordKeys are the top-level members the loader reads.
type recordKeys struct {
	eventVersion, eventTime, atTimestamp, eventSource, eventName, awsRegion   []byte
	sourceIP, userAgent, errorCode, requestID, eventID, eventType, recipient  []byte
	eventCategory, readOnly, managementEvent, userIdentity, requestParameters []byte
	responseElements, resources, insightDetails                               []byte
	// A LookupEvents event wraps the record in this string.
	cloudTrailEvent    []byte
	hasCloudTrailEvent bool
}

func (k *recordKeys) collect(obj []byte) {
	forEachMember(obj, func(m member) bool {
		switch string(m.key) {
		case "eventVersion":
			k.eventVersion = m.val
		case "eventTime":
			k.eventTime = m.val
		case "@timestamp":
			k.atTimestamp = m.val
		case "eventSource":
			k.eventSource = m.val
		case "eventName":
			k.eventName = m.val
		case "awsRegion":
			k.awsRegion = m.val
		case "sourceIPAddress":
			k.sourceIP = m.val
		case "userAgent":
			k.userAgent = m.val
		case "errorCode":
			k.errorCode = m.val
		case "requestID":
			k.requestID = m.val
		case "eventID":
			k.eventID = m.val
		case "eventType":
			k.eventType = m.val
		case "recipientAccountId":
			k.recipient = m.val
		case "eventCategory":
			k.eventCategory = m.val
		case "readOnly":
			k.readOnly = m.val
		case "managementEvent":
			k.managementEvent = m.val
		case "userIdentity":
			k.userIdentity = m.val
		case "requestParameters":
			k.requestParameters = m.val
		case "responseElements":
			k.responseElements = m.val
		case "resources":
			k.resources = m.val
		case "insightDetails":
			k.insightDetails = m.val
		case "CloudTrailEvent":
			k.cloudTrailEvent, k.hasCloudTrailEvent = m.val, true
		default:
			// An escaped spelling of the wrapper's key still marks a
			// LookupEvents event, as it did when it was looked up by name.
			if bytes.IndexByte(m.key, '\\') >= 0 && keyEquals(m.key, "CloudTrailEvent") {
				k.cloudTrailEvent, k.hasCloudTrailEvent = m.val, true
			}
		}
		return true
	})
}

func parseRecord(raw []byte, pathAccount string) (Parsed, error) {
	var k recordKeys
	k.collect(raw)
	return parseRecordKeys(raw, &k, pathAccount)
}

// parseRecordKeys parses the record raw whose members k has collected.
func parseRecordKeys(raw []byte, k *recordKeys, pathAccount string) (Parsed, error) {
	if k.eventVersion == nil && k.eventID == nil && k.eventTime == nil && k.atTimestamp == nil &&
		k.eventName == nil && k.userIdentity == nil && k.insightDetails == nil {
		return Parsed{}, ErrNotRecord
	}
	p := Parsed{Record: raw}
	e := &p.Event
	var err error
	str := func(field string, v []byte) string {
		if err != nil {
			return ""
		}
		s, _, e2 := stringValue(v)
		if e2 != nil {
			err = &fieldTypeError{Field: field, Want: "a string"}
		}
		return s
	}
	e.EventID = str("eventID", k.eventID)
	e.EventName = str("eventName", k.eventName)
	e.EventSource = str("eventSource", k.eventSource)
	e.Region = str("awsRegion", k.awsRegion)
	e.SourceIP = str("sourceIPAddress", k.sourceIP)
	e.UserAgent = str("userAgent", k.userAgent)
	e.ErrorCode = str("errorCode", k.errorCode)
	e.RequestID = str("requestID", k.requestID)
	e.EventType = str("eventType", k.eventType)
	e.Account = str("recipientAccountId", k.recipient)
	category := str("eventCategory", k.eventCategory)
	eventTime := str("eventTime", k.eventTime)
	atTime := str("@timestamp", k.atTimestamp)
	if err != nil {
		return Parsed{}, err
	}
	if e.ReadOnly, err = boolString("readOnly", k.readOnly); err != nil {
		return Parsed{}, err
	}
	mgmt, err := boolString("managementEvent", k.managementEvent)
	if err != nil {
		return Parsed{}, err
	}
	if err := checkContainers(k); err != nil {
		return Parsed{}, err
	}

	e.Category = classify(category, e.EventType, mgmt)
	if e.Category == history.Insight {
		if name, _, _ := stringValue(memberOf(k.insightDetails, "eventName")); name != "" {
			e.EventName = name
		}
		if src, _, _ := stringValue(memberOf(k.insightDetails, "eventSource")); src != "" {
			e.EventSource = src
		}
	}

	if err := p.setTime(eventTime, atTime); err != nil {
		return Parsed{}, err
	}
	setIdentity(e, k, pathAccount)
	if e.EventID == "" {
		e.EventID = syntheticEventID(raw)
	}
	return p, nil
}

// checkContainers refuses a record whose objects or resources list has
// another JSON type (spec 5.6).
func checkContainers(k *recordKeys) error {
	for _, obj := range []struct {
		name string
		v    []byte
	}{{"userIdentity", k.userIdentity}, {"insightDetails", k.insightDetails}} {
		if len(obj.v) > 0 && obj.v[0] != '{' && string(obj.v) != "null" {
			return &fieldTypeError{Field: obj.name, Want: "an object"}
		}
	}
	if len(k.resources) > 0 && k.resources[0] != '[' && string(k.resources) != "null" {
		return &fieldTypeError{Field: "resources", Want: "an array"}
	}
	return nil
}

// setTime sets the event's time from eventTime or, when it is absent,
// @timestamp: log shippers such as Logstash move eventTime there, and both
// are the same instant, so either serves.
func (p *Parsed) setTime(eventTime, atTime string) error {
	ts := eventTime
	if ts == "" {
		ts = atTime
	}
	if ts == "" {
		return nil
	}
	t, err := parseTimestamp(ts)
	if err != nil {
		return fmt.Errorf("field eventTime: %w", err)
	}
	p.Time = t
	p.TimeUS = t.UnixMicro()
	p.HasTime = true
	return nil
}

// setIdentity sets the fields derived from userIdentity (spec 7), the
// account and the resources (spec 8).
func setIdentity(e *history.Event, k *recordKeys, pathAccount string) {
	id := parseIdentity(k.userIdentity)
	e.IdentityType = id.Type
	e.IdentityARN = id.ARN
	e.AccessKeyID = id.AccessKeyID
	e.Username = deriveUsername(id)
	if e.Account == "" {
		e.Account = pathAccount
	}
	if e.Account == "" {
		e.Account = id.AccountID
	}
	if e.Category == history.Insight {
		// Spec 2.7 [U]: Insights lookups carry no user, key or resources.
		e.Username, e.AccessKeyID, e.ReadOnly = "", "", ""
	} else {
		e.Resources = deriveResources(e.EventSource, e.EventName, k.requestParameters, k.responseElements, k.resources)
	}
}

func memberOf(obj []byte, key string) []byte {
	v, _ := GetMember(obj, key)
	return v
}

// classify applies spec 1.2, including its [U] rule for records older than
// eventVersion 1.07 that carry no eventCategory.
func classify(category, eventType, managementEvent string) history.Category {
	switch category {
	case "Management":
		return history.Management
	case "Insight":
		return history.Insight
	case "Data":
		return history.Data
	case "NetworkActivity":
		return history.NetworkActivity
	}
	switch {
	case eventType == "AwsCloudTrailInsight":
		return history.Insight
	case eventType == "AwsVpceEvent":
		return history.NetworkActivity
	case managementEvent == "false":
		return history.Data
	}
	return history.Management
}

// boolString reads a JSON boolean as "true"/"false". A string "true"/"false"
// is accepted too, because LookupEvents itself uses strings for ReadOnly and
// re-exported records sometimes carry that form.
func boolString(field string, v []byte) (string, error) {
	switch string(v) {
	case "", "null":
		return "", nil
	case "true", `"true"`:
		return "true", nil
	case "false", `"false"`:
		return "false", nil
	}
	return "", &fieldTypeError{Field: field, Want: "a boolean"}
}

// syntheticEventID names a record that has no eventID (AWS documentation
// fragments do this) so that deduplication still works: the same record
// loaded twice gets the same ID.
func syntheticEventID(raw []byte) string {
	sum := sha256.Sum256(raw)
	return "trailview-" + hex.EncodeToString(sum[:16])
}

// parseTimestamp accepts the timestamp forms found in records and
// LookupEvents output (spec 3.3): RFC 3339 with Z or an offset, an optional
// fraction, and 'T' or a space between date and time.
func parseTimestamp(s string) (time.Time, error) {
	orig := s
	if len(s) > 10 && s[10] == ' ' {
		s = s[:10] + "T" + s[11:]
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("unrecognised timestamp %q", truncateForError(orig))
}

func truncateForError(s string) string {
	if len(s) > 64 {
		return s[:64] + "…"
	}
	return strings.ToValidUTF8(s, "?")
}
