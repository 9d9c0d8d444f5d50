package history

import (
	"testing"
	"time"
)

type matchCase struct {
	name string
	p    Predicate
	want bool
}

func checkMatches(t *testing.T, e *Event, cases []matchCase) {
	t.Helper()
	for _, c := range cases {
		if got := Matches(c.p, e); got != c.want {
			t.Errorf("%s: Matches(%#v) = %v, want %v", c.name, c.p, got, c.want)
		}
	}
}

func eq(f Field, v string) FieldTerm   { return FieldTerm{f, CmpEqual, v} }
func glob(f Field, v string) FieldTerm { return FieldTerm{f, CmpGlob, v} }
func present(f Field) FieldTerm        { return FieldTerm{Field: f, Cmp: CmpPresent} }
func absent(f Field) FieldTerm         { return FieldTerm{Field: f, Cmp: CmpAbsent} }

func TestMatchesCaseAndGlobs(t *testing.T) {
	e := &Event{EventName: "DeleteBucket", Username: "Élodie_1", UserAgent: "100% [x]",
		EventSource: "s3.amazonaws.com", Region: "eu-west-1", IdentityARN: "arn:aws:iam::1:user/i-0é3z"}
	checkMatches(t, e, []matchCase{
		{"ASCII case is ignored", eq(FieldEventName, "deletebucket"), true},
		{"non-ASCII case is not", eq(FieldUsername, "élodie_1"), false},
		{"exact non-ASCII", eq(FieldUsername, "ÉLODIE_1"), true},
		{"equal is whole", eq(FieldEventName, "Delete"), false},
		{"glob prefix any case", glob(FieldEventName, "DEL*"), true},
		{"glob suffix", glob(FieldEventName, "*bucket"), true},
		{"glob needs the whole value", glob(FieldEventName, "*Buck"), false},
		{"? is one character, even multi-byte", glob(FieldIdentityARN, "*i-0?3z"), true},
		{"? is not two characters", glob(FieldIdentityARN, "*i-0?z"), false},
		{"? is not zero characters", glob(FieldEventName, "DeleteBucket?"), false},
		{"* matches an empty run", glob(FieldEventName, "Delete*Bucket"), true},
		{"_ is not a wildcard", glob(FieldUsername, "Élodie?1"), true},
		{"_ is literal", eq(FieldUsername, "Élodie11"), false},
		{"% is literal", eq(FieldUserAgent, "100% [x]"), true},
		{"% is not a wildcard", glob(FieldUserAgent, "1%*"), false},
		{"[ is literal", glob(FieldUserAgent, "*[x]"), true},
	})
}

func TestMatchesMissingValues(t *testing.T) {
	e := &Event{EventName: "ListBuckets", Region: "us-east-1"} // no user, error, IP, request ID, read-only
	checkMatches(t, e, []matchCase{
		{"equal on a missing field", eq(FieldUsername, "alice"), false},
		{"glob on a missing field", glob(FieldUsername, "?*"), false},
		{"present on a missing field", present(FieldErrorCode), false},
		{"absent on a missing field", absent(FieldErrorCode), true},
		{"Not over a missing field", Not{eq(FieldErrorCode, "AccessDenied")}, true},
		{"Not of absent", Not{absent(FieldErrorCode)}, false},
		{"CIDR on a missing IP", FieldTerm{FieldSourceIP, CmpCIDR, "0.0.0.0/0"}, false},
		{"present value", present(FieldEventName), true},
		{"absent of a present value", absent(FieldRegion), false},
		{"read-only unknown: present", present(FieldReadOnly), false},
		{"read-only unknown: absent", absent(FieldReadOnly), true},
		{"read-only unknown: equal", eq(FieldReadOnly, "false"), false},
		{"read-only unknown: Not equal", Not{eq(FieldReadOnly, "true")}, true},
		{"no request ID: absent", absent(FieldRequestID), true},
		{"no request ID: glob", glob(FieldRequestID, "?*"), false},
		{"event ID is always stored", present(FieldEventID), true},
		{"event ID is never absent", absent(FieldEventID), false},
		{"category is always present", present(FieldCategory), true},
		{"no resources: type absent", absent(FieldResourceType), true},
		{"no resources: name present", present(FieldResourceName), false},
		{"path absent in the record", PathTerm{"errorMessage", CmpAbsent, ""}, true},
		{"path on no record", PathTerm{"errorMessage", CmpPresent, ""}, false},
	})
}

