package filtergen

import (
	"fmt"
	"math/rand/v2"
	"time"
)

// Records makes n CloudTrail records with the variety filters care
// about: names and users in several letter cases, IPv4, IPv6 and service
// "addresses", errors, missing fields, resources and nested parameters,
// plus n/100+1 Insights records. The benchmark store comes from
// internal/benchstore; this is the small generator for the property tests.
func Records(rng *rand.Rand, n int, base time.Time) []map[string]any {
	g := recordGen{rng: rng, base: base}
	out := make([]map[string]any, 0, n)
	for i := 0; i < n; i++ {
		out = append(out, g.management(i))
	}
	// A few Insights records (spec 10.9), so that category terms matter.
	for i := 0; i < n/100+1; i++ {
		out = append(out, g.insight(i))
	}
	return out
}

// recordGen draws every choice from one rng, in a fixed order: the same
// seed makes the same records, so a failing property test can be rerun.
type recordGen struct {
	rng  *rand.Rand
	base time.Time
}

func (g recordGen) pick(xs ...string) string { return xs[g.rng.IntN(len(xs))] }

// when is a time in the ten days before base.
func (g recordGen) when() time.Time {
	return g.base.Add(-time.Duration(g.rng.IntN(10*24*3600)) * time.Second)
}

// management is the i-th management record.
func (g recordGen) management(i int) map[string]any {
	pick, rng := g.pick, g.rng
	t := g.when()
	svc := pick("s3", "ec2", "iam", "sts", "kms", "lambda")
	name := g.eventName(svc)
	user := pick("alice", "Alice", "bob", "carol.smith", "deploy-bot", "admin_1", "O'Brien", "100% user", "under_score")
	identity := g.identity(user)
	rec := map[string]any{
		"eventVersion":       "1.08",
		"userIdentity":       identity,
		"eventTime":          t.UTC().Format(time.RFC3339),
		"eventSource":        svc + ".amazonaws.com",
		"eventName":          name,
		"awsRegion":          pick("us-east-1", "eu-west-1", "US-EAST-1"),
		"sourceIPAddress":    pick("203.0.113.7", "10.1.2.3", "10.200.0.9", "192.168.1.20", "2001:db8::1", "2001:DB8::abcd", "AWS Internal", "lambda.amazonaws.com"),
		"userAgent":          pick("aws-cli/2.15.0 Python/3.11", "Boto3/1.34.0", "console.amazonaws.com", "[S3Console/0.4]", "terraform-provider-aws/5.0 (%s) _x_"),
		"requestID":          fmt.Sprintf("%08X-REQ-%d", rng.Uint32(), i),
		"eventID":            fmt.Sprintf("%08x-%04x-4%03x-8%03x-%012x", rng.Uint32(), rng.IntN(1<<16), rng.IntN(1<<12), rng.IntN(1<<12), rng.Int64N(1<<48)),
		"eventType":          pick("AwsApiCall", "AwsApiCall", "AwsConsoleAction"),
		"recipientAccountId": pick("111122223333", "444455556666"),
		"eventCategory":      "Management",
		"managementEvent":    true,
	}
	g.outcome(rec)
	params := g.params(svc, user)
	if rng.IntN(6) == 0 {
		rec["requestParameters"] = nil
	} else {
		rec["requestParameters"] = params
	}
	if rng.IntN(8) == 0 {
		rec["resources"] = []any{map[string]any{"ARN": "arn:aws:kms:us-east-1:111122223333:key/" + pick("k1", "K2"),
			"accountId": "111122223333", "type": "AWS::KMS::Key"}}
	}
	if rng.IntN(30) == 0 {
		delete(rec, "eventName")
		delete(rec, "userAgent")
	}
	return rec
}

func (g recordGen) eventName(svc string) string {
	pick := g.pick
	switch svc {
	case "s3":
		return pick("GetBucketAcl", "DeleteBucket", "PutBucketPolicy", "ListBuckets", "CreateBucket")
	case "ec2":
		return pick("DescribeInstances", "RunInstances", "TerminateInstances", "StopInstances")
	case "iam":
		return pick("CreateUser", "DeleteUser", "AttachUserPolicy", "ListUsers", "CreateAccessKey")
	case "sts":
		return pick("AssumeRole", "GetCallerIdentity", "GetSessionToken")
	case "kms":
		return pick("Decrypt", "Encrypt", "GenerateDataKey")
	default:
		return pick("Invoke", "UpdateFunctionCode20150331v2", "ListFunctions20150331")
	}
}

