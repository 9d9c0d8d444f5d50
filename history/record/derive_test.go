package record

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/trailview/trailview/history"
)

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
		want                            []history.Resource
	}{
		{"iam.amazonaws.com", "CreateUser", `{"userName":"svc"}`, `{"user":{"userName":"svc","arn":"arn:aws:iam::1:user/svc","userId":"AIDAEXAMPLE"}}`, ``,
			[]history.Resource{{Type: "AWS::IAM::User", Name: "svc"}, {Type: "AWS::IAM::User", Name: "arn:aws:iam::1:user/svc"}, {Type: "AWS::IAM::User", Name: "AIDAEXAMPLE"}}},
		{"iam.amazonaws.com", "AttachUserPolicy", `{"userName":"svc","policyArn":"arn:aws:iam::aws:policy/AdministratorAccess"}`, `null`, ``,
			[]history.Resource{{Type: "AWS::IAM::Policy", Name: "arn:aws:iam::aws:policy/AdministratorAccess"}, {Type: "AWS::IAM::User", Name: "svc"}}},
		{"s3.amazonaws.com", "PutBucketPolicy", `{"bucketName":"logs"}`, `null`, ``, []history.Resource{{Type: "AWS::S3::Bucket", Name: "logs"}}},
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
		compact, err := CompactJSON(nil, []byte(el))
		if err != nil {
			t.Fatal(err)
		}
		p, err := ParseRecordJSON(compact, "")
		if err != nil {
			t.Fatalf("%.60s: %v", el, err)
		}
		if p.EventID != "abcdef01-2345-4678-9abc-def012345678" || p.EventName != "RunInstances" || string(p.Record) != inner {
			t.Fatalf("%.60s: parsed %q %q, raw %.40s", el, p.EventID, p.EventName, p.Record)
		}
	}
	if _, err := ParseRecordJSON([]byte(`{"CloudTrailEvent":null}`), ""); err == nil {
		t.Fatal("a null CloudTrailEvent was accepted")
	}
}
