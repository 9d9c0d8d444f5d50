package assets

import "time"

func (c *call) credentials(key string, hours int) {
	c.w.open("credentials")
	c.w.str("accessKeyId", key)
	c.w.str("sessionToken", "IQoJb3JpZ2luX2VjE"+c.r.alnum(c.g.tokenLen()))
	c.isoTime("expiration", c.t.Add(time.Duration(hours)*time.Hour))
	c.w.close()
}

// assumeRole is written for AWS services assuming a role (the bulk of
// real AssumeRole records); users' own sessions appear as AssumedRole
// identities on their calls.
func assumeRole(c *call) {
	roleARN, session := c.serviceRole()
	c.reqOpen()
	c.w.str("roleArn", roleARN)
	c.w.str("roleSessionName", session)
	c.reqClose()
	c.respOpen()
	c.credentials(c.r.ident("ASIA", 16), 12)
	c.w.close()
	c.addRes("AWS::IAM::Role", roleARN)
	c.shared = true
}

// serviceRole picks the role an AWS service assumes and its session name.
func (c *call) serviceRole() (string, string) {
	rr := c.rr()
	switch c.invokedBy {
	case "ec2.amazonaws.com":
		ro := c.wd.roles[c.wd.env+"-app-instance-role"]
		return ro.arn(c.acct()), pick(c.r, rr.instances)
	case "lambda.amazonaws.com":
		f := pick(c.r, rr.functions)
		return f.role.arn(c.acct()), f.name
	case "config.amazonaws.com":
		return "arn:aws:iam::" + c.acct() + ":role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig", "AWSConfig-Describe"
	default:
		return "arn:aws:iam::" + c.acct() + ":role/aws-service-role/ssm.amazonaws.com/AWSServiceRoleForAmazonSSM", "SSM"
	}
}

func assumeRoleWithSAML(c *call) {
	ro := c.a.role
	c.reqOpen()
	c.w.str("sAMLAssertionID", "_"+c.r.hex(32))
	c.w.str("roleSessionName", c.a.samlSub)
	c.w.str("roleArn", ro.arn(c.acct()))
	c.w.str("principalArn", c.a.provider)
	c.w.int("durationSeconds", 3600)
	c.reqClose()
	c.respOpen()
	c.credentials(c.sessionKey(), 1)
	c.w.open("assumedRoleUser")
	c.w.str("assumedRoleId", ro.id+":"+c.a.samlSub)
	c.w.str("arn", "arn:aws:sts::"+c.acct()+":assumed-role/"+ro.name+"/"+c.a.samlSub)
	c.w.close()
	c.w.str("subject", c.a.samlSub)
	c.w.str("subjectType", "persistent")
	c.w.str("issuer", "http://www.okta.com/exk"+c.r.alnum(17))
	c.w.str("audience", "https://signin.aws.amazon.com/saml")
	c.w.str("nameQualifier", c.g.samlQualifier(c.wd))
	c.w.close()
	c.addRes("AWS::IAM::Role", ro.arn(c.acct()))
	c.addRes("AWS::IAM::SAMLProvider", c.a.provider)
}

func assumeRoleWithWebIdentity(c *call) {
	ro := c.a.role
	c.reqOpen()
	c.w.str("roleArn", ro.arn(c.acct()))
	c.w.str("roleSessionName", c.a.name)
	c.w.int("durationSeconds", 3600)
	c.reqClose()
	c.respOpen()
	c.credentials(c.sessionKey(), 1)
	c.w.str("subjectFromWebIdentityToken", c.a.samlSub)
	c.w.open("assumedRoleUser")
	c.w.str("assumedRoleId", ro.id+":"+c.a.name)
	c.w.str("arn", "arn:aws:sts::"+c.acct()+":assumed-role/"+ro.name+"/"+c.a.name)
	c.w.close()
	c.w.str("provider", c.a.provider)
	c.w.str("audience", "sts.amazonaws.com")
	c.w.close()
	c.addRes("AWS::IAM::Role", ro.arn(c.acct()))
}

func getFederationToken(c *call) {
	c.reqOpen()
	c.w.str("name", c.a.name)
	c.w.int("durationSeconds", 43200)
	c.w.str("policy", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:ListBucket","s3:GetBucketLocation"],"Resource":"*"}]}`)
	c.reqClose()
	c.respOpen()
	c.credentials(c.sessionKey(), 12)
	c.w.open("federatedUser")
	c.w.str("federatedUserId", c.acct()+":"+c.a.name)
	c.w.str("arn", "arn:aws:sts::"+c.acct()+":federated-user/"+c.a.name)
	c.w.close()
	c.w.int("packedPolicySize", 9)
	c.w.close()
}

func getSessionToken(c *call) {
	c.reqOpen()
	c.w.int("durationSeconds", 43200)
	c.reqClose()
	if c.fail {
		c.respNull()
		return
	}
	c.respOpen()
	c.credentials(c.r.ident("ASIA", 16), 12)
	c.w.close()
}

func consoleLogin(c *call) {
	c.noRequestID = true
	c.reqNull()
	c.respOpen()
	if c.fail {
		c.w.str("ConsoleLogin", "Failure")
	} else {
		c.w.str("ConsoleLogin", "Success")
	}
	c.w.close()
	c.additional = true
	c.w.open("additionalEventData")
	c.w.str("LoginTo", "https://console.aws.amazon.com/console/home?hashArgs=%23&isauthcode=true&state=hashArgsFromTB_"+c.region+"_"+c.r.hex(16))
	c.w.str("MobileVersion", "No")
	if c.a.mfa && !c.fail {
		c.w.str("MFAIdentifier", "arn:aws:iam::"+c.acct()+":mfa/"+mfaName(c.a))
		c.w.str("MFAUsed", "Yes")
	} else {
		c.w.str("MFAUsed", "No")
	}
	c.w.close()
}

func mfaName(a *actor) string {
	if a.kind == akRoot {
		return "root-account-mfa-device"
	}
	return a.name + "-phone"
}

var stsAPIs = []*api{
	{svc: "sts", name: "GetCallerIdentity", ro: true, gen: func(c *call) { c.reqNull(); c.respNull() }},
	{svc: "sts", name: "AssumeRole", ro: true, version: "1.08", gen: assumeRole},
	{svc: "sts", name: "AssumeRoleWithSAML", ro: true, global: true, identity: idSAML, gen: assumeRoleWithSAML},
	{svc: "sts", name: "AssumeRoleWithWebIdentity", ro: true, global: true, identity: idWeb, gen: assumeRoleWithWebIdentity},
	{svc: "sts", name: "GetFederationToken", ro: true, global: true, identity: idFedIssuer, gen: getFederationToken},
	{svc: "sts", name: "GetSessionToken", ro: true, global: true, gen: getSessionToken},
	{svc: "signin", name: "ConsoleLogin", global: true, version: "1.09", evType: "AwsConsoleSignIn", gen: consoleLogin},
}
