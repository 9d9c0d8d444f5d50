package assets

import (
	"hash/fnv"
	"time"
)

func strHash(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// session returns what is stable for one credential session: the same
// principal in the same hour reuses its temporary key and creation date,
// as real sessions do.
func (c *call) session(salt string) (key string, created time.Time) {
	slot := c.g.sessionSlot()
	hour := c.g.rhythm(c.t).Unix() / slot
	h := mix(c.g.opts.Seed ^ c.a.id*0x9e3779b97f4a7c15 ^ uint64(hour)<<20 ^ strHash(salt))
	created = c.g.fromRhythm(time.Unix(hour*slot+int64(h%uint64(slot/2)), 0)).UTC()
	if created.After(c.t) {
		created = c.g.fromRhythm(time.Unix(hour*slot, 0)).UTC()
	}
	return hashIdent("ASIA", 16, h), created
}

func (c *call) sessionKey() string {
	k, _ := c.session(c.a.name)
	return k
}

func (c *call) attributes(created time.Time, mfa bool) {
	c.w.open("attributes")
	c.w.str("creationDate", created.Format(timeLayout))
	if mfa {
		c.w.str("mfaAuthenticated", "true")
	} else {
		c.w.str("mfaAuthenticated", "false")
	}
	c.w.close()
}

const timeLayout = "2006-01-02T15:04:05Z"

// identity writes userIdentity and sets callerARN, the user agent and the
// source IP.
//
// Every branch draws from c.r in a fixed order; the draws of one event
// follow each other, so reordering them changes the whole sample.
func (c *call) identity() {
	a := c.a
	login := c.api.name == "ConsoleLogin"
	c.ip = pick(c.r, orDefault(a.ips, []string{"198.51.100.7"}))
	if c.entryIdentity() {
		return
	}
	c.ua = c.g.userAgent(c, a.ua)
	switch a.kind {
	case akIAMUser:
		c.iamUser(a.user, a.user.key, false, time.Time{})
	case akIAMConsole:
		c.iamConsoleIdentity(login)
	case akRoot:
		c.rootIdentity(login)
	case akAssumed, akInstance, akLambda:
		c.sessionIdentity(login)
	case akService:
		c.serviceIdentity()
	case akServiceEvent:
		c.serviceEventIdentity()
	case akFederated:
		c.federatedIdentity()
	case akStranger:
		c.strangerIdentity()
	}
}

// entryIdentity writes the identity of a call that starts a session
// (AssumeRoleWithSAML, AssumeRoleWithWebIdentity, GetFederationToken): it is
// made by whoever precedes the session, not by the actor's session itself.
// It reports false for every other call.
func (c *call) entryIdentity() bool {
	w, a := c.w, c.a
	switch c.api.identity {
	case idSAML:
		q := c.g.samlQualifier(c.wd)
		w.open("userIdentity")
		w.str("type", "SAMLUser")
		w.str("principalId", q+":"+a.samlSub)
		w.str("userName", a.samlSub)
		w.str("identityProvider", q)
		w.close()
		c.ua = a.browser
	case idWeb:
		w.open("userIdentity")
		w.str("type", "WebIdentityUser")
		w.str("principalId", a.provider+":sts.amazonaws.com:"+a.samlSub)
		w.str("userName", a.samlSub)
		w.str("identityProvider", a.provider)
		w.close()
		c.ua = c.g.userAgent(c, a.ua)
	case idFedIssuer:
		c.iamUser(a.user, a.user.key, false, time.Time{})
		c.ua = c.g.userAgent(c, a.ua)
	default:
		return false
	}
	return true
}

// iamConsoleIdentity writes an IAM user in the console: the sign-in itself
// carries no key, later calls a console session's temporary key.
func (c *call) iamConsoleIdentity(login bool) {
	a := c.a
	if login {
		c.iamUser(a.user, "", false, time.Time{})
		c.ua = a.browser
		return
	}
	key, created := c.session(a.name)
	c.iamUser(a.user, key, true, created)
	c.console = true
}

// rootIdentity writes the root user; its sign-in has an empty accessKeyId
// (as CloudTrail records it), its console calls a session with MFA.
func (c *call) rootIdentity(login bool) {
	w, acct := c.w, c.acct()
	w.open("userIdentity")
	w.str("type", "Root")
	w.str("principalId", acct)
	c.callerARN = "arn:aws:iam::" + acct + ":root"
	w.str("arn", c.callerARN)
	w.str("accountId", acct)
	if login {
		w.str("accessKeyId", "")
		w.close()
		c.ua = c.a.browser
		return
	}
	key, created := c.session("root")
	w.str("accessKeyId", key)
	w.open("sessionContext")
	c.attributes(created, true)
	w.close()
	w.close()
	c.console = true
}

// sessionIdentity writes a role session; instance and Lambda roles name
// their session after the instance or function, as EC2 and Lambda do.
func (c *call) sessionIdentity(login bool) {
	a := c.a
	ro, session := a.role, a.name
	switch a.kind {
	case akInstance:
		session = pick(c.r, c.rr().instances)
	case akLambda:
		f := pick(c.r, c.rr().functions)
		ro, session = f.role, f.name
	}
	c.assumedRole(ro, session, login)
	if login {
		c.ua = a.browser
	}
}

// serviceIdentity writes an AWS service acting for the account; the
// service is also the source IP and the user agent, as CloudTrail records.
func (c *call) serviceIdentity() {
	w := c.w
	c.invokedBy = pick(c.r, []string{"lambda.amazonaws.com", "lambda.amazonaws.com", "ec2.amazonaws.com", "config.amazonaws.com", "ssm.amazonaws.com"})
	w.open("userIdentity")
	w.str("type", "AWSService")
	w.str("invokedBy", c.invokedBy)
	w.close()
	c.ip, c.ua = c.invokedBy, c.invokedBy
}

// serviceEventIdentity writes the identity of a service event, which has no
// type: only the account and the service.
func (c *call) serviceEventIdentity() {
	w, a := c.w, c.a
	c.invokedBy = a.name
	w.open("userIdentity")
	w.str("accountId", c.acct())
	w.str("invokedBy", a.name)
	w.close()
	c.ip, c.ua = a.name, a.name
}

// federatedIdentity writes a GetFederationToken session, issued by the IAM
// user that called it.
func (c *call) federatedIdentity() {
	w, a, acct := c.w, c.a, c.acct()
	key, created := c.session(a.name)
	w.open("userIdentity")
	w.str("type", "FederatedUser")
	w.str("principalId", acct+":"+a.name)
	c.callerARN = "arn:aws:sts::" + acct + ":federated-user/" + a.name
	w.str("arn", c.callerARN)
	w.str("accountId", acct)
	w.str("accessKeyId", key)
	w.open("sessionContext")
	w.open("sessionIssuer")
	w.str("type", "IAMUser")
	w.str("principalId", a.user.id)
	w.str("arn", c.wd.userARN(a.user.name))
	w.str("accountId", acct)
	w.str("userName", a.user.name)
	w.close()
	w.open("webIdFederationData")
	w.close()
	c.attributes(created, false)
	w.close()
	w.close()
}

// strangerIdentity writes a failed sign-in under a user name that does not
// exist, which CloudTrail records as HIDDEN_DUE_TO_SECURITY_REASONS (spec
// 10.2): a mistyped name can be a password typed in the wrong field.
func (c *call) strangerIdentity() {
	w := c.w
	w.open("userIdentity")
	w.str("type", "IAMUser")
	w.str("accountId", c.acct())
	w.str("accessKeyId", "")
	w.str("userName", "HIDDEN_DUE_TO_SECURITY_REASONS")
	w.close()
	c.ua = pick(c.r, browsers)
	c.ip = c.r.ipv4("45.155.")
}

func orDefault(xs, def []string) []string {
	if len(xs) == 0 {
		return def
	}
	return xs
}

// iamUser writes an IAM user identity; key "" omits accessKeyId (console
// sign-in), console adds the console session context.
func (c *call) iamUser(u *iamUser, key string, console bool, created time.Time) {
	w := c.w
	w.open("userIdentity")
	w.str("type", "IAMUser")
	w.str("principalId", u.id)
	c.callerARN = c.wd.userARN(u.name)
	w.str("arn", c.callerARN)
	w.str("accountId", c.acct())
	if key != "" {
		w.str("accessKeyId", key)
	}
	w.str("userName", u.name)
	if console {
		w.open("sessionContext")
		w.open("sessionIssuer")
		w.close()
		w.open("webIdFederationData")
		w.close()
		c.attributes(created, c.a.mfa)
		w.close()
	}
	w.close()
}

func (c *call) assumedRole(ro *role, session string, login bool) {
	w, a, acct := c.w, c.a, c.acct()
	key, created := c.session(session)
	if a.sessionKey != "" {
		key, created = a.sessionKey, a.sessionStart
	}
	w.open("userIdentity")
	w.str("type", "AssumedRole")
	w.str("principalId", ro.id+":"+session)
	c.callerARN = "arn:aws:sts::" + acct + ":assumed-role/" + ro.name + "/" + session
	w.str("arn", c.callerARN)
	w.str("accountId", acct)
	if !login {
		w.str("accessKeyId", key)
	}
	w.open("sessionContext")
	w.open("sessionIssuer")
	w.str("type", "Role")
	w.str("principalId", ro.id)
	w.str("arn", ro.arn(acct))
	w.str("accountId", acct)
	w.str("userName", ro.name)
	w.close()
	w.open("webIdFederationData")
	if a.entry != nil && a.entry.identity == idWeb {
		w.str("federatedProvider", a.provider)
		w.open("attributes")
		w.close()
	}
	w.close()
	c.attributes(created, false)
	if a.kind == akInstance {
		w.str("ec2RoleDelivery", "2.0")
	}
	w.close()
	w.close()
	c.console = a.console && !login
}
