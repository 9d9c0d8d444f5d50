package assets

import (
	"strconv"
	"time"
)

// S3 bucket-level calls are management events recorded in the bucket's
// Region; object-level calls are data events and never generated.
func pickBucket(c *call) {
	c.bucket = pick(c.r, c.wd.buckets)
	c.region = c.bucket.region
}

func s3Bucket(extra func(c *call)) func(c *call) {
	return func(c *call) {
		c.reqOpen()
		c.w.str("bucketName", c.bucket.name)
		c.w.str("Host", c.bucket.name+".s3."+c.region+".amazonaws.com")
		if extra != nil {
			extra(c)
		}
		c.reqClose()
		c.respNull()
		c.s3Extra()
		c.addRes("AWS::S3::Bucket", "arn:aws:s3:::"+c.bucket.name)
	}
}

func s3Query(q string) func(c *call) {
	return func(c *call) { c.w.str(q, "") }
}

// s3Extra writes the additionalEventData S3 adds to every request.
func (c *call) s3Extra() {
	c.additional = true
	c.w.open("additionalEventData")
	c.w.str("SignatureVersion", "SigV4")
	c.w.str("CipherSuite", "TLS_AES_128_GCM_SHA256")
	c.w.int("bytesTransferredIn", int64(c.r.IntN(600)))
	c.w.str("AuthenticationMethod", "AuthHeader")
	c.w.str("x-amz-id-2", c.r.alnum(56)+"/"+c.r.alnum(18)+"=")
	c.w.int("bytesTransferredOut", int64(c.r.IntN(1200)))
	c.w.close()
}

func s3NotFound(code, msg string) func(c *call) (string, string) {
	return func(*call) (string, string) { return code, msg }
}

var s3APIs = []*api{
	{svc: "s3", name: "ListBuckets", ro: true, global: true, gen: func(c *call) {
		c.reqOpen()
		c.w.str("Host", "s3.amazonaws.com")
		c.reqClose()
		c.respNull()
		c.s3Extra()
	}},
	{svc: "s3", name: "CreateBucket", prep: pickBucket, gen: s3Bucket(func(c *call) {
		if c.region != "us-east-1" {
			c.w.open("CreateBucketConfiguration")
			c.w.str("LocationConstraint", c.region)
			c.w.str("xmlns", "http://s3.amazonaws.com/doc/2006-03-01/")
			c.w.close()
		}
		c.w.str("x-amz-acl", "private")
	}), notFound: s3NotFound("BucketAlreadyOwnedByYou", "Your previous request to create the named bucket succeeded and you already own it."), notFoundRate: 0.2},
	{svc: "s3", name: "GetBucketAcl", ro: true, prep: pickBucket, gen: s3Bucket(s3Query("acl"))},
	{svc: "s3", name: "GetBucketPolicy", ro: true, prep: pickBucket, gen: s3Bucket(s3Query("policy")),
		notFound: s3NotFound("NoSuchBucketPolicy", "The bucket policy does not exist"), notFoundRate: 0.3},
	{svc: "s3", name: "PutBucketPolicy", prep: pickBucket, gen: s3Bucket(func(c *call) {
		c.w.str("policy", "")
		c.w.open("bucketPolicy")
		c.w.str("Version", "2012-10-17")
		c.w.openArr("Statement")
		c.w.open("")
		c.w.str("Sid", "DenyInsecureTransport")
		c.w.str("Effect", "Deny")
		c.w.str("Principal", "*")
		c.w.str("Action", "s3:*")
		c.w.openArr("Resource")
		c.w.elem("arn:aws:s3:::" + c.bucket.name)
		c.w.elem("arn:aws:s3:::" + c.bucket.name + "/*")
		c.w.closeArr()
		c.w.open("Condition")
		c.w.open("Bool")
		c.w.str("aws:SecureTransport", "false")
		c.w.close()
		c.w.close()
		c.w.close()
		c.w.closeArr()
		c.w.close()
	})},
	{svc: "s3", name: "GetBucketLocation", ro: true, prep: pickBucket, gen: s3Bucket(s3Query("location"))},
	{svc: "s3", name: "GetBucketVersioning", ro: true, prep: pickBucket, gen: s3Bucket(s3Query("versioning"))},
	{svc: "s3", name: "GetBucketEncryption", ro: true, prep: pickBucket, gen: s3Bucket(s3Query("encryption"))},
	{svc: "s3", name: "PutBucketEncryption", prep: pickBucket, gen: s3Bucket(func(c *call) {
		c.w.str("encryption", "")
		c.w.open("ServerSideEncryptionConfiguration")
		c.w.str("xmlns", "http://s3.amazonaws.com/doc/2006-03-01/")
		c.w.open("Rule")
		c.w.open("ApplyServerSideEncryptionByDefault")
		c.w.str("SSEAlgorithm", "aws:kms")
		c.w.close()
		c.w.bool("BucketKeyEnabled", true)
		c.w.close()
		c.w.close()
	})},
	{svc: "s3", name: "GetBucketPublicAccessBlock", ro: true, prep: pickBucket, gen: s3Bucket(s3Query("publicAccessBlock"))},
	{svc: "s3", name: "PutBucketPublicAccessBlock", prep: pickBucket, gen: s3Bucket(func(c *call) {
		c.w.str("publicAccessBlock", "")
		c.w.open("PublicAccessBlockConfiguration")
		c.w.str("xmlns", "http://s3.amazonaws.com/doc/2006-03-01/")
		for _, k := range []string{"RestrictPublicBuckets", "BlockPublicPolicy", "BlockPublicAcls", "IgnorePublicAcls"} {
			c.w.bool(k, true)
		}
		c.w.close()
	})},
	{svc: "s3", name: "PutBucketTagging", prep: pickBucket, gen: s3Bucket(func(c *call) {
		c.w.str("tagging", "")
		c.w.open("Tagging")
		c.w.str("xmlns", "http://s3.amazonaws.com/doc/2006-03-01/")
		c.w.open("TagSet")
		c.w.open("Tag")
		c.w.str("Value", c.wd.env)
		c.w.str("Key", "Environment")
		c.w.close()
		c.w.close()
		c.w.close()
	})},
}

