package cli

import (
	"context"
	"testing"
	"time"

	"github.com/trailview/trailview/history"
)

// termFilters are one-term filters on fields without an index of their
// own (issue 17): the pivots the detail view writes for a source IP, a
// user agent, an identity ARN and an identity type. The scope index holds
// their columns (migration 0011).
var termFilters = []struct{ name, text string }{
	{"ip", "ip:198.51.100.233"}, {"agent", "agent:aws-cli*"}, {"arn", "arn:*alice*"}, {"identity", "identity:IAMUser"},
}

// BenchmarkTermFilter1M: top event, key and ip and the hourly timeline
// under each of termFilters, in us-east-1 and every Region (goal: 200 ms).
func BenchmarkTermFilter1M(b *testing.B) {
	for _, region := range benchScopes {
		for _, flt := range termFilters {
			for _, field := range []history.Field{history.FieldEventName, history.FieldAccessKeyID, history.FieldSourceIP} {
				b.Run(region+"/"+flt.name+"/top-"+field.String(), func(b *testing.B) {
					s, q := benchAnalysis(b, region)
					q = withFilter(b, q, flt.text)
					from := processCPU(b)
					for b.Loop() {
						if _, err := s.Top(context.Background(), q, field, 20); err != nil {
							b.Fatal(err)
						}
					}
					reportCPU(b, from)
				})
			}
			b.Run(region+"/"+flt.name+"/timeline-1h", func(b *testing.B) {
				s, q := benchAnalysis(b, region)
				q = withFilter(b, q, flt.text)
				from := processCPU(b)
				for b.Loop() {
					if _, err := s.Timeline(context.Background(), q, time.Hour); err != nil {
						b.Fatal(err)
					}
				}
				reportCPU(b, from)
			})
		}
	}
}
