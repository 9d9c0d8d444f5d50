package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/trailview/trailview/filter"
	"github.com/trailview/trailview/history"
)

// TestErrorFilterReadsTheErrorIndex: error:CODE, the investigator's usual
// filter, reads the error rows through events_error instead of walking
// every event of the Region.
func TestErrorFilterReadsTheErrorIndex(t *testing.T) {
	now := time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)
	s, events := propertyStore(t, now)
	code := ""
	for _, e := range events {
		if e.ErrorCode != "" && e.Category == history.Management {
			code = e.ErrorCode
			break
		}
	}
	if code == "" {
		t.Fatal("the property store holds no error")
	}
	f, err := filter.Compile("error:"+code, now)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := s.PagePlanForTest(context.Background(), history.Query{Category: history.Management, Pred: f.Pred})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(plan, "events_error") {
		t.Errorf("error:%s does not read the error index; plan:\n%s", code, plan)
	}
}