func keyARN(c *call, id string) string {
	return "arn:aws:kms:" + c.region + ":" + c.acct() + ":key/" + id
}

func kmsKey(c *call) string { return pick(c.r, c.rr().keys) }

func kmsCrypto(withSpec bool) func(c *call) {
	return func(c *call) {
		key := kmsKey(c)
		c.reqOpen()
		if withSpec {
			c.w.str("keyId", "alias/"+c.wd.env+"-"+pick(c.r, appNames))
			c.w.str("keySpec", "AES_256")
		}
		c.w.str("encryptionAlgorithm", "SYMMETRIC_DEFAULT")
		c.w.open("encryptionContext")
		if c.a.kind == akLambda {
			c.w.str("aws:lambda:FunctionArn", "arn:aws:lambda:"+c.region+":"+c.acct()+":function:"+pick(c.r, c.rr().functions).name)
		} else {
			c.w.str("aws:ebs:id", pick(c.r, c.rr().volumes))
		}
		c.w.close()
		c.reqClose()
		c.respNull()
		c.addRes("AWS::KMS::Key", keyARN(c, key))
	}
}

func kmsByKey(c *call) {
	key := kmsKey(c)
	c.reqOpen()
	c.w.str("keyId", key)
	c.reqClose()
	c.respNull()
	c.addRes("AWS::KMS::Key", keyARN(c, key))
}

func kmsList(c *call) {
	c.reqNull()
	c.respNull()
}

func createKey(c *call) {
	id := c.r.uuid()
	c.reqOpen()
	c.w.str("description", c.wd.env+" "+pick(c.r, appNames)+" data key")
	c.w.str("keyUsage", "ENCRYPT_DECRYPT")
	c.w.str("keySpec", "SYMMETRIC_DEFAULT")
	c.w.bool("bypassPolicyLockoutSafetyCheck", false)
	c.w.bool("multiRegion", false)
	c.reqClose()
	if c.fail {
		c.respNull()
		return
	}
	c.respOpen()
	c.w.open("keyMetadata")
	c.w.str("aWSAccountId", c.acct())
	c.w.str("keyId", id)
	c.w.str("arn", keyARN(c, id))
	c.isoTime("creationDate", c.t)
	c.w.bool("enabled", true)
	c.w.str("keyUsage", "ENCRYPT_DECRYPT")
	c.w.str("keyState", "Enabled")
	c.w.str("origin", "AWS_KMS")
	c.w.str("keyManager", "CUSTOMER")
	c.w.str("keySpec", "SYMMETRIC_DEFAULT")
	c.w.close()
	c.w.close()
	c.addRes("AWS::KMS::Key", keyARN(c, id))
}

// rotateKey is the service event KMS writes when it rotates a key.
func rotateKey(c *call) {
	key := kmsKey(c)
	c.noRequestID = true
	c.reqNull()
	c.respNull()
	c.addRes("AWS::KMS::Key", keyARN(c, key))
	c.shared = true
	c.serviceDetails = `{"keyId":"` + key + `"}`
}

