package cli

import (
	"encoding/base64"
	"reflect"
	"strings"
	"testing"
)

// Event IDs of the spec's example records (section 10).
const (
	idSignIn       = "5f1c2a9e-3b7d-4c1e-9a2f-0d6e8b4c7a11" // us-east-1 08:15:42 ConsoleLogin maria.garcia
	idSignInFail   = "0b7e2d44-91c3-4f6a-8d25-7c3e1f9a6b02" // us-east-1 08:11:07 ConsoleLogin deploy-bot
	idAssumeRole   = "a3b4c5d6-e7f8-4a9b-8c0d-1e2f3a4b5c6d" // eu-west-1 09:02:11 read-only, AWSService
	idStopLogging  = "c4d5e6f7-a8b9-4c0d-9e1f-2a3b4c5d6e7f" // us-west-2 10:44:19 root
	idPutPolicy    = "d5e6f7a8-b9c0-4d1e-8f2a-3b4c5d6e7f80" // us-east-2 11:03:55
	idAttachPolicy = "e6f7a8b9-c0d1-4e2f-9a3b-4c5d6e7f8091" // us-east-1 12:20:31 ops-admin
	idRunInstances = "f7a8b9c0-d1e2-4f3a-8b4c-5d6e7f809a1b" // eu-west-1 09:30:12
	idInvalidation = "a8b9c0d1-e2f3-4a4b-9c5d-6e7f8091a2b3" // us-east-1 13:05:01 GitHubActions
	idServiceEvent = "d1e2f3a4-b5c6-3d7e-8f90-a1b2c3d4e5f6" // eu-west-1 15:00:44 no identity
	idInsight      = "b9c0d1e2-f3a4-4b5c-8d6e-7f8091a2b3c4" // eu-west-1 14:21:00 Insights
)

func attr(k, v string) []string {
	return []string{"--lookup-attributes", "AttributeKey=" + k + ",AttributeValue=" + v}
}

