package filter

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestEmptyFilter(t *testing.T) {
	for _, in := range []string{"", "  \t\n"} {
		f, err := Compile(in, fixedNow)
		if err != nil || f.Pred != nil || f.Text != in || !f.Start.IsZero() || !f.End.IsZero() {
			t.Errorf("Compile(%q) = %+v, %v", in, f, err)
		}
	}
}

func TestWindow(t *testing.T) {
	d := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	cases := []struct {
		in         string
		start, end string // "" = zero
	}{
		{"since:2h", "2025-03-10T10:00:00Z", ""},
		{"since:1h30m", "2025-03-10T10:30:00Z", ""},
		{"since:7d", "2025-03-03T12:00:00Z", ""},
		{"since:2W", "2025-02-24T12:00:00Z", ""},
		{"after:2025-03-01", "2025-03-01T00:00:00Z", ""},
		{"before:2025-03-02T10:00Z", "", "2025-03-02T09:59:59.999999Z"},
		{"before:2025-03-02T10:00+01:00", "", "2025-03-02T08:59:59.999999Z"},
		{"after:2025-03-01t10:00:30.5z", "2025-03-01T10:00:30.5Z", ""},
		{`after:"2025-03-01 10:00"`, "2025-03-01T10:00:00Z", ""},
		{"event:x after:2025-03-01 before:2025-03-05 after:2025-03-02", "2025-03-02T00:00:00Z", "2025-03-04T23:59:59.999999Z"},
		{"since:1d AND after:2025-01-01", "2025-03-09T12:00:00Z", ""},
		// Only terms that bind the whole filter narrow the window.
		{"after:2025-03-01 OR event:x", "", ""},
		{"-after:2025-03-01", "", ""},
		{"(after:2025-03-01 event:x) user:y", "", ""},
	}
	for _, c := range cases {
		f, err := Compile(c.in, fixedNow)
		if err != nil {
			t.Errorf("Compile(%q): %v", c.in, err)
			continue
		}
		var ws, we time.Time
		if c.start != "" {
			ws = d(c.start)
		}
		if c.end != "" {
			we = d(c.end)
		}
		if !f.Start.Equal(ws) || !f.End.Equal(we) {
			t.Errorf("Compile(%q): window %v .. %v, want %v .. %v", c.in, f.Start, f.End, ws, we)
		}
	}
}

func TestFields(t *testing.T) {
	fs := Fields()
	var names []string
	seen := map[string]bool{}
	for _, f := range fs {
		names = append(names, f.Name)
		for _, n := range append([]string{f.Name}, f.Aliases...) {
			if seen[n] {
				t.Errorf("name %q used twice", n)
			}
			seen[n] = true
			if n != strings.ToLower(n) {
				t.Errorf("name %q is not lower case", n)
			}
		}
		if f.Help == "" {
			t.Errorf("field %s has no help", f.Name)
		}
	}
	// The list of short names.
	for _, want := range []string{"name", "source", "user", "region", "account", "key", "ip", "error", "type",
		"resource", "readonly", "agent", "id", "request", "category", "identity", "since", "after", "before"} {
		if !seen[want] {
			t.Errorf("field %q missing", want)
		}
	}
	fs[0].Aliases[0] = "changed"
	if Fields()[0].Aliases[0] == "changed" {
		t.Error("Fields returns shared slices")
	}
	if !slices.Contains(names, "event") {
		t.Error("no event field")
	}
}

func TestPathCase(t *testing.T) {
	for in, want := range map[string]string{
		"requestparameters.bucketName":                       "requestParameters.bucketName",
		"USERIDENTITY.SESSIONCONTEXT.SESSIONISSUER.USERNAME": "userIdentity.sessionContext.sessionIssuer.userName",
		"requestParameters.BucketName":                       "requestParameters.BucketName",
		"custom.Key.userName":                                "custom.Key.userName",
		"tlsdetails.tlsversion":                              "tlsDetails.tlsVersion",
	} {
		if got := canonicalPath(strings.Split(in, ".")); got != want {
			t.Errorf("canonicalPath(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestDocsListEveryField keeps docs/filter.md in step with the field table.
func TestDocsListEveryField(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "docs", "filter.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range Fields() {
		row := "| `" + f.Name + "` |"
		if !strings.Contains(string(doc), row) {
			t.Errorf("docs/filter.md has no table row for %s", f.Name)
		}
		for _, a := range f.Aliases {
			if !strings.Contains(string(doc), "`"+a+"`") {
				t.Errorf("docs/filter.md does not mention alias %s of %s", a, f.Name)
			}
		}
	}
}
