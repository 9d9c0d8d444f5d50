package record

import (
	"testing"
	"time"

	"github.com/trailview/trailview/history"
)

type matchCase struct {
	name string
	p    history.Predicate
	want bool
}

func checkMatches(t *testing.T, e *history.Event, cases []matchCase) {
	t.Helper()
	for _, c := range cases {
		if got := Matches(c.p, e); got != c.want {
			t.Errorf("%s: Matches(%#v) = %v, want %v", c.name, c.p, got, c.want)
		}
	}
}

func eq(f history.Field, v string) history.FieldTerm {
	return history.FieldTerm{Field: f, Cmp: history.CmpEqual, Value: v}
}
func glob(f history.Field, v string) history.FieldTerm {
	return history.FieldTerm{Field: f, Cmp: history.CmpGlob, Value: v}
}
func present(f history.Field) history.FieldTerm {
	return history.FieldTerm{Field: f, Cmp: history.CmpPresent}
}
func absent(f history.Field) history.FieldTerm {
	return history.FieldTerm{Field: f, Cmp: history.CmpAbsent}
}

func TestMatchesCaseAndGlobs(t *testing.T) {
	e := &history.Event{EventName: "DeleteBucket", Username: "Élodie_1", UserAgent: "100% [x]",
		EventSource: "s3.amazonaws.com", Region: "eu-west-1", IdentityARN: "arn:aws:iam::1:user/i-0é3z"}
	checkMatches(t, e, []matchCase{
		{"ASCII case is ignored", eq(history.FieldEventName, "deletebucket"), true},
		{"non-ASCII case is not", eq(history.FieldUsername, "élodie_1"), false},
		{"exact non-ASCII", eq(history.FieldUsername, "ÉLODIE_1"), true},
		{"equal is whole", eq(history.FieldEventName, "Delete"), false},
		{"glob prefix any case", glob(history.FieldEventName, "DEL*"), true},
		{"glob suffix", glob(history.FieldEventName, "*bucket"), true},
		{"glob needs the whole value", glob(history.FieldEventName, "*Buck"), false},
		{"? is one character, even multi-byte", glob(history.FieldIdentityARN, "*i-0?3z"), true},
		{"? is not two characters", glob(history.FieldIdentityARN, "*i-0?z"), false},
		{"? is not zero characters", glob(history.FieldEventName, "DeleteBucket?"), false},
		{"* matches an empty run", glob(history.FieldEventName, "Delete*Bucket"), true},
		{"_ is not a wildcard", glob(history.FieldUsername, "Élodie?1"), true},
		{"_ is literal", eq(history.FieldUsername, "Élodie11"), false},
		{"% is literal", eq(history.FieldUserAgent, "100% [x]"), true},
		{"% is not a wildcard", glob(history.FieldUserAgent, "1%*"), false},
		{"[ is literal", glob(history.FieldUserAgent, "*[x]"), true},
	})
}

func TestMatchesMissingValues(t *testing.T) {
	e := &history.Event{EventName: "ListBuckets", Region: "us-east-1"} // no user, error, IP, request ID, read-only
	checkMatches(t, e, []matchCase{
		{"equal on a missing field", eq(history.FieldUsername, "alice"), false},
		{"glob on a missing field", glob(history.FieldUsername, "?*"), false},
		{"present on a missing field", present(history.FieldErrorCode), false},
		{"absent on a missing field", absent(history.FieldErrorCode), true},
		{"Not over a missing field", history.Not{Pred: eq(history.FieldErrorCode, "AccessDenied")}, true},
		{"Not of absent", history.Not{Pred: absent(history.FieldErrorCode)}, false},
		{"CIDR on a missing IP", history.FieldTerm{Field: history.FieldSourceIP, Cmp: history.CmpCIDR, Value: "0.0.0.0/0"}, false},
		{"present value", present(history.FieldEventName), true},
		{"absent of a present value", absent(history.FieldRegion), false},
		{"read-only unknown: present", present(history.FieldReadOnly), false},
		{"read-only unknown: absent", absent(history.FieldReadOnly), true},
		{"read-only unknown: equal", eq(history.FieldReadOnly, "false"), false},
		{"read-only unknown: Not equal", history.Not{Pred: eq(history.FieldReadOnly, "true")}, true},
		{"no request ID: absent", absent(history.FieldRequestID), true},
		{"no request ID: glob", glob(history.FieldRequestID, "?*"), false},
		{"event ID is always stored", present(history.FieldEventID), true},
		{"event ID is never absent", absent(history.FieldEventID), false},
		{"category is always present", present(history.FieldCategory), true},
		{"no resources: type absent", absent(history.FieldResourceType), true},
		{"no resources: name present", present(history.FieldResourceName), false},
		{"path absent in the record", history.PathTerm{Path: "errorMessage", Cmp: history.CmpAbsent, Value: ""}, true},
		{"path on no record", history.PathTerm{Path: "errorMessage", Cmp: history.CmpPresent, Value: ""}, false},
	})
}