// identity is a userIdentity of one of three types for user.
func (g recordGen) identity(user string) map[string]any {
	pick, rng := g.pick, g.rng
	identity := map[string]any{
		"type":        pick("IAMUser", "AssumedRole", "Root"),
		"principalId": fmt.Sprintf("AIDA%06d", rng.IntN(50)),
		"accountId":   pick("111122223333", "444455556666"),
	}
	switch identity["type"] {
	case "IAMUser":
		identity["userName"] = user
		identity["arn"] = "arn:aws:iam::" + identity["accountId"].(string) + ":user/" + user
	case "AssumedRole":
		role := pick("Admin", "ReadOnly", "deploy")
		identity["arn"] = "arn:aws:sts::" + identity["accountId"].(string) + ":assumed-role/" + role + "/" + user
		identity["sessionContext"] = map[string]any{
			"sessionIssuer": map[string]any{"type": "Role", "userName": role,
				"arn": "arn:aws:iam::" + identity["accountId"].(string) + ":role/" + role},
			"attributes": map[string]any{"mfaAuthenticated": pick("true", "false")},
		}
	case "Root":
		identity["arn"] = "arn:aws:iam::" + identity["accountId"].(string) + ":root"
	}
	if rng.IntN(4) > 0 {
		identity["accessKeyId"] = fmt.Sprintf("%s%012d", pick("AKIA", "ASIA", "akia"), rng.IntN(30))
	}
	return identity
}

// outcome sets readOnly (true, false or absent) and, for one call in
// five, an error.
func (g recordGen) outcome(rec map[string]any) {
	pick, rng := g.pick, g.rng
	switch rng.IntN(3) {
	case 0:
		rec["readOnly"] = true
	case 1:
		rec["readOnly"] = false
	}
	if rng.IntN(5) == 0 {
		rec["errorCode"] = pick("AccessDenied", "NoSuchBucket", "Client.UnauthorizedOperation", "ThrottlingException")
		rec["errorMessage"] = pick("User is not authorized", "Access Denied; see policy", "Rate exceeded 100%", "")
	}
}

// params are the requestParameters of a call to svc.
func (g recordGen) params(svc, user string) map[string]any {
	pick, rng := g.pick, g.rng
	params := map[string]any{}
	switch svc {
	case "s3":
		params["bucketName"] = pick("prod-logs", "Prod-Data", "dev_bucket", "test%bucket", "it's-a-bucket")
		params["Host"] = params["bucketName"].(string) + ".s3.amazonaws.com"
	case "ec2":
		params["instancesSet"] = map[string]any{"items": []any{
			map[string]any{"instanceId": fmt.Sprintf("i-%08x", rng.IntN(20))},
			map[string]any{"instanceId": fmt.Sprintf("i-%08x", rng.IntN(20))},
		}}
		params["maxResults"] = rng.IntN(3) * 50
	case "iam":
		params["userName"] = user
	case "sts":
		params["roleArn"] = "arn:aws:iam::111122223333:role/" + pick("Admin", "deploy")
		params["roleSessionName"] = user
		params["durationSeconds"] = 3600
	}
	return params
}

// insight is the i-th Insights record.
func (g recordGen) insight(i int) map[string]any {
	t := g.when()
	return map[string]any{
		"eventVersion":       "1.08",
		"eventTime":          t.UTC().Format(time.RFC3339),
		"awsRegion":          "us-east-1",
		"eventID":            fmt.Sprintf("%08x-0000-4000-8000-%012x", g.rng.Uint32(), i),
		"eventType":          "AwsCloudTrailInsight",
		"recipientAccountId": "111122223333",
		"sharedEventID":      fmt.Sprintf("%08x-1111-4000-8000-%012x", g.rng.Uint32(), i),
		"eventCategory":      "Insight",
		"insightDetails": map[string]any{"state": "Start", "eventSource": "ec2.amazonaws.com",
			"eventName": "RunInstances", "insightType": "ApiCallRateInsight"},
	}
}
