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
	hour := c.g.rhythm(c.t).Unix() / 3600
	h := mix(c.g.opts.Seed ^ c.a.id*0x9e3779b97f4a7c15 ^ uint64(hour)<<20 ^ strHash(salt))
	created = c.g.fromRhythm(time.Unix(hour*3600+int64(h%1800), 0)).UTC()
	if created.After(c.t) {
		created = c.g.fromRhythm(time.Unix(hour*3600, 0)).UTC()
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
func (c *call) identity() {
	w, a, acct := c.w, c.a, c.acct()
	login := c.api.name == "ConsoleLogin"
	c.ip = pick(c.r, orDefault(a.ips, []string{"198.51.100.7"}))
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
		return
	case idWeb:
		w.open("userIdentity")
		w.str("type", "WebIdentityUser")
		w.str("principalId", a.provider+":sts.amazonaws.com:"+a.samlSub)
		w.str("userName", a.samlSub)
		w.str("identityProvider", a.provider)
		w.close()
		c.ua = c.g.userAgent(c, a.ua)
		return
	case idFedIssuer:
		c.iamUser(a.user, a.user.key, false, time.Time{})
		c.ua = c.g.userAgent(c, a.ua)
		return
	}
	c.ua = c.g.userAgent(c, a.ua)
	switch a.kind {
	case akIAMUser:
		c.iamUser(a.user, a.user.key, false, time.Time{})
	case akIAMConsole:
		if login {
			c.iamUser(a.user, "", false, time.Time{})
			c.ua = a.browser
			return
		}
		key, created := c.session(a.name)
		c.iamUser(a.user, key, true, created)
		c.console = true
	case akRoot:
		w.open("userIdentity")
		w.str("type", "Root")
		w.str("principalId", acct)
		c.callerARN = "arn:aws:iam::" + acct + ":root"
		w.str("arn", c.callerARN)
		w.str("accountId", acct)
		if login {
			w.str("accessKeyId", "")
			w.close()
			c.ua = a.browser
			return
		}
		key, created := c.session("root")
		w.str("accessKeyId", key)
		w.open("sessionContext")
		c.attributes(created, true)
		w.close()
		w.close()
		c.console = true
	case akAssumed, akInstance, akLambda:
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
	case akService:
		c.invokedBy = pick(c.r, []string{"lambda.amazonaws.com", "lambda.amazonaws.com", "ec2.amazonaws.com", "config.amazonaws.com", "ssm.amazonaws.com"})
		w.open("userIdentity")
		w.str("type", "AWSService")
		w.str("invokedBy", c.invokedBy)
		w.close()
		c.ip, c.ua = c.invokedBy, c.invokedBy
	case akServiceEvent:
		c.invokedBy = a.name
		w.open("userIdentity")
		w.str("accountId", acct)
		w.str("invokedBy", a.name)
		w.close()
		c.ip, c.ua = a.name, a.name
	case akFederated:
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
	case akStranger:
		w.open("userIdentity")
		w.str("type", "IAMUser")
		w.str("accountId", acct)
		w.str("accessKeyId", "")
		w.str("userName", "HIDDEN_DUE_TO_SECURITY_REASONS")
		w.close()
		c.ua = pick(c.r, browsers)
		c.ip = c.r.ipv4("45.155.")
	}
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