func TestMatchesResources(t *testing.T) {
	e := &history.Event{Resources: []history.Resource{
		{Type: "AWS::S3::Bucket", Name: "prod-logs"},
		{Type: "AWS::S3::Object", Name: "prod-logs/a.txt"},
		{Name: "arn:aws:kms:us-east-1:1:key/k"}, // type unknown
	}}
	checkMatches(t, e, []matchCase{
		{"any resource's type", eq(history.FieldResourceType, "aws::s3::object"), true},
		{"short type as a glob", glob(history.FieldResourceType, "*::Bucket"), true},
		{"no such type", eq(history.FieldResourceType, "AWS::KMS::Key"), false},
		{"any resource's name", eq(history.FieldResourceName, "PROD-LOGS/A.TXT"), true},
		{"name glob", glob(history.FieldResourceName, "*:key/?"), true},
		{"type present", present(history.FieldResourceType), true},
		{"type absent", absent(history.FieldResourceType), false},
		{"Not of a name no resource has", history.Not{Pred: eq(history.FieldResourceName, "other")}, true},
		{"Not of a name one resource has", history.Not{Pred: eq(history.FieldResourceName, "prod-logs")}, false},
	})
	untyped := &history.Event{Resources: []history.Resource{{Name: "x"}, {Name: ""}}}
	checkMatches(t, untyped, []matchCase{
		{"untyped resources: type present", present(history.FieldResourceType), false},
		{"untyped resources: type absent", absent(history.FieldResourceType), true},
		{"untyped resources: type glob", glob(history.FieldResourceType, "?*"), false},
	})
	// The store keeps a name for every resource, even an empty one (a
	// LookupEvents answer may give one), so the event has a name.
	emptyName := &history.Event{Resources: []history.Resource{{Type: "AWS::S3::Bucket", Name: ""}}}
	checkMatches(t, emptyName, []matchCase{
		{"empty name is present", present(history.FieldResourceName), true},
		{"empty name is not absent", absent(history.FieldResourceName), false},
		{"empty name matches no glob", glob(history.FieldResourceName, "?*"), false},
	})
}

