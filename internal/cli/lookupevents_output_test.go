package cli

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

func TestLookupEventsOutputShape(t *testing.T) {
	db := specStore(t)
	r := lookup(t, db, nil, "--region", "us-east-1", "--now", specNow, "--lookup-attributes", "AttributeKey=EventName,AttributeValue=ConsoleLogin")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	// Keys of the first event in the model's order, without AccessKeyId
	// (none, or an empty one in the record) and with an empty Resources.
	want := `{
    "Events": [
        {
            "EventId": "5f1c2a9e-3b7d-4c1e-9a2f-0d6e8b4c7a11",
            "EventName": "ConsoleLogin",
            "ReadOnly": "false",
            "EventTime": "2025-03-04T08:15:42+00:00",
            "EventSource": "signin.amazonaws.com",
            "Username": "maria.garcia",
            "Resources": [],
            "CloudTrailEvent": "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"IAMUser\",`
	if !strings.HasPrefix(r.stdout, want) {
		t.Errorf("output starts:\n%s\nwant:\n%s", r.stdout[:min(len(r.stdout), len(want)+40)], want)
	}
	var o struct{ Events []map[string]any }
	if err := json.Unmarshal([]byte(r.stdout), &o); err != nil {
		t.Fatal(err)
	}
	if len(o.Events) != 2 {
		t.Fatalf("%d events", len(o.Events))
	}
	if _, ok := o.Events[1]["AccessKeyId"]; ok {
		t.Error("an empty accessKeyId in the record gives an AccessKeyId member")
	}
	// CloudTrailEvent is the record, compact, in its key order.
	rec := o.Events[0]["CloudTrailEvent"].(string)
	if strings.ContainsAny(rec, "\n ") && !strings.Contains(rec, "Mozilla/5.0 (") {
		t.Errorf("CloudTrailEvent is not compact: %s", rec)
	}
	if !strings.HasPrefix(rec, `{"eventVersion":"1.09","userIdentity":`) || !json.Valid([]byte(rec)) {
		t.Errorf("CloudTrailEvent: %s", rec)
	}

	// A service event: no Username, no AccessKeyId.
	r = lookup(t, db, nil, "--region", "eu-west-1", "--now", specNow, "--lookup-attributes", "AttributeKey=EventName,AttributeValue=SharedSnapshotVolumeCreated")
	if strings.Contains(r.stdout, `"Username"`) || strings.Contains(r.stdout, `"AccessKeyId"`) || !strings.Contains(r.stdout, `"Resources": []`) {
		t.Errorf("service event output:\n%s", r.stdout)
	}
	// An Insights event: fields from insightDetails, nothing user-related.
	r = lookup(t, db, nil, "--region", "eu-west-1", "--now", specNow, "--event-category", "insight")
	for _, s := range []string{`"EventName": "RunInstances"`, `"EventSource": "ec2.amazonaws.com"`, `"EventTime": "2025-03-04T14:21:00+00:00"`, `"Resources": []`, `\"eventType\":\"AwsCloudTrailInsight\"`} {
		if !strings.Contains(r.stdout, s) {
			t.Errorf("insight output lacks %s:\n%s", s, r.stdout)
		}
	}
	for _, s := range []string{`"Username"`, `"AccessKeyId"`, `"ReadOnly"`} {
		if strings.Contains(r.stdout, s) {
			t.Errorf("insight output has %s", s)
		}
	}
	// An empty answer.
	r = lookup(t, db, nil, "--region", "ap-south-1", "--now", specNow)
	if r.stdout != "{\n    \"Events\": []\n}\n" {
		t.Errorf("empty answer: %q", r.stdout)
	}
}

func TestLookupEventsTimeZone(t *testing.T) {
	db := specStore(t)
	args := []string{"--region", "eu-west-1", "--now", specNow, "--lookup-attributes", "AttributeKey=EventName,AttributeValue=RunInstances"}
	for tz, want := range map[string]string{
		"UTC":                     `"EventTime": "2025-03-04T09:30:12+00:00"`,
		"America/Los_Angeles":     `"EventTime": "2025-03-04T01:30:12-08:00"`,
		":Asia/Kolkata":           `"EventTime": "2025-03-04T15:00:12+05:30"`,
		"Australia/Lord_Howe":     `"EventTime": "2025-03-04T20:30:12+11:00"`,
		"No/Such_Zone":            `"EventTime": "2025-03-04T09:30:12+00:00"`,
		"Europe/Paris":            `"EventTime": "2025-03-04T10:30:12+01:00"`,
		"America/St_Johns":        `"EventTime": "2025-03-04T06:00:12-03:30"`,
		"Pacific/Kiritimati":      `"EventTime": "2025-03-04T23:30:12+14:00"`,
		"America/Argentina/Salta": `"EventTime": "2025-03-04T06:30:12-03:00"`,
	} {
		r := lookup(t, db, map[string]string{"TZ": tz}, args...)
		if !strings.Contains(r.stdout, want) {
			t.Errorf("TZ=%s: want %s in\n%s", tz, want, r.stdout)
		}
	}
}

