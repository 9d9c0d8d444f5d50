package filter

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/trailview/trailview/history"
)

// TestTranslate pins the predicate each kind of term means.
func TestTranslate(t *testing.T) {
	ft := func(f history.Field, c history.Cmp, v string) history.FieldTerm {
		return history.FieldTerm{Field: f, Cmp: c, Value: v}
	}
	pt := func(p string, c history.Cmp, v string) history.PathTerm {
		return history.PathTerm{Path: p, Cmp: c, Value: v}
	}
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	cases := []struct {
		in   string
		want history.Predicate
	}{
		{"", nil},
		{"EVENT:deletebucket", ft(history.FieldEventName, history.CmpEqual, "deletebucket")},
		{"user:Al*", ft(history.FieldUsername, history.CmpGlob, "Al*")},
		{"-error:*", history.Not{Pred: ft(history.FieldErrorCode, history.CmpPresent, "")}},
		{`key:""`, ft(history.FieldAccessKeyID, history.CmpAbsent, "")},
		{`name:Del\*`, ft(history.FieldEventName, history.CmpEqual, "Del*")},
		{"ip:10.1.2.3/8", ft(history.FieldSourceIP, history.CmpCIDR, "10.0.0.0/8")},
		{"ip:10.1.2.3", ft(history.FieldSourceIP, history.CmpEqual, "10.1.2.3")},
		{"type:Bucket", ft(history.FieldResourceType, history.CmpGlob, "*::Bucket")},
		{"type:Buck*", ft(history.FieldResourceType, history.CmpGlob, "*::Buck*")},
		{"type:AWS::S3::Bucket", ft(history.FieldResourceType, history.CmpEqual, "AWS::S3::Bucket")},
		{"resource:prod", ft(history.FieldResourceName, history.CmpEqual, "prod")},
		{"ro:f*", ft(history.FieldReadOnly, history.CmpGlob, "f*")},
		{"cat:insights", ft(history.FieldCategory, history.CmpEqual, "insights")},
		{"request:ABC", ft(history.FieldRequestID, history.CmpEqual, "ABC")},
		{"requestparameters.bucketName:x", pt("requestParameters.bucketName", history.CmpEqual, "x")},
		{"errormessage:*denied*", pt("errorMessage", history.CmpGlob, "*denied*")},
		{`.someKey:""`, pt("someKey", history.CmpAbsent, "")},
		{"deploy", history.TextTerm{Text: "deploy", IDs: true}},
		{"deploy*", history.TextTerm{Text: "deploy", Prefix: true}},
		{`"access denied"`, history.TextTerm{Text: "access denied"}},
		{`x\*`, history.TextTerm{Text: "x", IDs: true}},
		{"since:2h", history.TimeTerm{Start: at("2025-03-10T10:00:00Z")}},
		{"after:2025-03-01", history.TimeTerm{Start: at("2025-03-01T00:00:00Z")}},
		{"before:2025-03-02T10:00Z", history.TimeTerm{End: at("2025-03-02T09:59:59.999999Z")}},
		{"a b OR c", history.Or{history.And{history.TextTerm{Text: "a", IDs: true}, history.TextTerm{Text: "b", IDs: true}},
			history.TextTerm{Text: "c", IDs: true}}},
		{"(a) -(b OR c)", history.And{history.TextTerm{Text: "a", IDs: true},
			history.Not{Pred: history.Or{history.TextTerm{Text: "b", IDs: true}, history.TextTerm{Text: "c", IDs: true}}}}},
	}
	for _, c := range cases {
		f, err := Compile(c.in, fixedNow)
		if err != nil {
			t.Errorf("Compile(%q): %v", c.in, err)
			continue
		}
		if !reflect.DeepEqual(f.Pred, c.want) {
			t.Errorf("Compile(%q).Pred =\n %s\nwant\n %s", c.in, fmt.Sprintf("%#v", f.Pred), fmt.Sprintf("%#v", c.want))
		}
	}
}

// TestEveryFieldIsAHistoryField: the store compiles history.Fields
// (its TestEveryFieldHasAColumn checks each has a column), so every field
// of the language but the time words must name one.
func TestEveryFieldIsAHistoryField(t *testing.T) {
	for _, def := range fieldDefs {
		switch def.kind {
		case fSince, fAfter, fBefore:
			continue
		}
		if def.field == 0 {
			t.Errorf("field %s has no history.Field", def.Name)
		}
	}
}