func TestMatchesResources(t *testing.T) {
	e := &Event{Resources: []Resource{
		{Type: "AWS::S3::Bucket", Name: "prod-logs"},
		{Type: "AWS::S3::Object", Name: "prod-logs/a.txt"},
		{Name: "arn:aws:kms:us-east-1:1:key/k"}, // type unknown
	}}
	checkMatches(t, e, []matchCase{
		{"any resource's type", eq(FieldResourceType, "aws::s3::object"), true},
		{"short type as a glob", glob(FieldResourceType, "*::Bucket"), true},
		{"no such type", eq(FieldResourceType, "AWS::KMS::Key"), false},
		{"any resource's name", eq(FieldResourceName, "PROD-LOGS/A.TXT"), true},
		{"name glob", glob(FieldResourceName, "*:key/?"), true},
		{"type present", present(FieldResourceType), true},
		{"type absent", absent(FieldResourceType), false},
		{"Not of a name no resource has", Not{eq(FieldResourceName, "other")}, true},
		{"Not of a name one resource has", Not{eq(FieldResourceName, "prod-logs")}, false},
	})
	untyped := &Event{Resources: []Resource{{Name: "x"}, {Name: ""}}}
	checkMatches(t, untyped, []matchCase{
		{"untyped resources: type present", present(FieldResourceType), false},
		{"untyped resources: type absent", absent(FieldResourceType), true},
		{"untyped resources: type glob", glob(FieldResourceType, "?*"), false},
	})
	// The store keeps a name for every resource, even an empty one (a
	// LookupEvents answer may give one), so the event has a name.
	emptyName := &Event{Resources: []Resource{{Type: "AWS::S3::Bucket", Name: ""}}}
	checkMatches(t, emptyName, []matchCase{
		{"empty name is present", present(FieldResourceName), true},
		{"empty name is not absent", absent(FieldResourceName), false},
		{"empty name matches no glob", glob(FieldResourceName, "?*"), false},
	})
}

func TestMatchesIDsAndEnums(t *testing.T) {
	e := &Event{EventID: "3f1a2b4c-0000-4000-8000-00000000abcd", RequestID: "ABC123def",
		ReadOnly: "false", Category: Insight}
	checkMatches(t, e, []matchCase{
		{"ID as typed", eq(FieldEventID, "3f1a2b4c-0000-4000-8000-00000000abcd"), true},
		{"ID typed in upper case", eq(FieldEventID, "3F1A2B4C-0000-4000-8000-00000000ABCD"), true},
		{"ID in mixed case, lower-cased", eq(FieldEventID, "3F1a2b4c-0000-4000-8000-00000000abcd"), true},
		{"mixed-case ID is not folded", eq(FieldRequestID, "abc123DEF"), false},
		{"request ID in mixed case as stored", eq(FieldRequestID, "ABC123def"), true},
		{"request ID lower case is not the stored spelling", eq(FieldRequestID, "abc123def"), false},
		{"ID glob ignores case", glob(FieldRequestID, "abc*DEF"), true},
		{"read-only false", eq(FieldReadOnly, "FALSE"), true},
		{"read-only glob", glob(FieldReadOnly, "t*"), false},
		{"read-only present", present(FieldReadOnly), true},
		{"category by the tab's name", eq(FieldCategory, "insights"), true},
		{"category glob", glob(FieldCategory, "*ght"), true},
		{"other category", eq(FieldCategory, "management"), false},
		{"category never absent", absent(FieldCategory), false},
	})
}

func TestMatchesCIDR(t *testing.T) {
	cases := []struct {
		ip, prefix string
		want       bool
	}{
		{"10.1.2.3", "10.0.0.0/8", true},
		{"11.1.2.3", "10.0.0.0/8", false},
		{"::ffff:10.1.2.3", "10.0.0.0/8", true}, // IPv4-mapped counts as IPv4
		{"2001:db8::1", "2001:db8::/32", true},
		{"2001:db9::1", "2001:db8::/32", false},
		{"s3.amazonaws.com", "0.0.0.0/0", false},
		{"192.168.1.20", "192.168.1.20/32", true},
	}
	for _, c := range cases {
		e := &Event{SourceIP: c.ip}
		if got := Matches(FieldTerm{FieldSourceIP, CmpCIDR, c.prefix}, e); got != c.want {
			t.Errorf("%s in %s = %v, want %v", c.ip, c.prefix, got, c.want)
		}
	}
}