func TestLookupEventsTextAndTable(t *testing.T) {
	db := specStore(t)
	args := []string{"--region", "eu-west-1", "--now", specNow, "--lookup-attributes", "AttributeKey=EventName,AttributeValue=AssumeRole"}
	r := lookup(t, db, nil, append(args, "--output", "text")...)
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("text output has %d lines:\n%s", len(lines), r.stdout)
	}
	cols := strings.Split(lines[0], "\t")
	// EVENTS then the scalar members in sorted key order.
	if cols[0] != "EVENTS" || !strings.HasPrefix(cols[1], `{"eventVersion"`) || cols[2] != idAssumeRole || cols[3] != "AssumeRole" ||
		cols[4] != "sts.amazonaws.com" || cols[5] != "2025-03-04T09:02:11+00:00" || cols[6] != "true" || len(cols) != 7 {
		t.Errorf("text EVENTS line: %q", cols)
	}
	if lines[1] != "RESOURCES\tASIAEXAMPLEKEY000003\tAWS::IAM::AccessKey" {
		t.Errorf("text RESOURCES line: %q", lines[1])
	}
	// The resume token comes last, as the CLI prints it.
	r = lookup(t, db, nil, "--region", "eu-west-1", "--now", specNow, "--output", "text", "--max-items", "1")
	lines = strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if last := lines[len(lines)-1]; !strings.HasPrefix(last, "NEXTTOKEN\teyJOZXh0VG9rZW4iOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAxfQ==") {
		t.Errorf("text resume token line: %q", last)
	}
	r = lookup(t, db, nil, append(args, "--output", "table")...)
	if r.code != 0 {
		t.Fatalf("table: exit %d %s", r.code, r.stderr)
	}
	tl := strings.Split(r.stdout, "\n")
	if !strings.HasPrefix(tl[0], "-----") || !strings.Contains(tl[1], "LookupEvents") || !strings.Contains(r.stdout, "||") ||
		!strings.Contains(r.stdout, " Events ") || !strings.Contains(r.stdout, " Resources ") || !strings.Contains(r.stdout, "ASIAEXAMPLEKEY000003") {
		t.Errorf("table output:\n%s", r.stdout)
	}
	width := len([]rune(tl[0]))
	for i, l := range tl[:len(tl)-1] {
		if len([]rune(l)) != width {
			t.Errorf("table line %d is %d wide, want %d: %q", i, len([]rune(l)), width, l)
		}
	}
}

func TestLookupEventsSkeletonAndHelp(t *testing.T) {
	db := specStore(t)
	r := lookup(t, db, nil, "--generate-cli-skeleton")
	var skel map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &skel); err != nil || r.code != 0 {
		t.Fatalf("skeleton: exit %d %v\n%s", r.code, err, r.stdout)
	}
	for _, k := range []string{"LookupAttributes", "StartTime", "EndTime", "EventCategory", "MaxResults", "NextToken"} {
		if _, ok := skel[k]; !ok {
			t.Errorf("skeleton lacks %s", k)
		}
	}
	r = lookup(t, db, nil, "--generate-cli-skeleton", "output")
	if r.code != 0 || !strings.Contains(r.stdout, `"CloudTrailEvent": "CloudTrailEvent"`) {
		t.Errorf("output skeleton: %d %s", r.code, r.stdout)
	}
	r = lookup(t, db, nil, "--help")
	if r.code != 0 || !strings.Contains(r.stdout, "--lookup-attributes") || !strings.Contains(r.stdout, "--now") {
		t.Errorf("help: %d %s", r.code, r.stdout)
	}
}

func TestLookupEventsFileParams(t *testing.T) {
	db := specStore(t)
	dir := t.TempDir()
	in := dir + "/in.json"
	writeTestFile(t, in, `{"LookupAttributes":[{"AttributeKey":"ResourceType","AttributeValue":"AWS::EC2::Instance"}]}`)
	o := lookupOK(t, db, "--region", "eu-west-1", "--now", specNow, "--cli-input-json", "file://"+in)
	if len(o.Events) != 1 || o.Events[0].EventId != idRunInstances {
		t.Errorf("--cli-input-json file://: %v", o.ids())
	}
	r := lookup(t, db, nil, "--region", "eu-west-1", "--cli-input-json", "file://"+dir+"/missing.json")
	if r.code != 252 || !strings.HasPrefix(r.stderr, "\nError parsing parameter '--cli-input-json': Unable to load paramfile") {
		t.Errorf("missing paramfile: %d %q", r.code, r.stderr)
	}
}

func writeTestFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
