package store

import (
	"context"
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/trailview/trailview/history"
)

// TestDerivedLookupFieldsMatchTheAPI loads the records behind the spec's
// lookup-events example (section 10.11) as plain S3 records and checks that
// the derived Username and Resources equal what the API answered.
func TestDerivedLookupFieldsMatchTheAPI(t *testing.T) {
	data, err := os.ReadFile("testdata/spec-10.11-lookup-events.json")
	if err != nil {
		t.Fatal(err)
	}
	var out struct {
		Events []struct {
			EventID         string `json:"EventId"`
			Username        string
			AccessKeyID     string `json:"AccessKeyId"`
			ReadOnly        string
			CloudTrailEvent string
			Resources       []struct{ ResourceType, ResourceName string }
		}
	}
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	var records []string
	for _, e := range out.Events {
		records = append(records, e.CloudTrailEvent)
	}
	dir := t.TempDir()
	p := writeFile(t, dir, "records.json", []byte(`{"Records":[`+strings.Join(records, ",")+`]}`))
	s := openTempStore(t)
	mustLoad(t, s, p)
	got := map[string]history.Event{}
	for _, e := range allEvents(t, s, history.Query{}) {
		got[e.EventID] = e
	}
	for _, want := range out.Events {
		e, ok := got[want.EventID]
		if !ok {
			t.Fatalf("event %s not stored", want.EventID)
		}
		if e.Username != want.Username || e.AccessKeyID != want.AccessKeyID || e.ReadOnly != want.ReadOnly {
			t.Errorf("%s: username %q key %q readOnly %q, want %q %q %q", want.EventID,
				e.Username, e.AccessKeyID, e.ReadOnly, want.Username, want.AccessKeyID, want.ReadOnly)
		}
		var wantRes []history.Resource
		for _, r := range want.Resources {
			wantRes = append(wantRes, history.Resource{Type: r.ResourceType, Name: r.ResourceName})
		}
		if !reflect.DeepEqual(e.Resources, wantRes) {
			t.Errorf("%s resources:\n got %v\nwant %v", want.EventID, e.Resources, wantRes)
		}
		if e.ResourcesFromAPI {
			t.Errorf("%s: derived resources flagged as coming from the API", want.EventID)
		}
		if string(e.Raw) != want.CloudTrailEvent {
			t.Errorf("%s: stored record differs from CloudTrailEvent", want.EventID)
		}
	}

	// The same file as lookup-events output keeps the API's lists verbatim.
	s2 := openTempStore(t)
	mustLoad(t, s2, "testdata/spec-10.11-lookup-events.json")
	for _, e := range allEvents(t, s2, history.Query{}) {
		if len(e.Resources) > 0 && !e.ResourcesFromAPI {
			t.Errorf("%s: API resources not flagged", e.EventID)
		}
	}
	n, _ := s2.Count(context.Background(), history.Query{Lookup: &history.LookupAttribute{Key: history.AttrResourceType, Value: "AWS::IAM::InstanceProfile"}})
	if n != 1 {
		t.Errorf("ResourceType lookup found %d events, want 1 (three entries of one event)", n)
	}
}
