package history

import (
	"errors"
	"slices"
	"testing"
	"time"
)

func TestValidatePredicate(t *testing.T) {
	at := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	good := []Predicate{
		FieldTerm{FieldEventName, CmpEqual, "DeleteBucket"},
		FieldTerm{FieldEventName, CmpGlob, "Delete*"},
		FieldTerm{FieldUsername, CmpAbsent, ""},
		FieldTerm{FieldSourceIP, CmpCIDR, "10.0.0.0/8"},
		FieldTerm{FieldReadOnly, CmpGlob, "f*"},
		FieldTerm{FieldCategory, CmpEqual, "insights"},
		PathTerm{"requestParameters.bucketName", CmpPresent, ""},
		TextTerm{Text: "access denied", Prefix: true},
		TimeTerm{End: at},
		And{Or{Not{TimeTerm{Start: at}}, TextTerm{Text: "x"}}},
	}
	for _, p := range good {
		if err := ValidatePredicate(p); err != nil {
			t.Errorf("ValidatePredicate(%#v) = %v, want nil", p, err)
		}
	}
	bad := []Predicate{
		nil,
		And{},
		Or{},
		Not{},
		And{FieldTerm{FieldEventName, CmpEqual, "x"}, nil},
		FieldTerm{0, CmpEqual, "x"},
		FieldTerm{fieldEnd, CmpEqual, "x"},
		FieldTerm{FieldEventName, 0, "x"},
		FieldTerm{FieldEventName, CmpEqual, ""},
		FieldTerm{FieldEventName, CmpGlob, "**"},
		FieldTerm{FieldEventName, CmpCIDR, "10.0.0.0/8"},
		FieldTerm{FieldSourceIP, CmpCIDR, "10.0.0.0/99"},
		FieldTerm{FieldReadOnly, CmpEqual, "maybe"},
		FieldTerm{FieldCategory, CmpGlob, "data*"},
		PathTerm{"", CmpPresent, ""},
		PathTerm{"a..b", CmpPresent, ""},
		PathTerm{".a", CmpPresent, ""},
		PathTerm{"a", CmpCIDR, "10.0.0.0/8"},
		TextTerm{Text: "%"},
		TextTerm{Text: "abc*"},
		TimeTerm{},
		&FieldTerm{FieldEventName, CmpEqual, "x"},
	}
	for _, p := range bad {
		if err := ValidatePredicate(p); !errors.Is(err, ErrBadPredicate) {
			t.Errorf("ValidatePredicate(%#v) = %v, want ErrBadPredicate", p, err)
		}
	}
}

func TestEnumMatches(t *testing.T) {
	cases := []struct {
		f     Field
		c     Cmp
		value string
		want  []int64
	}{
		{FieldReadOnly, CmpEqual, "TRUE", []int64{1}},
		{FieldReadOnly, CmpGlob, "*e", []int64{1, 0}},
		{FieldReadOnly, CmpEqual, "ture", nil},
		{FieldCategory, CmpEqual, "management", []int64{int64(Management)}},
		{FieldCategory, CmpEqual, "Insights", []int64{int64(Insight)}},
		{FieldCategory, CmpGlob, "*", []int64{int64(Management), int64(Insight)}},
		{FieldCategory, CmpPresent, "", nil},
		{FieldEventName, CmpEqual, "x", nil},
	}
	for _, c := range cases {
		if got := c.f.EnumMatches(c.c, c.value); !slices.Equal(got, c.want) {
			t.Errorf("%v.EnumMatches(%v, %q) = %v, want %v", c.f, c.c, c.value, got, c.want)
		}
	}
	vals := FieldCategory.EnumValues()
	vals[0].Name = "changed"
	if FieldCategory.EnumValues()[0].Name == "changed" {
		t.Error("EnumValues returns a shared slice")
	}
}

func TestFieldAndCmpNames(t *testing.T) {
	for f := Field(1); f < fieldEnd; f++ {
		if f.info().class == 0 || f.String() == "" {
			t.Errorf("field %d has no description", int(f))
		}
	}
	if got := Field(99).String(); got != "Field(99)" {
		t.Errorf("Field(99).String() = %q", got)
	}
	if CmpCIDR.String() != "cidr" || Cmp(0).String() != "Cmp(0)" {
		t.Errorf("Cmp names: %v %v", CmpCIDR, Cmp(0))
	}
}
