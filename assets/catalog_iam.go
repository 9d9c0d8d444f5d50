package assets

import (
	"strconv"
	"time"
)

var newUserNames = []string{"svc-reporting", "svc-etl", "contractor-dk", "qa-runner", "grafana-reader", "backup-agent"}

var managedPolicies = []string{
	"arn:aws:iam::aws:policy/ReadOnlyAccess",
	"arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
	"arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy",
	"arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
	"arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
}

func someRole(c *call) *role {
	names := []string{c.wd.env + "-app-instance-role", "TerraformExecution", "gha-deploy", "SecurityAuditRole", "okta-engineering"}
	if ro := c.wd.roles[pick(c.r, names)]; ro != nil {
		return ro
	}
	return &role{name: "OrganizationAccountAccessRole", id: c.r.ident("AROA", 17), path: "/"}
}

func someUser(c *call) string {
	for _, u := range []string{"ci-deploy", "bob.dev", "alice.admin", "partner-portal"} {
		if c.r.chance(0.35) {
			return u
		}
	}
	return "ci-deploy"
}

func iamNoSuchUser(c *call) (string, string) {
	return "NoSuchEntity", "The user with name " + pick(c.r, newUserNames) + " cannot be found."
}

func iamNoSuchRole(c *call) (string, string) {
	return "NoSuchEntity", "The role with name " + c.wd.env + "-legacy-role cannot be found."
}

func iamList(maxItems bool) func(c *call) {
	return func(c *call) {
		if !maxItems {
			c.reqNull()
		} else {
			c.reqOpen()
			c.w.int("maxItems", 1000)
			c.reqClose()
		}
		c.respNull()
	}
}

func iamByName(field string, val func(c *call) string) func(c *call) {
	return func(c *call) {
		c.reqOpen()
		c.w.str(field, val(c))
		c.reqClose()
		c.respNull()
	}
}

func (c *call) isoTime(k string, t time.Time) {
	c.w.str(k, t.UTC().Format("Jan 2, 2006, 3:04:05 PM"))
}

func createUser(c *call) {
	name := pick(c.r, newUserNames)
	c.reqOpen()
	c.w.str("userName", name)
	c.reqClose()
	if c.fail {
		c.respNull()
		return
	}
	writeNewUser(c, name)
}

func writeNewUser(c *call, name string) {
	c.respOpen()
	c.w.open("user")
	c.w.str("path", "/")
	c.w.str("userName", name)
	c.w.str("userId", c.r.ident("AIDA", 17))
	c.w.str("arn", c.wd.userARN(name))
	c.isoTime("createDate", c.t)
	c.w.close()
	c.w.close()
}

func createRole(c *call) {
	name := c.wd.env + "-" + pick(c.r, appNames) + "-" + pick(c.r, []string{"task", "reader", "writer", "lambda"}) + "-role"
	doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	c.reqOpen()
	c.w.str("roleName", name)
	c.w.str("assumeRolePolicyDocument", doc)
	c.reqClose()
	if c.fail {
		c.respNull()
		return
	}
	c.respOpen()
	c.w.open("role")
	c.w.str("assumeRolePolicyDocument", "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22Service%22%3A%22lambda.amazonaws.com%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D")
	c.w.str("arn", "arn:aws:iam::"+c.acct()+":role/"+name)
	c.w.str("roleId", c.r.ident("AROA", 17))
	c.isoTime("createDate", c.t)
	c.w.str("roleName", name)
	c.w.str("path", "/")
	c.w.close()
	c.w.close()
}

func attachRolePolicy(c *call) {
	c.reqOpen()
	c.w.str("roleName", someRole(c).name)
	c.w.str("policyArn", pick(c.r, managedPolicies))
	c.reqClose()
	c.respNull()
}

func attachUserPolicy(user, policy string) func(c *call) {
	return func(c *call) {
		c.reqOpen()
		c.w.str("userName", user)
		c.w.str("policyArn", policy)
		c.reqClose()
		c.respNull()
	}
}