var kmsAPIs = []*api{
	{svc: "kms", name: "Decrypt", ro: true, version: "1.09", gen: kmsCrypto(false), notFound: func(c *call) (string, string) {
		return "InvalidCiphertextException", ""
	}, notFoundRate: 0.002},
	{svc: "kms", name: "GenerateDataKey", ro: true, version: "1.09", gen: kmsCrypto(true)},
	{svc: "kms", name: "DescribeKey", ro: true, gen: kmsByKey},
	{svc: "kms", name: "GetKeyRotationStatus", ro: true, gen: kmsByKey},
	{svc: "kms", name: "EnableKeyRotation", gen: kmsByKey},
	{svc: "kms", name: "ListKeys", ro: true, gen: kmsList},
	{svc: "kms", name: "ListAliases", ro: true, gen: kmsList},
	{svc: "kms", name: "CreateKey", gen: createKey},
	{svc: "kms", name: "RotateKey", version: "1.08", evType: "AwsServiceEvent", gen: rotateKey},
}

func fnName(c *call) string { return pick(c.r, c.rr().functions).name }

func lambdaByName(c *call) {
	c.reqOpen()
	c.w.str("functionName", fnName(c))
	c.reqClose()
	c.respNull()
}

func lambdaNotFound(c *call) (string, string) {
	return "ResourceNotFoundException", "Function not found: arn:aws:lambda:" + c.region + ":" + c.acct() + ":function:" + c.wd.env + "-legacy-handler"
}

func lambdaConfig(c *call, f fn, codeSize int) {
	c.respOpen()
	c.w.str("functionName", f.name)
	c.w.str("functionArn", "arn:aws:lambda:"+c.region+":"+c.acct()+":function:"+f.name)
	c.w.str("runtime", "python3.12")
	c.w.str("role", f.role.arn(c.acct()))
	c.w.str("handler", "app.handler")
	c.w.int("codeSize", int64(codeSize))
	c.w.str("description", "")
	c.w.int("timeout", 30)
	c.w.int("memorySize", 256)
	c.w.str("lastModified", c.t.Format("2006-01-02T15:04:05.000-0700"))
	c.w.str("codeSha256", c.r.alnum(43)+"=")
	c.w.str("version", "$LATEST")
	c.w.open("tracingConfig")
	c.w.str("mode", "PassThrough")
	c.w.close()
	c.w.str("revisionId", c.r.uuid())
	c.w.str("state", "Active")
	c.w.str("lastUpdateStatus", "InProgress")
	c.w.str("packageType", "Zip")
	c.w.openArr("architectures")
	c.w.elem("arm64")
	c.w.closeArr()
	c.w.close()
}

func updateFunctionCode(c *call) {
	f := pick(c.r, c.rr().functions)
	c.reqOpen()
	c.w.str("functionName", f.name)
	c.w.bool("publish", false)
	c.w.bool("dryRun", false)
	c.reqClose()
	if c.fail {
		c.respNull()
		return
	}
	lambdaConfig(c, f, 1_000_000+c.r.IntN(9_000_000))
}

func updateFunctionConfiguration(c *call) {
	f := pick(c.r, c.rr().functions)
	c.reqOpen()
	c.w.str("functionName", f.name)
	c.w.open("environment")
	c.w.close()
	c.w.int("timeout", 30)
	c.reqClose()
	if c.fail {
		c.respNull()
		return
	}
	lambdaConfig(c, f, 1_000_000+c.r.IntN(9_000_000))
}

func createFunction(c *call) {
	f := pick(c.r, c.rr().functions)
	c.reqOpen()
	c.w.str("functionName", f.name)
	c.w.str("runtime", "python3.12")
	c.w.str("role", f.role.arn(c.acct()))
	c.w.str("handler", "app.handler")
	c.w.open("code")
	c.w.close()
	c.w.int("timeout", 30)
	c.w.int("memorySize", 256)
	c.w.bool("publish", false)
	c.reqClose()
	if c.fail {
		c.respNull()
		return
	}
	lambdaConfig(c, f, 4_000_000+c.r.IntN(1_000_000))
}

func addPermission(c *call) {
	f := fnName(c)
	sid := "AllowExecutionFromAPIGateway-" + c.r.hex(8)
	c.reqOpen()
	c.w.str("functionName", f)
	c.w.str("statementId", sid)
	c.w.str("action", "lambda:InvokeFunction")
	c.w.str("principal", "apigateway.amazonaws.com")
	c.reqClose()
	if c.fail {
		c.respNull()
		return
	}
	c.respOpen()
	c.w.str("statement", `{"Sid":"`+sid+`","Effect":"Allow","Principal":{"Service":"apigateway.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:`+c.region+`:`+c.acct()+`:function:`+f+`"}`)
	c.w.close()
}

