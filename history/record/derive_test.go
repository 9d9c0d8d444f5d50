package history

import (
	"context"
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"
)

// TestDerivedLookupFieldsMatchTheAPI loads the records behind the spec's
// lookup-events example (section 10.11) as plain S3 records and checks that
// the derived Username and Resources equal what the API answered.
func TestDerivedLookupFieldsMatchTheAPI(t *testing.T) {
	data, err := os.ReadFile("testdata/spec-10.11-lookup-events.json")
	if err != nil {
		t.Fatal(err)
	}
	var out struct {
		Events []struct {
			EventID         string `json:"EventId"`
			Username        string
			AccessKeyID     string `json:"AccessKeyId"`
			ReadOnly        string
			CloudTrailEvent string
			Resources       []struct{ ResourceType, ResourceName string }
		}
	}
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	var records []string
	for _, e := range out.Events {
		records = append(records, e.CloudTrailEvent)
	}
	dir := t.TempDir()
	p := writeFile(t, dir, "records.json", []byte(`{"Records":[`+strings.Join(records, ",")+`]}`))
	s := openTempStore(t)
	mustLoad(t, s, p)
	got := map[string]Event{}
	for _, e := range allEvents(t, s, Query{}) {
		got[e.EventID] = e
	}
	for _, want := range out.Events {
		e, ok := got[want.EventID]
		if !ok {
			t.Fatalf("event %s not stored", want.EventID)
		}
		if e.Username != want.Username || e.AccessKeyID != want.AccessKeyID || e.ReadOnly != want.ReadOnly {
			t.Errorf("%s: username %q key %q readOnly %q, want %q %q %q", want.EventID,
				e.Username, e.AccessKeyID, e.ReadOnly, want.Username, want.AccessKeyID, want.ReadOnly)
		}
		var wantRes []Resource
		for _, r := range want.Resources {
			wantRes = append(wantRes, Resource{Type: r.ResourceType, Name: r.ResourceName})
		}
		if !reflect.DeepEqual(e.Resources, wantRes) {
			t.Errorf("%s resources:\n got %v\nwant %v", want.EventID, e.Resources, wantRes)
		}
		if e.ResourcesFromAPI {
			t.Errorf("%s: derived resources flagged as coming from the API", want.EventID)
		}
		if string(e.Raw) != want.CloudTrailEvent {
			t.Errorf("%s: stored record differs from CloudTrailEvent", want.EventID)
		}
	}

	// The same file as lookup-events output keeps the API's lists verbatim.
	s2 := openTempStore(t)
	mustLoad(t, s2, "testdata/spec-10.11-lookup-events.json")
	for _, e := range allEvents(t, s2, Query{}) {
		if len(e.Resources) > 0 && !e.ResourcesFromAPI {
			t.Errorf("%s: API resources not flagged", e.EventID)
		}
	}
	n, _ := s2.Count(context.Background(), Query{Lookup: &LookupAttribute{Key: AttrResourceType, Value: "AWS::IAM::InstanceProfile"}})
	if n != 1 {
		t.Errorf("ResourceType lookup found %d events, want 1 (three entries of one event)", n)
	}
}

// TestUsernameRules follows the table of spec section 7, one row each.
func TestUsernameRules(t *testing.T) {
	cases := []struct{ identity, want string }{
		{`{"type":"IAMUser","userName":"Admin","arn":"arn:aws:iam::1:user/Admin"}`, "Admin"},
		{`{"type":"IAMUser","userName":"HIDDEN_DUE_TO_SECURITY_REASONS"}`, "HIDDEN_DUE_TO_SECURITY_REASONS"},
		{`{"type":"Root","arn":"arn:aws:iam::1:root"}`, "root"},
		{`{"type":"AssumedRole","principalId":"AROA1:my-session","arn":"arn:aws:sts::1:assumed-role/r/my-session"}`, "my-session"},
		{`{"type":"AssumedRole","principalId":"AROA1:jane@example.com"}`, "jane@example.com"},
		{`{"type":"FederatedUser","arn":"arn:aws:sts::1:federated-user/bob"}`, "bob"},
		{`{"type":"AWSService","invokedBy":"lambda.amazonaws.com"}`, ""},
		{`{"invokedBy":"ec2.amazonaws.com"}`, ""},
		{`{"type":"SAMLUser","userName":"sam"}`, "sam"},
		{`{"type":"IdentityCenterUser","onBehalfOf":{"userId":"u"}}`, ""},
		{`{"type":"Unknown"}`, ""},
	}
	for _, c := range cases {
		if got := deriveUsername(parseIdentity([]byte(c.identity))); got != c.want {
			t.Errorf("%s: username %q, want %q", c.identity, got, c.want)
		}
	}
}

