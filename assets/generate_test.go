package assets

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

var testNow = time.Date(2026, 3, 4, 15, 42, 10, 0, time.UTC)

// sampleStats is what the tests check in the generated sample.
type sampleStats struct {
	events, insights, errors int
	regions, accounts        map[string]bool
	names, sources, types    map[string]int
	evTypes                  map[string]int
	oldest, newest           time.Time
	insightStates            map[string]int
	globalOutside            int
}

func collect(t *testing.T, opts Options) *sampleStats {
	t.Helper()
	st := &sampleStats{regions: map[string]bool{}, accounts: map[string]bool{}, names: map[string]int{},
		sources: map[string]int{}, types: map[string]int{}, evTypes: map[string]int{}, insightStates: map[string]int{}}
	var prev time.Time
	err := Generate(opts, func(r *Record) error {
		var m struct {
			EventTime    string `json:"eventTime"`
			EventSource  string `json:"eventSource"`
			EventName    string `json:"eventName"`
			AWSRegion    string `json:"awsRegion"`
			ErrorCode    string `json:"errorCode"`
			ErrorMessage string `json:"errorMessage"`
			EventType    string `json:"eventType"`
			Category     string `json:"eventCategory"`
			Recipient    string `json:"recipientAccountId"`
			Identity     *struct {
				Type string `json:"type"`
			} `json:"userIdentity"`
			Insight *struct {
				State string `json:"state"`
			} `json:"insightDetails"`
		}
		if err := json.Unmarshal(r.JSON, &m); err != nil {
			t.Fatalf("record is not JSON: %v\n%s", err, r.JSON)
		}
		et, err := time.Parse(time.RFC3339, m.EventTime)
		if err != nil || !et.Equal(r.Time) || !strings.HasSuffix(m.EventTime, "Z") || len(m.EventTime) != 20 {
			t.Fatalf("eventTime %q does not match Record.Time %v (%v)", m.EventTime, r.Time, err)
		}
		if r.Time.Before(prev) {
			t.Fatalf("time went back from %v to %v", prev, r.Time)
		}
		prev = r.Time
		if m.AWSRegion != r.Region || m.Recipient != r.Account {
			t.Fatalf("Record scope %s/%s differs from the record's %s/%s", r.Region, r.Account, m.AWSRegion, m.Recipient)
		}
		st.regions[m.AWSRegion] = true
		st.accounts[m.Recipient] = true
		if r.Insight {
			if m.Category != "Insight" || m.EventType != "AwsCloudTrailInsight" || m.Identity != nil || m.Insight == nil {
				t.Fatalf("bad Insights record: %s", r.JSON)
			}
			st.insights++
			st.insightStates[m.Insight.State]++
			return nil
		}
		if m.Category != "Management" {
			t.Fatalf("eventCategory %q: %s", m.Category, r.JSON)
		}
		st.events++
		if st.oldest.IsZero() {
			st.oldest = r.Time
		}
		st.newest = r.Time
		st.names[m.EventName]++
		st.sources[m.EventSource]++
		st.evTypes[m.EventType]++
		if m.ErrorCode != "" || m.ErrorMessage != "" {
			st.errors++
		}
		typ := "(none)"
		if m.Identity != nil && m.Identity.Type != "" {
			typ = m.Identity.Type
		}
		st.types[typ]++
		switch m.EventSource {
		case "iam.amazonaws.com", "signin.amazonaws.com":
			if m.AWSRegion != "us-east-1" {
				st.globalOutside++
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func TestSampleContent(t *testing.T) {
	opts := SampleOptions(testNow)
	st := collect(t, opts)
	if st.events != opts.Events || st.events < 20_000 {
		t.Errorf("%d management events, want %d (>= 20000)", st.events, opts.Events)
	}
	if len(st.regions) != 3 || len(st.accounts) != 2 {
		t.Errorf("%d Regions, %d accounts; want 3 and 2", len(st.regions), len(st.accounts))
	}
	if len(st.names) < 40 {
		t.Errorf("%d distinct eventNames, want >= 40", len(st.names))
	}
	for _, src := range []string{"ec2", "iam", "sts", "s3", "kms", "lambda", "cloudtrail", "signin"} {
		if st.sources[src+".amazonaws.com"] == 0 {
			t.Errorf("no %s events", src)
		}
	}
	for _, typ := range []string{"IAMUser", "AssumedRole", "Root", "AWSService", "FederatedUser", "SAMLUser", "WebIdentityUser", "(none)"} {
		if st.types[typ] == 0 {
			t.Errorf("no identity of type %s", typ)
		}
	}
	for _, et := range []string{"AwsApiCall", "AwsConsoleSignIn", "AwsServiceEvent"} {
		if st.evTypes[et] == 0 {
			t.Errorf("no %s events", et)
		}
	}
	if st.errors < st.events/200 {
		t.Errorf("only %d failed calls", st.errors)
	}
	if st.globalOutside > 0 {
		t.Errorf("%d IAM or sign-in events outside us-east-1", st.globalOutside)
	}
	if st.insights != opts.Insights || st.insightStates["Start"] != st.insightStates["End"] || st.insightStates["Start"] == 0 {
		t.Errorf("insights %d %v, want %d in Start/End pairs", st.insights, st.insightStates, opts.Insights)
	}
	if age := testNow.Sub(st.newest); age < 0 || age >= time.Hour {
		t.Errorf("newest event %v is not within the hour before %v", st.newest, testNow)
	}
	if st.oldest.Before(testNow.Add(-90*24*time.Hour)) || st.newest.Sub(st.oldest) < 89*24*time.Hour {
		t.Errorf("events span %v .. %v, want the 90 days before %v", st.oldest, st.newest, testNow)
	}
	for _, n := range []string{"ConsoleLogin", "CreateBucket", "PutBucketPolicy", "GetBucketAcl", "StopLogging", "DeleteTrail", "CreateUser", "AttachUserPolicy"} {
		if st.names[n] == 0 {
			t.Errorf("no %s event", n)
		}
	}
}

func TestDeterministic(t *testing.T) {
	opts := SampleOptions(testNow)
	opts.Events = 3000
	opts.Padded = true
	var a, b bytes.Buffer
	if err := WriteJSONLines(&a, opts); err != nil {
		t.Fatal(err)
	}
	if err := WriteJSONLines(&b, opts); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two generations with the same options differ")
	}
	if lines := bytes.Count(a.Bytes(), []byte("\n")); lines != opts.Events+opts.Insights {
		t.Fatalf("%d lines, want %d", lines, opts.Events+opts.Insights)
	}
	opts.Seed++
	var c bytes.Buffer
	if err := WriteJSONLines(&c, opts); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(a.Bytes(), c.Bytes()) {
		t.Fatal("another seed gave the same output")
	}
}

func TestPaddedSizes(t *testing.T) {
	opts := BenchOptions(5000)
	var n, small, big, total int
	err := Generate(opts, func(r *Record) error {
		if r.Insight {
			return nil
		}
		n++
		total += len(r.JSON)
		switch {
		case len(r.JSON) < 1000:
			small++
		case len(r.JSON) > 3000:
			big++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if avg := total / n; avg < 1200 || avg > 2000 {
		t.Errorf("average padded record %d bytes, want 1200-2000", avg)
	}
	if small > n/20 || big > n/50 {
		t.Errorf("%d records under 1 KB and %d over 3 KB of %d", small, big, n)
	}
}

// canonicalOrder is the top-level key order of CloudTrail records.
var canonicalOrder = []string{"eventVersion", "userIdentity", "eventTime", "eventSource", "eventName", "awsRegion",
	"sourceIPAddress", "userAgent", "errorCode", "errorMessage", "requestParameters", "responseElements",
	"additionalEventData", "requestID", "eventID", "readOnly", "resources", "eventType", "managementEvent",
	"recipientAccountId", "sharedEventID", "serviceEventDetails", "eventCategory", "tlsDetails", "sessionCredentialFromConsole"}

func TestKeyOrder(t *testing.T) {
	rank := map[string]int{}
	for i, k := range canonicalOrder {
		rank[k] = i
	}
	opts := SampleOptions(testNow)
	opts.Events = 4000
	err := Generate(opts, func(r *Record) error {
		if r.Insight {
			return nil
		}
		dec := json.NewDecoder(bytes.NewReader(r.JSON))
		dec.Token()
		last := -1
		for dec.More() {
			tok, _ := dec.Token()
			k := tok.(string)
			i, ok := rank[k]
			if !ok || i < last {
				t.Fatalf("key %q out of CloudTrail's order in %s", k, r.JSON)
			}
			last = i
			var skip json.RawMessage
			dec.Decode(&skip)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestOptionsRejected(t *testing.T) {
	good := SampleOptions(testNow)
	for name, mut := range map[string]func(*Options){
		"negative events": func(o *Options) { o.Events = -1 },
		"no regions":      func(o *Options) { o.Regions = nil },
		"bad account":     func(o *Options) { o.Accounts = []string{"12345"} },
		"bad region":      func(o *Options) { o.Regions = []string{"../etc"} },
		"zero end":        func(o *Options) { o.End = time.Time{} },
		"short span":      func(o *Options) { o.Span = time.Minute },
		"huge span":       func(o *Options) { o.Span = 1 << 62 },
		"huge events":     func(o *Options) { o.Events = 1 << 40 },
	} {
		o := good
		mut(&o)
		if err := Generate(o, func(*Record) error { return nil }); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestSmallOptions(t *testing.T) {
	// Few events, one Region, an account: no incident, still valid.
	opts := Options{Seed: 3, Events: 50, End: testNow, Span: 2 * time.Hour, Regions: []string{"eu-central-1"},
		Accounts: []string{"123456789012"}, Insights: 1, Incident: true}
	st := collect(t, opts)
	if st.events != 50 || st.insights != 2 {
		t.Fatalf("%d events, %d insights; want 50 and 2", st.events, st.insights)
	}
	if !st.regions["eu-central-1"] || len(st.regions) != 1 {
		t.Fatalf("Regions %v, want only eu-central-1 (global events go to the only Region)", st.regions)
	}
}

func TestGenerateRangeMatches(t *testing.T) {
	opts := SampleOptions(testNow)
	opts.Events = 5000
	var full bytes.Buffer
	if err := WriteJSONLines(&full, opts); err != nil {
		t.Fatal(err)
	}
	// The same records, generated newest range first in uneven pieces,
	// with bounds inside hours.
	cuts := []time.Time{testNow.Add(time.Hour), testNow.Add(-26*time.Hour - 17*time.Minute), testNow.Add(-IncidentAge - 90*time.Minute),
		testNow.Add(-40 * 24 * time.Hour), time.Time{}}
	var parts [][]byte
	for i := 0; i+1 < len(cuts); i++ {
		var b bytes.Buffer
		err := GenerateRange(context.Background(), opts, cuts[i+1], cuts[i], func(r *Record) error {
			b.Write(r.JSON)
			return b.WriteByte('\n')
		})
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, b.Bytes())
	}
	var joined []byte
	for i := len(parts) - 1; i >= 0; i-- {
		joined = append(joined, parts[i]...)
	}
	if !bytes.Equal(joined, full.Bytes()) {
		t.Fatalf("ranges give %d bytes, the full generation %d; contents differ", len(joined), full.Len())
	}
}
