package fakeapi

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/store"
)

// wire is a lookup event in the API's member order (spec 2.10).
type wire struct {
	EventID         string          `json:"EventId"`
	EventName       string          `json:"EventName,omitempty"`
	ReadOnly        string          `json:"ReadOnly,omitempty"`
	AccessKeyID     string          `json:"AccessKeyId,omitempty"`
	EventTime       json.Number     `json:"EventTime"`
	EventSource     string          `json:"EventSource,omitempty"`
	Username        string          `json:"Username,omitempty"`
	Resources       *[]wireResource `json:"Resources,omitempty"`
	CloudTrailEvent string          `json:"CloudTrailEvent"`
}

type wireResource struct {
	ResourceType string `json:"ResourceType,omitempty"`
	ResourceName string `json:"ResourceName"`
}

// FromEvent builds the lookup event the service would return for e, which
// must carry Raw.
func FromEvent(e *history.Event) (Event, error) {
	if e.Time.IsZero() {
		return Event{}, fmt.Errorf("event %s has no time: LookupEvents never returns such an event", e.EventID)
	}
	w := wire{EventID: e.EventID, EventName: e.EventName, ReadOnly: e.ReadOnly, AccessKeyID: e.AccessKeyID,
		EventTime: json.Number(strconv.FormatInt(e.Time.Unix(), 10)), EventSource: e.EventSource,
		Username: e.Username, CloudTrailEvent: string(e.Raw)}
	if ns := e.Time.Nanosecond(); ns != 0 {
		w.EventTime = json.Number(strconv.FormatFloat(float64(e.Time.UnixMicro())/1e6, 'f', 6, 64))
	}
	if e.Category != history.Insight {
		rs := []wireResource{}
		for _, r := range e.Resources {
			rs = append(rs, wireResource{ResourceType: r.Type, ResourceName: r.Name})
		}
		w.Resources = &rs
	}
	b, err := json.Marshal(w)
	if err != nil {
		return Event{}, err
	}
	return Event{ID: e.EventID, Time: e.Time, Insight: e.Category == history.Insight, JSON: b}, nil
}

// FromStore serves every management and Insights event of a store (every
// account and Region) as one history: how tests turn real data, loaded
// with Store.Load, into what an account's endpoint returns. Events without
// a time are left out, as the service has none.
func FromStore(ctx context.Context, s *store.Store) ([]Event, error) {
	var out []Event
	for _, cat := range []history.Category{history.Management, history.Insight} {
		err := s.Iterate(ctx, history.Query{Category: cat}, true, func(e *history.Event) error {
			if e.Time.IsZero() {
				return nil
			}
			ev, err := FromEvent(e)
			if err != nil {
				return err
			}
			out = append(out, ev)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

var genNames = []struct{ source, name, readOnly, resType string }{
	{"ec2.amazonaws.com", "RunInstances", "false", "AWS::EC2::Instance"},
	{"ec2.amazonaws.com", "DescribeInstances", "true", ""},
	{"s3.amazonaws.com", "CreateBucket", "false", "AWS::S3::Bucket"},
	{"iam.amazonaws.com", "CreateUser", "false", "AWS::IAM::User"},
	{"sts.amazonaws.com", "AssumeRole", "true", ""},
	{"signin.amazonaws.com", "ConsoleLogin", "false", ""},
}

// Generate makes n management events of account in region, newest at
// newest and each step older than the previous (pairs share a time, as
// events of one second do), from a fixed seed so runs repeat.
func Generate(account, region string, n int, newest time.Time, step time.Duration, seed uint64) []Event {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	out := make([]Event, 0, n)
	for i := 0; i < n; i++ {
		at := newest.Add(-time.Duration(i/2) * step).UTC().Truncate(time.Second)
		g := genNames[rng.IntN(len(genNames))]
		id := fmt.Sprintf("%08x-%04x-4%03x-8%03x-%012x", rng.Uint32(), seed&0xffff, i&0xfff, rng.IntN(0x1000), rng.Uint64()&0xffffffffffff)
		user := fmt.Sprintf("user%d", rng.IntN(5))
		key := fmt.Sprintf("AKIA%016d", rng.IntN(1000))
		rec := map[string]any{
			"eventVersion": "1.08",
			"userIdentity": map[string]any{"type": "IAMUser", "principalId": "AIDA" + user, "arn": "arn:aws:iam::" + account + ":user/" + user,
				"accountId": account, "accessKeyId": key, "userName": user},
			"eventTime": at.Format(time.RFC3339), "eventSource": g.source, "eventName": g.name, "awsRegion": region,
			"sourceIPAddress": fmt.Sprintf("192.0.2.%d", rng.IntN(250)), "userAgent": "aws-cli/2.15.0",
			"requestParameters": map[string]any{"n": i}, "responseElements": nil,
			"requestID": fmt.Sprintf("req-%d-%d", seed, i), "eventID": id, "readOnly": g.readOnly == "true",
			"eventType": "AwsApiCall", "managementEvent": true, "recipientAccountId": account, "eventCategory": "Management",
		}
		raw, _ := json.Marshal(rec)
		w := wire{EventID: id, EventName: g.name, ReadOnly: g.readOnly, AccessKeyID: key,
			EventTime: json.Number(strconv.FormatInt(at.Unix(), 10)), EventSource: g.source, Username: user, CloudTrailEvent: string(raw)}
		rs := []wireResource{}
		if g.resType != "" {
			rs = append(rs, wireResource{ResourceType: g.resType, ResourceName: fmt.Sprintf("res-%d", i)})
		}
		w.Resources = &rs
		b, _ := json.Marshal(w)
		out = append(out, Event{ID: id, Time: at, JSON: b})
	}
	return out
}
