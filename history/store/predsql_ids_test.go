package store_test

import (
	"testing"
	"time"

	"github.com/trailview/trailview/filter"
)

// TestBareIDFindsItsEvent: the full-text index leaves out each event's own
// eventID and requestID, so a pasted ID must still find its event through
// the ID columns, in any letter case, and a word found only inside another
// event's ID must not match.
func TestBareIDFindsItsEvent(t *testing.T) {
	s := openStore(t)
	rec := func(eventID, requestID, bucket string) map[string]any {
		return map[string]any{
			"eventVersion": "1.08", "eventTime": "2024-05-01T10:00:00Z", "eventSource": "s3.amazonaws.com",
			"eventName": "CreateBucket", "awsRegion": "us-east-1", "eventID": eventID, "requestID": requestID,
			"userIdentity":      map[string]any{"type": "IAMUser", "userName": "alice", "accountId": "111122223333"},
			"requestParameters": map[string]any{"bucketName": bucket},
			"eventType":         "AwsApiCall", "managementEvent": true, "eventCategory": "Management", "readOnly": false,
		}
	}
	loadRecords(t, s, []map[string]any{
		rec("bb822476-bc42-49c6-96d8-a7ca6b3e4634", "C3D13FE58DE4C810", "logs"),
		rec("7f6a6a09-d472-422f-a261-ce22905b43b5", "A1B2C3D4E5F60718", "bb822476-bucket"),
	})
	ids := map[string]int64{}
	for _, e := range eventsOfBothCategories(t, s) {
		ids[e.EventID] = e.ID
	}
	first, second := ids["bb822476-bc42-49c6-96d8-a7ca6b3e4634"], ids["7f6a6a09-d472-422f-a261-ce22905b43b5"]
	cases := []struct {
		text string
		want []int64
	}{
		{"bb822476-bc42-49c6-96d8-a7ca6b3e4634", []int64{first}},
		{"BB822476-BC42-49C6-96D8-A7CA6B3E4634", []int64{first}},
		{"c3d13fe58de4c810", []int64{first}},
		{"A1B2C3D4E5F60718", []int64{second}},
		// Only the second event has this word in a searched value.
		{"bb822476", []int64{second}},
		{"a7ca6b3e4634", nil},
		{`"bb822476 bucket"`, []int64{second}},
	}
	for _, c := range cases {
		f, err := filter.Compile(c.text, time.Now())
		if err != nil {
			t.Fatalf("%s: %v", c.text, err)
		}
		compiledSQL(t, s, f)
		got := matchingIDs(t, s, f)
		if len(got) != len(c.want) {
			t.Errorf("%s matched %v, want %v", c.text, got, c.want)
			continue
		}
		for _, id := range c.want {
			if !got[id] {
				t.Errorf("%s matched %v, want %v", c.text, got, c.want)
			}
		}
	}
}
