package live

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
)

// wireEvent is a lookup event in the API's JSON form (spec 2.10), member
// order as AWS writes it. Absent members stay absent: the loader reads an
// absent Username as "none" and an absent Resources as "derive them".
type wireEvent struct {
	EventID         *string         `json:"EventId,omitempty"`
	EventName       *string         `json:"EventName,omitempty"`
	ReadOnly        *string         `json:"ReadOnly,omitempty"`
	AccessKeyID     *string         `json:"AccessKeyId,omitempty"`
	EventTime       json.Number     `json:"EventTime,omitempty"`
	EventSource     *string         `json:"EventSource,omitempty"`
	Username        *string         `json:"Username,omitempty"`
	Resources       *[]wireResource `json:"Resources,omitempty"`
	CloudTrailEvent *string         `json:"CloudTrailEvent,omitempty"`
}

type wireResource struct {
	ResourceType *string `json:"ResourceType"`
	ResourceName *string `json:"ResourceName"`
}

// lookupEventJSON turns an event the SDK decoded back into the JSON the
// loader reads for lookup-events output, so that API pages and files go
// through one parser. CloudTrailEvent, the record itself, passes through
// untouched.
func lookupEventJSON(e types.Event) ([]byte, error) {
	w := wireEvent{
		EventID: e.EventId, EventName: e.EventName, ReadOnly: e.ReadOnly, AccessKeyID: e.AccessKeyId,
		EventSource: e.EventSource, Username: e.Username, CloudTrailEvent: e.CloudTrailEvent,
	}
	if e.EventTime != nil {
		w.EventTime = epochSeconds(*e.EventTime)
	}
	if e.Resources != nil {
		rs := make([]wireResource, len(e.Resources))
		for i, r := range e.Resources {
			rs[i] = wireResource{ResourceType: r.ResourceType, ResourceName: r.ResourceName}
		}
		w.Resources = &rs
	}
	return json.Marshal(w)
}

// epochSeconds writes t as the protocol does: seconds, with a fraction
// only when there is one.
func epochSeconds(t time.Time) json.Number {
	us := t.UnixMicro()
	if us%1_000_000 == 0 {
		return json.Number(strconv.FormatInt(us/1_000_000, 10))
	}
	return json.Number(strconv.FormatFloat(float64(us)/1e6, 'f', 6, 64))
}