func putRolePolicy(c *call) {
	c.reqOpen()
	c.w.str("roleName", someRole(c).name)
	c.w.str("policyName", "inline-"+pick(c.r, appNames))
	c.w.str("policyDocument", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::`+pick(c.r, c.wd.buckets).name+`/*"}]}`)
	c.reqClose()
	c.respNull()
}

func createAccessKeyFor(user func(c *call) string, key func(c *call) string) func(c *call) {
	return func(c *call) {
		u := user(c)
		c.reqOpen()
		c.w.str("userName", u)
		c.reqClose()
		if c.fail {
			c.respNull()
			return
		}
		c.respOpen()
		c.w.open("accessKey")
		c.w.str("userName", u)
		c.w.str("accessKeyId", key(c))
		c.w.str("status", "Active")
		c.isoTime("createDate", c.t)
		c.w.close()
		c.w.close()
	}
}

func updateAccessKey(c *call) {
	u := c.wd.users[someUser(c)]
	c.reqOpen()
	c.w.str("userName", u.name)
	c.w.str("accessKeyId", c.r.ident("AKIA", 16))
	c.w.str("status", "Inactive")
	c.reqClose()
	c.respNull()
}

func createPolicyVersion(c *call) {
	c.reqOpen()
	c.w.str("policyArn", "arn:aws:iam::"+c.acct()+":policy/"+c.wd.env+"-deploy-policy")
	c.w.str("policyDocument", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["lambda:UpdateFunctionCode","lambda:GetFunction"],"Resource":"*"}]}`)
	c.w.bool("setAsDefault", true)
	c.reqClose()
	if c.fail {
		c.respNull()
		return
	}
	c.respOpen()
	c.w.open("policyVersion")
	c.w.str("versionId", "v"+strconv.Itoa(2+c.r.IntN(4)))
	c.w.bool("isDefaultVersion", true)
	c.isoTime("createDate", c.t)
	c.w.close()
	c.w.close()
}

var iamAPIs = []*api{
	{svc: "iam", name: "ListUsers", ro: true, gen: iamList(false)},
	{svc: "iam", name: "GetUser", ro: true, gen: iamByName("userName", someUser), notFound: iamNoSuchUser, notFoundRate: 0.04},
	{svc: "iam", name: "CreateUser", gen: createUser, notFound: func(c *call) (string, string) {
		return "EntityAlreadyExists", "User with name " + pick(c.r, newUserNames) + " already exists."
	}, notFoundRate: 0.05},
	{svc: "iam", name: "DeleteUser", gen: iamByName("userName", func(c *call) string { return pick(c.r, newUserNames) }), notFound: iamNoSuchUser, notFoundRate: 0.2},
	{svc: "iam", name: "ListRoles", ro: true, gen: iamList(true)},
	{svc: "iam", name: "GetRole", ro: true, gen: iamByName("roleName", func(c *call) string { return someRole(c).name }), notFound: iamNoSuchRole, notFoundRate: 0.03},
	{svc: "iam", name: "CreateRole", gen: createRole},
	{svc: "iam", name: "AttachRolePolicy", gen: attachRolePolicy},
	{svc: "iam", name: "AttachUserPolicy", gen: attachUserPolicy("ci-deploy", managedPolicies[0])},
	{svc: "iam", name: "PutRolePolicy", gen: putRolePolicy},
	{svc: "iam", name: "ListRolePolicies", ro: true, gen: iamByName("roleName", func(c *call) string { return someRole(c).name })},
	{svc: "iam", name: "ListAttachedRolePolicies", ro: true, gen: iamByName("roleName", func(c *call) string { return someRole(c).name })},
	{svc: "iam", name: "CreateAccessKey", gen: createAccessKeyFor(someUser, func(c *call) string { return c.r.ident("AKIA", 16) }), notFound: func(c *call) (string, string) {
		return "LimitExceeded", "Cannot exceed quota for AccessKeysPerUser: 2"
	}, notFoundRate: 0.1},
	{svc: "iam", name: "ListAccessKeys", ro: true, gen: iamByName("userName", someUser)},
	{svc: "iam", name: "UpdateAccessKey", gen: updateAccessKey},
	{svc: "iam", name: "GetAccountPasswordPolicy", ro: true, gen: iamList(false), notFound: func(c *call) (string, string) {
		return "NoSuchEntity", "The Password Policy with domain name " + c.acct() + " cannot be found."
	}, notFoundRate: 0.5},
	{svc: "iam", name: "GetAccountSummary", ro: true, gen: iamList(false)},
	{svc: "iam", name: "ListPolicyVersions", ro: true, gen: iamByName("policyArn", func(c *call) string {
		return "arn:aws:iam::" + c.acct() + ":policy/" + c.wd.env + "-deploy-policy"
	})},
	{svc: "iam", name: "CreatePolicyVersion", gen: createPolicyVersion, notFound: func(c *call) (string, string) {
		return "LimitExceeded", "A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version."
	}, notFoundRate: 0.1},
}