func TestMatchesTimeBounds(t *testing.T) {
	at := time.Date(2025, 3, 1, 10, 0, 0, 123456000, time.UTC)
	e := &Event{Time: at}
	us := time.Microsecond
	checkMatches(t, e, []matchCase{
		{"start is inclusive", TimeTerm{Start: at}, true},
		{"end is inclusive", TimeTerm{End: at}, true},
		{"start after", TimeTerm{Start: at.Add(us)}, false},
		{"end before", TimeTerm{End: at.Add(-us)}, false},
		{"both bounds", TimeTerm{Start: at.Add(-us), End: at.Add(us)}, true},
		{"bounds compare whole microseconds", TimeTerm{Start: at.Add(999 * time.Nanosecond)}, true},
		{"a zone does not matter", TimeTerm{End: at.In(time.FixedZone("x", 3600))}, true},
		{"no bound matches nothing", TimeTerm{}, false},
	})
	// An event without an eventTime is stored at the epoch.
	none := &Event{}
	checkMatches(t, none, []matchCase{
		{"no time: after a date", TimeTerm{Start: at}, false},
		{"no time: before a date", TimeTerm{End: at}, true},
		{"no time: after the epoch", TimeTerm{Start: time.Unix(0, 0)}, true},
	})
}

func TestMatchesPathsAndText(t *testing.T) {
	e := &Event{EventID: "7f6a6a09-d472-422f-a261-ce22905b43b5", RequestID: "C3D13FE58DE4C810",
		Raw: []byte(`{"eventID":"7f6a6a09-d472-422f-a261-ce22905b43b5","requestID":"C3D13FE58DE4C810",` +
			`"errorMessage":"","requestParameters":{"bucketName":"Deploy-Bot","maxResults":50,"nothing":null,` +
			`"items":[{"id":"i-1"},{"id":"i-2"}]},"userAgent":"aws-cli/2.0 deployment"}`)}
	checkMatches(t, e, []matchCase{
		{"path equal ignores ASCII case", PathTerm{"requestParameters.bucketName", CmpEqual, "deploy-bot"}, true},
		{"path keys are exact", PathTerm{"requestParameters.BucketName", CmpPresent, ""}, false},
		{"number by its text", PathTerm{"requestParameters.maxResults", CmpEqual, "50"}, true},
		{"array element", PathTerm{"requestParameters.items.id", CmpEqual, "i-2"}, true},
		{"object as compact JSON", PathTerm{"requestParameters.items", CmpGlob, `{"id":"i-1"}`}, true},
		{"null is no value", PathTerm{"requestParameters.nothing", CmpPresent, ""}, false},
		{"null path is absent", PathTerm{"requestParameters.nothing", CmpAbsent, ""}, true},
		{"empty string is absent", PathTerm{"errorMessage", CmpAbsent, ""}, true},
		{"empty string is present", PathTerm{"errorMessage", CmpPresent, ""}, true},
		{"whole word", TextTerm{Text: "deploy"}, true},
		{"not part of a word", TextTerm{Text: "deploymen"}, false},
		{"prefix", TextTerm{Text: "deploymen", Prefix: true}, true},
		{"phrase in one value", TextTerm{Text: "aws cli 2"}, true},
		{"phrase across values", TextTerm{Text: "bot aws"}, false},
		{"keys are not searched", TextTerm{Text: "bucketName"}, false},
		{"own event ID is not text", TextTerm{Text: "7f6a6a09"}, false},
		{"own ID as text", TextTerm{Text: "c3d13fe58de4c810"}, false},
		{"own ID through IDs", TextTerm{Text: "c3d13fe58de4c810", IDs: true}, true},
		{"event ID through IDs, upper case", TextTerm{Text: "7F6A6A09-D472-422F-A261-CE22905B43B5", IDs: true}, true},
		{"IDs needs the whole ID", TextTerm{Text: "7f6a6a09", IDs: true}, false},
	})
}

func TestMatchesTree(t *testing.T) {
	e := &Event{EventName: "DeleteBucket", Username: "alice"}
	yes, no := eq(FieldUsername, "ALICE"), eq(FieldUsername, "bob")
	checkMatches(t, e, []matchCase{
		{"nil matches every event", nil, true},
		{"And", And{yes, present(FieldEventName)}, true},
		{"And with a false term", And{yes, no}, false},
		{"Or", Or{no, yes}, true},
		{"Or of false terms", Or{no, no}, false},
		{"Not", Not{no}, true},
		{"double Not", Not{Not{yes}}, true},
		{"nested", Or{And{no, yes}, Not{Or{no}}}, true},
		{"invalid: empty And", And{}, false},
		{"invalid: empty Or", Or{}, false},
		{"invalid: nil inside", And{yes, nil}, false},
		{"invalid: Not of nothing", Not{}, false},
		{"invalid: equal to empty", eq(FieldUsername, ""), false},
		{"invalid: glob of stars", glob(FieldUsername, "**"), false},
		{"invalid: CIDR on a name", FieldTerm{FieldUsername, CmpCIDR, "0.0.0.0/0"}, false},
		{"invalid: unknown field", FieldTerm{Field(99), CmpPresent, ""}, false},
		{"invalid: pointer term", &FieldTerm{FieldUsername, CmpEqual, "alice"}, false},
	})
}