func TestLookupEventsConformance(t *testing.T) {
	db := specStore(t)
	eu := []string{"--region", "eu-west-1", "--now", specNow}
	use1 := []string{"--region", "us-east-1", "--now", specNow}
	cat := func(parts ...[]string) []string {
		var out []string
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}
	cases := []struct {
		name string
		args []string
		want []string // event IDs, newest first
	}{
		// Scope and order.
		{"region newest first, no insights", eu, []string{idServiceEvent, idRunInstances, idAssumeRole}},
		{"other region", use1, []string{idInvalidation, idAttachPolicy, idSignIn, idSignInFail}},
		{"region without events", []string{"--region", "ap-south-1", "--now", specNow}, nil},
		// Every attribute key, equality, case-sensitive.
		{"EventId", cat(eu, attr("EventId", idRunInstances)), []string{idRunInstances}},
		{"EventId other case", cat(eu, attr("EventId", strings.ToUpper(idRunInstances))), nil},
		{"EventId of another region", cat(eu, attr("EventId", idSignIn)), nil},
		{"EventName", cat(eu, attr("EventName", "RunInstances")), []string{idRunInstances}},
		{"EventName other case", cat(eu, attr("EventName", "runinstances")), nil},
		{"EventName prefix is not a match", cat(eu, attr("EventName", "RunInstance")), nil},
		{"ReadOnly true", cat(eu, attr("ReadOnly", "true")), []string{idAssumeRole}},
		{"ReadOnly false", cat(eu, attr("ReadOnly", "false")), []string{idServiceEvent, idRunInstances}},
		{"ReadOnly other value", cat(eu, attr("ReadOnly", "TRUE")), nil},
		{"Username session name", cat(eu, attr("Username", "i-0a1b2c3d4e5f60718")), []string{idRunInstances}},
		{"Username IAM user", cat(use1, attr("Username", "maria.garcia")), []string{idSignIn}},
		{"Username root", []string{"--region", "us-west-2", "--now", specNow, "--lookup-attributes", "AttributeKey=Username,AttributeValue=root"}, []string{idStopLogging}},
		{"ResourceType any resource", cat(eu, attr("ResourceType", "AWS::EC2::Instance")), []string{idRunInstances}},
		{"ResourceType from record resources", cat(eu, attr("ResourceType", "AWS::IAM::Role")), []string{idAssumeRole}},
		{"ResourceName ID", cat(eu, attr("ResourceName", "sg-0fedcba9876543210")), []string{idRunInstances}},
		{"ResourceName name", cat(eu, attr("ResourceName", "app-sg")), []string{idRunInstances}},
		{"ResourceName other case", cat(eu, attr("ResourceName", "APP-SG")), nil},
		{"EventSource", cat(eu, attr("EventSource", "sts.amazonaws.com")), []string{idAssumeRole}},
		{"AccessKeyId", cat(eu, attr("AccessKeyId", "ASIAEXAMPLEKEY000007")), []string{idRunInstances}},
		{"AccessKeyId IAM key", cat(use1, attr("AccessKeyId", "AKIAEXAMPLEKEY000006")), []string{idAttachPolicy}},
		{"JSON list form", cat(eu, []string{"--lookup-attributes", `[{"AttributeKey":"EventName","AttributeValue":"AssumeRole"}]`}), []string{idAssumeRole}},
		{"flag=value form", cat(eu, []string{"--lookup-attributes=AttributeKey=EventName,AttributeValue=AssumeRole"}), []string{idAssumeRole}},
		{"maximum value length", cat(eu, attr("EventName", strings.Repeat("_", 1000))), nil},
		// Time window: inclusive bounds, forms, clamp, future.
		{"both bounds inclusive", cat(eu, []string{"--start-time", "2025-03-04T09:30:12Z", "--end-time", "2025-03-04T09:30:12Z"}), []string{idRunInstances}},
		{"start excludes earlier", cat(eu, []string{"--start-time", "2025-03-04T09:30:13Z"}), []string{idServiceEvent}},
		{"end excludes later", cat(eu, []string{"--end-time", "2025-03-04T09:30:11Z"}), []string{idAssumeRole}},
		{"epoch seconds", cat(eu, []string{"--start-time", "1741080612", "--end-time", "1741080612"}), []string{idRunInstances}},
		{"offset", cat(eu, []string{"--start-time", "2025-03-04T10:30:12+01:00", "--end-time", "2025-03-04 01:30:12-08:00"}), []string{idRunInstances}},
		{"no zone is UTC", cat(eu, []string{"--start-time", "2025-03-04T09:30:12", "--end-time", "2025-03-04T09:30:12"}), []string{idRunInstances}},
		{"fraction truncated to the second", cat(eu, []string{"--start-time", "2025-03-04T09:30:12.999Z", "--end-time", "2025-03-04T09:30:12.5Z"}), []string{idRunInstances}},
		{"old CLI form", cat(eu, []string{"--start-time", "03-04-2025, 09:30 AM", "--end-time", "03-04-2025, 09:31 AM"}), []string{idRunInstances}},
		{"date only", cat(eu, []string{"--start-time", "2025-03-04", "--end-time", "2025-03-05"}), []string{idServiceEvent, idRunInstances, idAssumeRole}},
		{"start clamped to 90 days", []string{"--region", "eu-west-1", "--now", "2025-06-02T09:30:12Z", "--start-time", "2024-01-01T00:00:00Z"}, []string{idServiceEvent, idRunInstances}},
		{"window start inclusive", []string{"--region", "eu-west-1", "--now", "2025-06-02T09:30:12Z"}, []string{idServiceEvent, idRunInstances}},
		{"end before the window", []string{"--region", "eu-west-1", "--now", "2025-08-01T00:00:00Z", "--end-time", "2025-03-05T00:00:00Z"}, nil},
		{"events after now are not history yet", []string{"--region", "eu-west-1", "--now", "2025-03-04T09:30:12Z"}, []string{idRunInstances, idAssumeRole}},
		{"future end clamped to now", cat(eu, []string{"--end-time", "2030-01-01T00:00:00Z"}), []string{idServiceEvent, idRunInstances, idAssumeRole}},
		{"future range", cat(eu, []string{"--start-time", "2030-01-01T00:00:00Z", "--end-time", "2030-01-02T00:00:00Z"}), nil},
		// Insights.
		{"insight category", cat(eu, []string{"--event-category", "insight"}), []string{idInsight}},
		{"insight EventName", cat(eu, []string{"--event-category", "insight"}, attr("EventName", "RunInstances")), []string{idInsight}},
		{"insight EventSource", cat(eu, []string{"--event-category", "insight"}, attr("EventSource", "ec2.amazonaws.com")), []string{idInsight}},
		{"insight EventId", cat(eu, []string{"--event-category", "insight"}, attr("EventId", idInsight)), []string{idInsight}},
		{"insight category has no management events", cat(eu, []string{"--event-category", "insight"}, attr("EventId", idRunInstances)), nil},
		{"management lookup has no insights", cat(eu, attr("EventId", idInsight)), nil},
		// Request from --cli-input-json; the command line wins.
		{"cli-input-json", cat(eu, []string{"--cli-input-json", `{"LookupAttributes":[{"AttributeKey":"EventName","AttributeValue":"RunInstances"}],"StartTime":"2025-03-04T00:00:00Z","EndTime":1741132800}`}), []string{idRunInstances}},
		{"command line over cli-input-json", cat(eu, []string{"--cli-input-json", `{"LookupAttributes":[{"AttributeKey":"EventName","AttributeValue":"RunInstances"}]}`}, attr("EventName", "AssumeRole")), []string{idAssumeRole}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := lookupOK(t, db, c.args...)
			if !reflect.DeepEqual(got.ids(), c.want) {
				t.Errorf("events %v, want %v", got.ids(), c.want)
			}
			if got.NextToken != "" {
				t.Errorf("NextToken %q on a complete answer", got.NextToken)
			}
		})
	}
}

