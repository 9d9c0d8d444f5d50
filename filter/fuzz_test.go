package filter

import (
	"testing"
)

// FuzzCompile checks that no input panics and that errors are *Error with
// a column inside the input. The store's FuzzCompiledFilter checks the
// SQL that compiled filters become.
func FuzzCompile(f *testing.F) {
	for _, s := range []string{
		"", "event:DeleteBucket", "evnt:x", `user:"a b" -error:*`, "(a OR b) NOT c", "ip:10.0.0.0/8",
		"since:2h after:2025-03-01 before:2025-03-02T10:00Z", "requestParameters.bucketName:prod-*",
		`"access denied"`, "type:Bucket", "resource:*", `id:""`, "readonly:f*", "category:insight",
		`a\*b`, "-(-(x))", `name:Del\*`, "user:%_", "ü:ü", "\x00", ")(", `"`, "a:b:c", ".x:1",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		_, err := Compile(text, fixedNow)
		if err == nil {
			return
		}
		fe, ok := err.(*Error)
		if !ok {
			t.Fatalf("%q: error %T, want *Error", text, err)
		}
		if n := len([]rune(text)); fe.Column < 1 || fe.Column > n+1 || fe.Length < 1 {
			t.Fatalf("%q: error at column %d length %d, input has %d runes", text, fe.Column, fe.Length, n)
		}
	})
}