func TestMatchesIDsAndEnums(t *testing.T) {
	e := &history.Event{EventID: "3f1a2b4c-0000-4000-8000-00000000abcd", RequestID: "ABC123def",
		ReadOnly: "false", Category: history.Insight}
	checkMatches(t, e, []matchCase{
		{"ID as typed", eq(history.FieldEventID, "3f1a2b4c-0000-4000-8000-00000000abcd"), true},
		{"ID typed in upper case", eq(history.FieldEventID, "3F1A2B4C-0000-4000-8000-00000000ABCD"), true},
		{"ID in mixed case, lower-cased", eq(history.FieldEventID, "3F1a2b4c-0000-4000-8000-00000000abcd"), true},
		{"mixed-case ID is not folded", eq(history.FieldRequestID, "abc123DEF"), false},
		{"request ID in mixed case as stored", eq(history.FieldRequestID, "ABC123def"), true},
		{"request ID lower case is not the stored spelling", eq(history.FieldRequestID, "abc123def"), false},
		{"ID glob ignores case", glob(history.FieldRequestID, "abc*DEF"), true},
		{"read-only false", eq(history.FieldReadOnly, "FALSE"), true},
		{"read-only glob", glob(history.FieldReadOnly, "t*"), false},
		{"read-only present", present(history.FieldReadOnly), true},
		{"category by the tab's name", eq(history.FieldCategory, "insights"), true},
		{"category glob", glob(history.FieldCategory, "*ght"), true},
		{"other category", eq(history.FieldCategory, "management"), false},
		{"category never absent", absent(history.FieldCategory), false},
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
		e := &history.Event{SourceIP: c.ip}
		if got := Matches(history.FieldTerm{Field: history.FieldSourceIP, Cmp: history.CmpCIDR, Value: c.prefix}, e); got != c.want {
			t.Errorf("%s in %s = %v, want %v", c.ip, c.prefix, got, c.want)
		}
	}
}

func TestMatchesTimeBounds(t *testing.T) {
	at := time.Date(2025, 3, 1, 10, 0, 0, 123456000, time.UTC)
	e := &history.Event{Time: at}
	us := time.Microsecond
	checkMatches(t, e, []matchCase{
		{"start is inclusive", history.TimeTerm{Start: at}, true},
		{"end is inclusive", history.TimeTerm{End: at}, true},
		{"start after", history.TimeTerm{Start: at.Add(us)}, false},
		{"end before", history.TimeTerm{End: at.Add(-us)}, false},
		{"both bounds", history.TimeTerm{Start: at.Add(-us), End: at.Add(us)}, true},
		{"bounds compare whole microseconds", history.TimeTerm{Start: at.Add(999 * time.Nanosecond)}, true},
		{"a zone does not matter", history.TimeTerm{End: at.In(time.FixedZone("x", 3600))}, true},
		{"no bound matches nothing", history.TimeTerm{}, false},
	})
	// An event without an eventTime is stored at the epoch.
	none := &history.Event{}
	checkMatches(t, none, []matchCase{
		{"no time: after a date", history.TimeTerm{Start: at}, false},
		{"no time: before a date", history.TimeTerm{End: at}, true},
		{"no time: after the epoch", history.TimeTerm{Start: time.Unix(0, 0)}, true},
	})
}

func TestMatchesPathsAndText(t *testing.T) {
	e := &history.Event{EventID: "7f6a6a09-d472-422f-a261-ce22905b43b5", RequestID: "C3D13FE58DE4C810",
		Raw: []byte(`{"eventID":"7f6a6a09-d472-422f-a261-ce22905b43b5","requestID":"C3D13FE58DE4C810",` +
			`"errorMessage":"","requestParameters":{"bucketName":"Deploy-Bot","maxResults":50,"nothing":null,` +
			`"items":[{"id":"i-1"},{"id":"i-2"}]},"userAgent":"aws-cli/2.0 deployment"}`)}
	checkMatches(t, e, []matchCase{
		{"path equal ignores ASCII case", history.PathTerm{Path: "requestParameters.bucketName", Cmp: history.CmpEqual, Value: "deploy-bot"}, true},
		{"path keys are exact", history.PathTerm{Path: "requestParameters.BucketName", Cmp: history.CmpPresent, Value: ""}, false},
		{"number by its text", history.PathTerm{Path: "requestParameters.maxResults", Cmp: history.CmpEqual, Value: "50"}, true},
		{"array element", history.PathTerm{Path: "requestParameters.items.id", Cmp: history.CmpEqual, Value: "i-2"}, true},
		{"object as compact JSON", history.PathTerm{Path: "requestParameters.items", Cmp: history.CmpGlob, Value: `{"id":"i-1"}`}, true},
		{"null is no value", history.PathTerm{Path: "requestParameters.nothing", Cmp: history.CmpPresent, Value: ""}, false},
		{"null path is absent", history.PathTerm{Path: "requestParameters.nothing", Cmp: history.CmpAbsent, Value: ""}, true},
		{"empty string is absent", history.PathTerm{Path: "errorMessage", Cmp: history.CmpAbsent, Value: ""}, true},
		{"empty string is present", history.PathTerm{Path: "errorMessage", Cmp: history.CmpPresent, Value: ""}, true},
		{"whole word", history.TextTerm{Text: "deploy"}, true},
		{"not part of a word", history.TextTerm{Text: "deploymen"}, false},
		{"prefix", history.TextTerm{Text: "deploymen", Prefix: true}, true},
		{"phrase in one value", history.TextTerm{Text: "aws cli 2"}, true},
		{"phrase across values", history.TextTerm{Text: "bot aws"}, false},
		{"keys are not searched", history.TextTerm{Text: "bucketName"}, false},
		{"own event ID is not text", history.TextTerm{Text: "7f6a6a09"}, false},
		{"own ID as text", history.TextTerm{Text: "c3d13fe58de4c810"}, false},
		{"own ID through IDs", history.TextTerm{Text: "c3d13fe58de4c810", IDs: true}, true},
		{"event ID through IDs, upper case", history.TextTerm{Text: "7F6A6A09-D472-422F-A261-CE22905B43B5", IDs: true}, true},
		{"IDs needs the whole ID", history.TextTerm{Text: "7f6a6a09", IDs: true}, false},
	})
}

func TestMatchesTree(t *testing.T) {
	e := &history.Event{EventName: "DeleteBucket", Username: "alice"}
	yes, no := eq(history.FieldUsername, "ALICE"), eq(history.FieldUsername, "bob")
	checkMatches(t, e, []matchCase{
		{"nil matches every event", nil, true},
		{"And", history.And{yes, present(history.FieldEventName)}, true},
		{"And with a false term", history.And{yes, no}, false},
		{"Or", history.Or{no, yes}, true},
		{"Or of false terms", history.Or{no, no}, false},
		{"Not", history.Not{Pred: no}, true},
		{"double Not", history.Not{Pred: history.Not{Pred: yes}}, true},
		{"nested", history.Or{history.And{no, yes}, history.Not{Pred: history.Or{no}}}, true},
		{"invalid: empty And", history.And{}, false},
		{"invalid: empty Or", history.Or{}, false},
		{"invalid: nil inside", history.And{yes, nil}, false},
		{"invalid: Not of nothing", history.Not{}, false},
		{"invalid: equal to empty", eq(history.FieldUsername, ""), false},
		{"invalid: glob of stars", glob(history.FieldUsername, "**"), false},
		{"invalid: CIDR on a name", history.FieldTerm{Field: history.FieldUsername, Cmp: history.CmpCIDR, Value: "0.0.0.0/0"}, false},
		{"invalid: unknown field", history.FieldTerm{Field: history.Field(99), Cmp: history.CmpPresent, Value: ""}, false},
		{"invalid: pointer term", &history.FieldTerm{Field: history.FieldUsername, Cmp: history.CmpEqual, Value: "alice"}, false},
	})
}