// TestResourceRules spot-checks observed mappings of spec section 8.2.
func TestResourceRules(t *testing.T) {
	cases := []struct {
		source, name, req, resp, recRes string
		want                            []Resource
	}{
		{"iam.amazonaws.com", "CreateUser", `{"userName":"svc"}`, `{"user":{"userName":"svc","arn":"arn:aws:iam::1:user/svc","userId":"AIDAEXAMPLE"}}`, ``,
			[]Resource{{"AWS::IAM::User", "svc"}, {"AWS::IAM::User", "arn:aws:iam::1:user/svc"}, {"AWS::IAM::User", "AIDAEXAMPLE"}}},
		{"iam.amazonaws.com", "AttachUserPolicy", `{"userName":"svc","policyArn":"arn:aws:iam::aws:policy/AdministratorAccess"}`, `null`, ``,
			[]Resource{{"AWS::IAM::Policy", "arn:aws:iam::aws:policy/AdministratorAccess"}, {"AWS::IAM::User", "svc"}}},
		{"s3.amazonaws.com", "PutBucketPolicy", `{"bucketName":"logs"}`, `null`, ``, []Resource{{"AWS::S3::Bucket", "logs"}}},
		{"ec2.amazonaws.com", "DescribeInstances", `{"instancesSet":{"items":[{"instanceId":"i-1"}]}}`, `null`, ``, nil},
		{"signin.amazonaws.com", "ConsoleLogin", `null`, `{"ConsoleLogin":"Success"}`, ``, nil},
	}
	for _, c := range cases {
		got := deriveResources(c.source, c.name, []byte(c.req), []byte(c.resp), []byte(c.recRes))
		if len(got) == 0 && len(c.want) == 0 {
			continue
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s %s:\n got %v\nwant %v", c.source, c.name, got, c.want)
		}
	}
}

// TestLookupEventWrapperFoundInOnePass: an element is a LookupEvents event
// when it has a CloudTrailEvent member, wherever it stands and however its
// key is spelled; the record inside is what gets parsed.
func TestLookupEventWrapperFoundInOnePass(t *testing.T) {
	inner := record("abcdef01-2345-4678-9abc-def012345678", "RunInstances", "")
	quoted, _ := json.Marshal(inner)
	for _, el := range []string{
		`{"EventId":"abcdef01-2345-4678-9abc-def012345678","CloudTrailEvent":` + string(quoted) + `}`,
		`{"CloudTrailEvent":` + string(quoted) + `,"EventName":"RunInstances"}`,
		`{"EventId":"x","Cloud\u0054railEvent":` + string(quoted) + `}`,
	} {
		compact, err := compactJSON(nil, []byte(el))
		if err != nil {
			t.Fatal(err)
		}
		p, err := parseRecordJSON(compact, "")
		if err != nil {
			t.Fatalf("%.60s: %v", el, err)
		}
		if p.EventID != "abcdef01-2345-4678-9abc-def012345678" || p.EventName != "RunInstances" || string(p.raw) != inner {
			t.Fatalf("%.60s: parsed %q %q, raw %.40s", el, p.EventID, p.EventName, p.raw)
		}
	}
	if _, err := parseRecordJSON([]byte(`{"CloudTrailEvent":null}`), ""); err == nil {
		t.Fatal("a null CloudTrailEvent was accepted")
	}
}
