package filter

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"
)

// FuzzCompile checks that no input panics, that errors are *Error with a
// column inside the input, and that every compiled filter has the fixed
// SQL shape and runs against a real store.
func FuzzCompile(f *testing.F) {
	for _, s := range []string{
		"", "event:DeleteBucket", "evnt:x", `user:"a b" -error:*`, "(a OR b) NOT c", "ip:10.0.0.0/8",
		"since:2h after:2025-03-01 before:2025-03-02T10:00Z", "requestParameters.bucketName:prod-*",
		`"access denied"`, "type:Bucket", "resource:*", `id:""`, "readonly:f*", "category:insight",
		`a\*b`, "-(-(x))", `name:Del\*`, "user:%_", "ü:ü", "\x00", ")(", `"`, "a:b:c", ".x:1",
	} {
		f.Add(s)
	}
	s := openStore(f)
	loadRecords(f, s, genRecords(rand.New(rand.NewPCG(3, 4)), 200, fixedNow))
	f.Fuzz(func(t *testing.T, text string) {
		flt, err := Compile(text, fixedNow)
		if err != nil {
			fe, ok := err.(*Error)
			if !ok {
				t.Fatalf("%q: error %T, want *Error", text, err)
			}
			if n := len([]rune(text)); fe.Column < 1 || fe.Column > n+1 || fe.Length < 1 {
				t.Fatalf("%q: error at column %d length %d, input has %d runes", text, fe.Column, fe.Length, n)
			}
			return
		}
		if flt.Pred == nil {
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
