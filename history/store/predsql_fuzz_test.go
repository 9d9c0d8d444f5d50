package store_test

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/trailview/trailview/filter"
	"github.com/trailview/trailview/internal/filtergen"
)

// FuzzCompiledFilter checks that every filter the language compiles has
// the fixed SQL shape and runs against a real store, its subquery and
// resolved forms selecting the same events. filter's FuzzCompile checks
// the language side of the same inputs (no panic, errors placed inside
// the input).
func FuzzCompiledFilter(f *testing.F) {
	for _, s := range []string{
		"", "event:DeleteBucket", "evnt:x", `user:"a b" -error:*`, "(a OR b) NOT c", "ip:10.0.0.0/8",
		"since:2h after:2025-03-01 before:2025-03-02T10:00Z", "requestParameters.bucketName:prod-*",
		`"access denied"`, "type:Bucket", "resource:*", `id:""`, "readonly:f*", "category:insight",
		`a\*b`, "-(-(x))", `name:Del\*`, "user:%_", "ü:ü", "\x00", ")(", `"`, "a:b:c", ".x:1",
	} {
		f.Add(s)
	}
	s := openStore(f)
	loadRecords(f, s, filtergen.Records(rand.New(rand.NewPCG(3, 4)), 200, fixedNow))
	f.Fuzz(func(t *testing.T, text string) {
		flt, err := filter.Compile(text, fixedNow)
		if err != nil || flt.Pred == nil {
			return
		}
		sub, rf := compiledSQL(t, s, flt)
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		subIDs, err := s.SelectIDsForTest(ctx, sub)
		if err != nil {
			t.Fatalf("%q: %v\nSQL %s", text, err, sub.Where)
		}
		rIDs, err := s.SelectIDsForTest(ctx, rf)
		if err != nil {
			t.Fatalf("%q: resolved: %v\nSQL %s", text, err, rf.Where)
		}
		if n, rn := len(subIDs), len(rIDs); n != rn {
			t.Fatalf("%q: %d matches, %d once resolved", text, n, rn)
		}
	})
}