func publishVersion(c *call) {
	f := pick(c.r, c.rr().functions)
	c.reqOpen()
	c.w.str("functionName", f.name)
	c.reqClose()
	if c.fail {
		c.respNull()
		return
	}
	lambdaConfig(c, f, 1_000_000+c.r.IntN(9_000_000))
}

var lambdaAPIs = []*api{
	{svc: "lambda", name: "ListFunctions20150331", ro: true, gen: func(c *call) { c.reqNull(); c.respNull() }},
	{svc: "lambda", name: "GetFunction20150331v2", ro: true, gen: lambdaByName, notFound: lambdaNotFound, notFoundRate: 0.03},
	{svc: "lambda", name: "GetFunctionConfiguration20150331v2", ro: true, gen: lambdaByName},
	{svc: "lambda", name: "UpdateFunctionCode20150331v2", gen: updateFunctionCode, notFound: func(c *call) (string, string) {
		return "ResourceConflictException", "The operation cannot be performed at this time. An update is in progress for resource: arn:aws:lambda:" + c.region + ":" + c.acct() + ":function:" + fnName(c)
	}, notFoundRate: 0.04},
	{svc: "lambda", name: "UpdateFunctionConfiguration20150331v2", gen: updateFunctionConfiguration},
	{svc: "lambda", name: "CreateFunction20150331", gen: createFunction, notFound: func(c *call) (string, string) {
		return "ResourceConflictException", "Function already exist: " + fnName(c)
	}, notFoundRate: 0.1},
	{svc: "lambda", name: "AddPermission20150331v2", gen: addPermission},
	{svc: "lambda", name: "PublishVersion20150331", gen: publishVersion},
}

func trailName(c *call) string {
	if c.r.chance(0.5) {
		return c.wd.trail.arn(c.acct())
	}
	return c.wd.trail.name
}

func ctByName(c *call) {
	c.reqOpen()
	c.w.str("name", trailName(c))
	c.reqClose()
	c.respNull()
}

func describeTrails(c *call) {
	c.reqOpen()
	c.w.openArr("trailNameList")
	c.w.closeArr()
	c.w.bool("includeShadowTrails", true)
	c.reqClose()
	c.respNull()
}

func lookupEvents(c *call) {
	c.reqOpen()
	c.w.str("startTime", c.t.Add(-24*time.Hour).Format("Jan 2, 2006, 3:04:05 PM"))
	c.w.str("endTime", c.t.Format("Jan 2, 2006, 3:04:05 PM"))
	c.w.openArr("lookupAttributes")
	c.w.open("")
	c.w.str("attributeKey", "ReadOnly")
	c.w.str("attributeValue", "false")
	c.w.close()
	c.w.closeArr()
	c.w.int("maxResults", 50)
	c.reqClose()
	c.respNull()
}

// The incident's trail calls name the account's trail exactly.
func stopLogging(c *call) {
	c.reqOpen()
	c.w.str("name", c.wd.trail.arn(c.acct()))
	c.reqClose()
	c.respNull()
}

func updateTrail(c *call) {
	c.reqOpen()
	c.w.str("name", c.wd.trail.arn(c.acct()))
	c.w.str("s3BucketName", "backup-archive-"+strconv.Itoa(1000+c.r.IntN(9000)))
	c.w.bool("includeGlobalServiceEvents", false)
	c.w.bool("isMultiRegionTrail", false)
	c.reqClose()
	if c.fail {
		c.respNull()
		return
	}
	c.respOpen()
	c.w.str("name", c.wd.trail.name)
	c.w.str("s3BucketName", "backup-archive")
	c.w.bool("includeGlobalServiceEvents", false)
	c.w.bool("isMultiRegionTrail", false)
	c.w.str("trailARN", c.wd.trail.arn(c.acct()))
	c.w.bool("logFileValidationEnabled", true)
	c.w.bool("isOrganizationTrail", false)
	c.w.close()
}

var cloudtrailAPIs = []*api{
	{svc: "cloudtrail", name: "DescribeTrails", ro: true, gen: describeTrails},
	{svc: "cloudtrail", name: "GetTrailStatus", ro: true, gen: ctByName},
	{svc: "cloudtrail", name: "GetEventSelectors", ro: true, gen: ctByName},
	{svc: "cloudtrail", name: "LookupEvents", ro: true, gen: lookupEvents},
	{svc: "cloudtrail", name: "StopLogging", gen: stopLogging},
	{svc: "cloudtrail", name: "UpdateTrail", gen: updateTrail},
	{svc: "cloudtrail", name: "DeleteTrail", gen: stopLogging},
}