func TestLookupEventsRegionChain(t *testing.T) {
	db := specStore(t)
	cases := []struct {
		name string
		vars map[string]string
		args []string
		want int // events
	}{
		{"--region", map[string]string{"AWS_REGION": "eu-west-1"}, []string{"--region", "us-east-1"}, 4},
		{"AWS_REGION", map[string]string{"AWS_REGION": "us-east-2", "AWS_DEFAULT_REGION": "eu-west-1"}, nil, 1},
		{"AWS_DEFAULT_REGION", map[string]string{"AWS_DEFAULT_REGION": "us-west-2"}, nil, 1},
		// eu-west-1 and us-east-1 both hold 4 events; the tie goes to the first name.
		{"busiest Region", nil, nil, 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := lookup(t, db, c.vars, append([]string{"--now", specNow}, c.args...)...)
			if r.code != 0 {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			if n := strings.Count(r.stdout, `"EventId"`); n != c.want {
				t.Errorf("%d events, want %d\n%s", n, c.want, r.stdout)
			}
		})
	}
}

func TestLookupEventsErrors(t *testing.T) {
	db := specStore(t)
	base := []string{"--region", "eu-west-1", "--now", specNow}
	service := func(code, msgPart string) string {
		return "\nAn error occurred (" + code + ") when calling the LookupEvents operation: " + msgPart
	}
	cases := []struct {
		name   string
		args   []string
		code   int
		stderr string // prefix of stderr
	}{
		{"two attributes", []string{"--lookup-attributes", "AttributeKey=EventName,AttributeValue=A", "AttributeKey=EventSource,AttributeValue=B"}, 254, service("InvalidLookupAttributesException", "")},
		{"unknown key", attr("Region", "eu-west-1"), 254, service("InvalidLookupAttributesException", "")},
		{"key in wrong case", attr("eventname", "RunInstances"), 254, service("InvalidLookupAttributesException", "")},
		{"value too long", attr("EventName", strings.Repeat("_", 1001)), 254, service("InvalidLookupAttributesException", "")},
		{"value too long plain", attr("EventName", strings.Repeat("a", 2001)), 254, service("InvalidLookupAttributesException", "")},
		{"insight with Username", append([]string{"--event-category", "insight"}, attr("Username", "x")...), 254, service("InvalidLookupAttributesException", "")},
		{"insight with ReadOnly", append([]string{"--event-category", "insight"}, attr("ReadOnly", "true")...), 254, service("InvalidLookupAttributesException", "")},
		{"insight with ResourceName", append([]string{"--event-category", "insight"}, attr("ResourceName", "x")...), 254, service("InvalidLookupAttributesException", "")},
		{"insight with AccessKeyId", append([]string{"--event-category", "insight"}, attr("AccessKeyId", "x")...), 254, service("InvalidLookupAttributesException", "")},
		{"insight with ResourceType", append([]string{"--event-category", "insight"}, attr("ResourceType", "x")...), 254, service("InvalidLookupAttributesException", "")},
		{"start after end", []string{"--start-time", "2025-03-04T10:00:00Z", "--end-time", "2025-03-04T09:00:00Z"}, 254, service("InvalidTimeRangeException", "")},
		{"start in the future", []string{"--start-time", "2025-03-06T00:00:00Z"}, 254, service("InvalidTimeRangeException", "")},
		{"max results above 50", []string{"--max-results", "51"}, 254, service("InvalidMaxResultsException", "")},
		{"page size above 50", []string{"--page-size", "100"}, 254, service("InvalidMaxResultsException", "")},
		{"category other than insight", []string{"--event-category", "Insight"}, 254, service("InvalidEventCategoryException", "")},
		{"category data", []string{"--event-category", "data"}, 254, service("InvalidEventCategoryException", "")},
		{"malformed token", []string{"--next-token", "not-a-token"}, 254, service("InvalidNextTokenException", "")},
		{"malformed starting token", []string{"--starting-token", "bm90IGEgdG9rZW4="}, 254, service("InvalidNextTokenException", "")},
		// Client-side errors (botocore and argparse): exit 252.
		{"max results 0", []string{"--max-results", "0"}, 252, "\nParameter validation failed:\nInvalid value for parameter MaxResults, value: 0, valid min value: 1\n"},
		{"page size 0", []string{"--page-size", "0"}, 252, "\nParameter validation failed:\nInvalid value for parameter MaxResults, value: 0, valid min value: 1\n"},
		{"max results not a number", []string{"--max-results", "ten"}, 252, "\nError parsing parameter '--max-results'"},
		{"max items not a number", []string{"--max-items", "ten"}, 252, "\nusage: trailview lookup-events"},
		{"bad start time", []string{"--start-time", "yesterday"}, 252, "\nParameter validation failed:\nInvalid type for parameter StartTime, value: yesterday, type: <class 'str'>, valid types: <class 'datetime.datetime'>, timestamp-string\n"},
		{"bad both times", []string{"--start-time", "x", "--end-time", "y"}, 252, "\nParameter validation failed:\nInvalid type for parameter StartTime, value: x, type: <class 'str'>, valid types: <class 'datetime.datetime'>, timestamp-string\nInvalid type for parameter EndTime, value: y"},
		{"bad shorthand", []string{"--lookup-attributes", "AttributeKey"}, 252, "\nError parsing parameter '--lookup-attributes': Expected: '=', received: 'EOF' for input:\nAttributeKey\n            ^\n"},
		{"empty value", attr("EventName", ""), 252, "\nParameter validation failed:\nInvalid length for parameter LookupAttributes[0].AttributeValue, value: 0, valid min length: 1\n"},
		{"missing value member", []string{"--lookup-attributes", "AttributeKey=EventName"}, 252, "\nParameter validation failed:\nMissing required parameter in LookupAttributes[0]: \"AttributeValue\"\n"},
		{"bad JSON", []string{"--lookup-attributes", `[{"AttributeKey":}]`}, 252, "\nError parsing parameter '--lookup-attributes': Invalid JSON:"},
		{"unknown cli-input-json key", []string{"--cli-input-json", `{"Foo":1}`}, 252, "\nParameter validation failed:\nUnknown parameter in input: \"Foo\", must be one of: LookupAttributes, StartTime, EndTime, EventCategory, MaxResults, NextToken\n"},
		{"unknown option", []string{"--no-such-flag"}, 252, "\nusage: trailview lookup-events"},
		{"missing option value", []string{"--start-time"}, 252, "\nusage: trailview lookup-events"},
		{"attributes without value", []string{"--lookup-attributes", "--max-items", "1"}, 252, "\nusage: trailview lookup-events"},
		{"positional argument", []string{"RunInstances"}, 252, "\nusage: trailview lookup-events"},
		{"bad output", []string{"--output", "xml"}, 252, "\nusage: trailview lookup-events"},
		{"query unsupported", []string{"--query", "Events[].EventId"}, 252, "\ntrailview lookup-events: --query"},
		{"no-paginate with max-items", []string{"--no-paginate", "--max-items", "1"}, 255, "\nError during pagination: Cannot specify --no-paginate along with pagination arguments: --max-items\n"},
		{"manual paging with page size", []string{"--max-results", "5", "--page-size", "2"}, 255, "\nError during pagination: Cannot specify --no-paginate along with pagination arguments: --page-size\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := lookup(t, db, nil, append(append([]string{}, base...), c.args...)...)
			if r.code != c.code {
				t.Fatalf("exit %d, want %d; stderr:\n%s", r.code, c.code, r.stderr)
			}
			if !strings.HasPrefix(r.stderr, c.stderr) {
				t.Errorf("stderr:\n%q\nwant prefix:\n%q", r.stderr, c.stderr)
			}
			if r.stdout != "" {
				t.Errorf("stdout not empty on error: %q", r.stdout)
			}
		})
	}
}

func TestLookupEventsMissingStore(t *testing.T) {
	r := lookup(t, t.TempDir()+"/none.db", nil, "--region", "eu-west-1")
	if r.code != 255 || !strings.Contains(r.stderr, "no store at") {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
}

// decodeResume decodes a CLI resume token.
func decodeResume(t *testing.T, tok string) string {
	t.Helper()
	b, err := base64.StdEncoding.DecodeString(tok)
	if err != nil {
		t.Fatalf("resume token %q is not base64: %v", tok, err)
	}
	return string(b)
}
