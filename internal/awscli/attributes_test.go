package awscli

import (
	"errors"
	"reflect"
	"testing"

	"github.com/trailview/trailview/history"
)

func TestParseLookupAttributes(t *testing.T) {
	one := func(k, v string) []history.LookupAttribute { return []history.LookupAttribute{{Key: k, Value: v}} }
	cases := []struct {
		in   []string
		want []history.LookupAttribute
	}{
		{[]string{"AttributeKey=EventName,AttributeValue=RunInstances"}, one("EventName", "RunInstances")},
		{[]string{"AttributeValue=RunInstances,AttributeKey=EventName"}, one("EventName", "RunInstances")},
		{[]string{"AttributeKey = EventName , AttributeValue = Run Instances  "}, one("EventName", "Run Instances")},
		{[]string{`AttributeKey=ResourceName,AttributeValue="a,b"`}, one("ResourceName", "a,b")},
		{[]string{`AttributeKey=ResourceName,AttributeValue=a\,b`}, one("ResourceName", "a,b")},
		{[]string{`AttributeKey=ResourceName,AttributeValue=arn:aws:iam::1:role/x=y`}, one("ResourceName", "arn:aws:iam::1:role/x=y")},
		{[]string{`AttributeKey=Username,AttributeValue="say \"hi\""`}, one("Username", `say "hi"`)},
		{[]string{"AttributeKey=Foo,AttributeValue=x"}, one("Foo", "x")}, // the service rejects the key
		{[]string{"AttributeKey=EventName,AttributeValue=A", "AttributeKey=EventSource,AttributeValue=B"},
			[]history.LookupAttribute{{Key: "EventName", Value: "A"}, {Key: "EventSource", Value: "B"}}},
		{[]string{`[{"AttributeKey":"EventName","AttributeValue":"RunInstances"}]`}, one("EventName", "RunInstances")},
		{[]string{` [ ] `}, []history.LookupAttribute{}},
		{[]string{`{"AttributeKey":"EventId","AttributeValue":"x"}`, `{"AttributeKey":"EventName","AttributeValue":"y"}`},
			[]history.LookupAttribute{{Key: "EventId", Value: "x"}, {Key: "EventName", Value: "y"}}},
	}
	for _, c := range cases {
		if c.want == nil {
			continue
		}
		got, err := ParseLookupAttributes(c.in)
		if err != nil {
			t.Errorf("ParseLookupAttributes(%q): %v", c.in, err)
			continue
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("ParseLookupAttributes(%q) = %+v, want %+v", c.in, got, c.want)
		}
	}
}

func TestParseLookupAttributesErrors(t *testing.T) {
	cases := []struct {
		in   []string
		want string
	}{
		{[]string{"AttributeKey"}, "Error parsing parameter '--lookup-attributes': Expected: '=', received: 'EOF' for input:\nAttributeKey\n            ^"},
		{[]string{"AttributeKey=EventName,AttributeKey=X"}, "Error parsing parameter '--lookup-attributes': Second instance of key \"AttributeKey\" encountered for input:\nAttributeKey=EventName,AttributeKey=X\n                       ^\nThis is often because there is a preceding \",\" instead of a space."},
		{[]string{"AttributeKey=EventName"}, "Parameter validation failed:\nMissing required parameter in LookupAttributes[0]: \"AttributeValue\""},
		{[]string{"AttributeKey=EventName,AttributeValue="}, "Parameter validation failed:\nInvalid length for parameter LookupAttributes[0].AttributeValue, value: 0, valid min length: 1"},
		{[]string{"AttributeKey=EventName,AttributeValue=a,b"}, "Parameter validation failed:\nInvalid type for parameter LookupAttributes[0].AttributeValue, value: ['a', 'b'], type: <class 'list'>, valid types: <class 'str'>"},
		{[]string{"Key=EventName,Value=x"}, "Parameter validation failed:\nMissing required parameter in LookupAttributes[0]: \"AttributeKey\"\nMissing required parameter in LookupAttributes[0]: \"AttributeValue\"\nUnknown parameter in LookupAttributes[0]: \"Key\", must be one of: AttributeKey, AttributeValue\nUnknown parameter in LookupAttributes[0]: \"Value\", must be one of: AttributeKey, AttributeValue"},
		{[]string{`[{"AttributeKey":"EventName","AttributeValue":5}]`}, "Parameter validation failed:\nInvalid type for parameter LookupAttributes[0].AttributeValue, value: 5, type: <class 'int'>, valid types: <class 'str'>"},
		{[]string{`["x"]`}, "Parameter validation failed:\nInvalid type for parameter LookupAttributes[0], value: x, type: <class 'str'>, valid types: <class 'dict'>"},
		{[]string{`[null]`}, "Parameter validation failed:\nInvalid type for parameter LookupAttributes[0], value: None, type: <class 'NoneType'>, valid types: <class 'dict'>"},
	}
	for _, c := range cases {
		_, err := ParseLookupAttributes(c.in)
		var pe *ParamError
		if !errors.As(err, &pe) {
			t.Errorf("ParseLookupAttributes(%q) error = %v, want a *ParamError", c.in, err)
			continue
		}
		if pe.Msg != c.want {
			t.Errorf("ParseLookupAttributes(%q) error:\n%s\nwant:\n%s", c.in, pe.Msg, c.want)
		}
	}
	for _, in := range [][]string{{`[{"AttributeKey":`}, {`[1] [2]`}, {`{"a":}`}, {`AttributeKey="unterminated`}, {"AttributeKey=a,AttributeValue=b,"}} {
		if _, err := ParseLookupAttributes(in); err == nil {
			t.Errorf("ParseLookupAttributes(%q) accepted malformed input", in)
		}
	}
}

func FuzzParseLookupAttributes(f *testing.F) {
	for _, s := range []string{"AttributeKey=EventName,AttributeValue=x", `[{"AttributeKey":"a","AttributeValue":"b"}]`, `a={b=[c,d]},e='f'`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		attrs, err := ParseLookupAttributes([]string{s})
		if err == nil {
			for _, a := range attrs {
				if a.Value == "" {
					t.Fatalf("accepted an empty value from %q", s)
				}
			}
		}
	})
}
