package assets

import (
	"strconv"
	"strings"
	"time"
)

type actorKind uint8

const (
	akIAMUser      actorKind = iota // long-term AKIA key
	akIAMConsole                    // IAM user signed in to the console
	akRoot                          // root user, console
	akAssumed                       // role session: SSO, Terraform, CI, SAML, web identity
	akInstance                      // EC2 instance role; session name is the instance ID
	akLambda                        // Lambda execution role; session name is the function
	akService                       // userIdentity.type AWSService
	akServiceEvent                  // AwsServiceEvent without an identity type
	akFederated                     // GetFederationToken session
	akStranger                      // failed console sign-ins with an unknown user name
)

type uaKind uint8

const (
	uaCLI uaKind = iota
	uaConsole
	uaTerraform
	uaGo
	uaBoto
	uaJava
	uaService
	uaAttacker
)

// actor is a principal with habits: which calls it makes, from where, with
// which client, and how often it is refused.
type actor struct {
	id      uint64
	kind    actorKind
	name    string // user, session, federated user or service principal
	user    *iamUser
	role    *role
	mfa     bool
	console bool // calls carry sessionCredentialFromConsole
	ua      uaKind
	uaOS    string
	browser string
	ips     []string
	apis    []*api
	apiW    []int
	// denyRate is the chance of AccessDenied on any call, denyWrites on
	// calls that change something (a read-only role trying to write).
	denyRate, denyWrites float64
	// entry is the call that starts this actor's sessions (AssumeRoleWithSAML,
	// AssumeRoleWithWebIdentity, GetFederationToken), made now and then
	// under the identity that precedes the session.
	entry     *api
	entryRate float64
	samlSub   string
	provider  string
	// sessionKey, when set, is the role session's temporary key and
	// sessionStart its creation, fixed by the AssumeRole that issued it
	// (chained sessions) instead of derived from the hour.
	sessionKey   string
	sessionStart time.Time
}

// uses parses "EventName:weight ..." into the actor's call mix.
func (a *actor) uses(spec string) *actor {
	for _, f := range strings.Fields(spec) {
		name, w, ok := strings.Cut(f, ":")
		n := 1
		if ok {
			n, _ = strconv.Atoi(w)
		}
		ap := apiByName[name]
		if ap == nil || n <= 0 {
			panic("assets: bad call mix entry " + f) // table bug, caught by every test
		}
		a.apis = append(a.apis, ap)
		a.apiW = append(a.apiW, n)
	}
	return a
}

var browsers = []string{
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
	"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15",
	"Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
	"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.67",
}

var cliOS = []string{
	"os/linux#6.5.0-1016-aws md/arch#x86_64",
	"os/macos#23.4.0 md/arch#arm64",
	"os/linux#6.8.0-31-generic md/arch#x86_64",
	"os/windows#10 md/arch#amd64",
}

func ipsIn(r rng, prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = r.ipv4(prefix)
	}
	return out
}

var ssoPeople = []string{"maria.garcia", "jamal.wright", "priya.patel", "li.wei", "tomas.novak"}

// addActors fills the account with its principals and their habits.
// Weights are relative shares of the account's events.
//
// The groups below are added in a fixed order and each draws from r as it
// goes: the sample is the same only as long as that order is, so a new
// principal goes at the end, never between two groups.
func (w *world) addActors(r rng) {
	office := ipsIn(r, "198.51.100.", 6)
	ci := ipsIn(r, "203.0.113.", 4)
	home := ipsIn(r, "192.0.2.", 3)

	w.addIAMUsers(r, office, ci, home)
	w.addSSOSessions(r)
	w.addWorkloads(r)
	w.addRoot(r, home[:1])
	w.addDeployRoles(r, ci)
	w.addFederatedPeople(r, home)
	w.addOutsiders(r)
}

// addIAMUsers adds the users with long-term credentials: the CI user whose
// key the incident leaks (in the first account only, so that there is one
// leak to find), an admin in the console and a developer who is refused when
// he tries to write.
func (w *world) addIAMUsers(r rng, office, ci, home []string) {
	ciUser := w.user(r, "ci-deploy")
	if w.idx == 0 {
		ciUser.key = IncidentAccessKey
	}
	w.add(14, (&actor{kind: akIAMUser, name: ciUser.name, user: ciUser, ua: uaTerraform, ips: ci, denyRate: 0.01}).uses(
		"GetCallerIdentity:10 DescribeInstances:8 RunInstances:1 TerminateInstances:1 CreateTags:3 DescribeSecurityGroups:4 "+
			"UpdateFunctionCode20150331v2:4 GetFunction20150331v2:5 UpdateFunctionConfiguration20150331v2:1 GetBucketLocation:3 "+
			"PutBucketTagging:1 GetBucketPolicy:2 DescribeKey:2 GetRole:3 ListAttachedRolePolicies:2 DescribeVpcs:2 DescribeSubnets:2"))

	admin := w.user(r, "alice.admin")
	w.add(6, (&actor{kind: akIAMConsole, name: admin.name, user: admin, mfa: true, console: true, ua: uaConsole,
		browser: pick(r, browsers), ips: office, denyRate: 0.003}).uses(
		"ConsoleLogin:3 ListUsers:4 GetUser:3 ListRoles:3 GetRole:2 CreateRole:1 AttachRolePolicy:1 ListBuckets:4 GetBucketAcl:3 "+
			"GetBucketPolicy:2 PutBucketPolicy:1 CreateBucket:1 DescribeTrails:2 GetTrailStatus:2 LookupEvents:4 DescribeInstances:5 "+
			"StopInstances:1 StartInstances:1 CreateSecurityGroup:1 AuthorizeSecurityGroupIngress:1 ListFunctions20150331:2 "+
			"ListKeys:1 ListAliases:2 CreateAccessKey:1 ListAccessKeys:2 UpdateAccessKey:1 GetAccountPasswordPolicy:1"))

	dev := w.user(r, "bob.dev")
	w.add(5, (&actor{kind: akIAMUser, name: dev.name, user: dev, ua: uaCLI, uaOS: pick(r, cliOS), ips: append(office[:2:2], home...),
		denyRate: 0.01, denyWrites: 0.35}).uses(
		"DescribeInstances:8 ListBuckets:4 GetCallerIdentity:5 ListFunctions20150331:3 GetFunction20150331v2:3 CreateUser:1 "+
			"AttachRolePolicy:1 PutBucketPolicy:1 RunInstances:1 GetBucketAcl:2 ListUsers:2 Decrypt:2 DescribeVolumes:2 "+
			"GetUser:1 DeleteUser:1 DescribeKey:1"))
}

// addSSOSessions adds IAM Identity Center people; the second is read-only,
// so that refused writes under an AWSReservedSSO role appear, and the
// accounts differ by one person so that they do not look copied.
func (w *world) addSSOSessions(r rng) {
	for i, p := range ssoPeople[:3+w.idx%2] {
		admin := i != 1
		perm := "AWSReservedSSO_ReadOnlyAccess_" + r.hex(16)
		if admin {
			perm = "AWSReservedSSO_AdministratorAccess_" + r.hex(16)
		}
		ro := w.role(r, perm, "/aws-reserved/sso.amazonaws.com/")
		a := &actor{kind: akAssumed, name: p + "@example.com", role: ro, ips: ipsIn(r, "198.51.100.", 2), denyRate: 0.005, browser: pick(r, browsers)}
		if i%2 == 0 {
			a.console, a.ua = true, uaConsole
		} else {
			a.ua, a.uaOS = uaCLI, pick(r, cliOS)
		}
		if !admin {
			a.denyWrites = 0.9
		}
		w.add(5, a.uses(
			"ConsoleLogin:2 DescribeInstances:6 DescribeSecurityGroups:3 ListBuckets:3 GetBucketAcl:2 GetBucketVersioning:2 ListRoles:2 "+
				"GetRole:2 ListFunctions20150331:2 GetFunction20150331v2:2 LookupEvents:3 DescribeTrails:1 ListKeys:1 DescribeKey:1 "+
				"PutBucketPublicAccessBlock:1 ModifyInstanceAttribute:1 StopInstances:1 RebootInstances:1 CreateSnapshot:1 "+
				"UpdateFunctionConfiguration20150331v2:1 GetSessionToken:1"))
	}
}

// addWorkloads adds the machine principals that make most of the background
// noise: instance and Lambda roles, and AWS services acting on their own.
func (w *world) addWorkloads(r rng) {
	inst := w.role(r, w.env+"-app-instance-role", "/")
	w.add(18, (&actor{kind: akInstance, role: inst, ua: uaGo, ips: ipsIn(r, "54.239.", 6), denyRate: 0.004}).uses(
		"DescribeInstances:6 DescribeTags:4 GetCallerIdentity:2 Decrypt:8 GenerateDataKey:6 GetBucketLocation:2 DescribeVolumes:3 "+
			"CreateSnapshot:1 DescribeSnapshots:2 CreateTags:1"))

	w.add(14, (&actor{kind: akLambda, ua: uaBoto, ips: ipsIn(r, "3.80.", 8), denyRate: 0.006}).uses(
		"Decrypt:8 GenerateDataKey:4 DescribeInstances:2 DescribeSnapshots:2 DeleteSnapshot:1 CreateSnapshot:1 GetCallerIdentity:1 "+
			"GetFunctionConfiguration20150331v2:2"))

	w.add(16, (&actor{kind: akService, ua: uaService}).uses("AssumeRole:1"))
	w.add(1, (&actor{kind: akServiceEvent, name: "kms.amazonaws.com", ua: uaService}).uses("RotateKey:1"))
}

// addRoot adds the root user, rare and from a home address, as a real
// account should see it.
func (w *world) addRoot(r rng, ips []string) {
	w.add(1, (&actor{kind: akRoot, name: "root", mfa: true, console: true, ua: uaConsole, browser: pick(r, browsers), ips: ips}).uses(
		"ConsoleLogin:4 GetAccountSummary:2 ListUsers:1 DescribeTrails:1 ListBuckets:1 GetAccountPasswordPolicy:1 ListAccessKeys:1"))
}

// addDeployRoles adds the roles that change infrastructure: Terraform from
// the CI addresses, and GitHub Actions entering through OIDC
// (AssumeRoleWithWebIdentity).
func (w *world) addDeployRoles(r rng, ci []string) {
	tf := w.role(r, "TerraformExecution", "/")
	w.add(6, (&actor{kind: akAssumed, name: "terraform-" + w.env, role: tf, ua: uaTerraform, ips: ci, denyRate: 0.01}).uses(
		"CreateRole:1 PutRolePolicy:1 AttachRolePolicy:1 GetRole:4 ListRolePolicies:3 CreateBucket:1 PutBucketEncryption:1 "+
			"PutBucketPublicAccessBlock:1 PutBucketTagging:2 GetBucketAcl:2 GetBucketVersioning:2 GetBucketPolicy:2 CreateFunction20150331:1 "+
			"AddPermission20150331v2:1 GetFunction20150331v2:3 CreateKey:1 DescribeKey:3 GetKeyRotationStatus:2 EnableKeyRotation:1 "+
			"CreateSecurityGroup:1 AuthorizeSecurityGroupIngress:1 DescribeSecurityGroups:3 RunInstances:1 CreateTags:2 DescribeVpcs:2 "+
			"DescribeSubnets:2 DeleteSecurityGroup:1 ListPolicyVersions:1 CreatePolicyVersion:1"))

	gha := w.role(r, "gha-deploy", "/")
	w.add(5, (&actor{kind: akAssumed, name: "GitHubActions", role: gha, ua: uaGo, ips: ipsIn(r, "140.82.", 6), denyRate: 0.02,
		entry: apiByName["AssumeRoleWithWebIdentity"], entryRate: 0.12,
		provider: "arn:aws:iam::" + w.account + ":oidc-provider/token.actions.githubusercontent.com",
		samlSub:  "repo:acme/" + pick(r, appNames) + ":ref:refs/heads/main"}).uses(
		"UpdateFunctionCode20150331v2:4 GetFunction20150331v2:4 PublishVersion20150331:2 GetBucketLocation:2 GetCallerIdentity:2 "+
			"DescribeInstances:1"))
}

// addFederatedPeople adds people who sign in through an outside identity
// provider: Okta over SAML, and a partner's users under GetFederationToken.
func (w *world) addFederatedPeople(r rng, home []string) {
	okta := w.role(r, "okta-engineering", "/")
	for _, p := range ssoPeople[3:] {
		w.add(2, (&actor{kind: akAssumed, name: p + "@acme.example", role: okta, console: true, ua: uaConsole, browser: pick(r, browsers),
			ips: home, denyRate: 0.01, entry: apiByName["AssumeRoleWithSAML"], entryRate: 0.1,
			provider: "arn:aws:iam::" + w.account + ":saml-provider/Okta", samlSub: p + "@acme.example"}).uses(
			"DescribeInstances:4 ListBuckets:2 GetBucketAcl:1 LookupEvents:2 ListFunctions20150331:2 ListAliases:1 DescribeVolumes:1 "+
				"GetTrailStatus:1"))
	}

	partner := w.user(r, "partner-portal")
	w.add(2, (&actor{kind: akFederated, name: "partner-" + pick(r, []string{"jdoe", "asmith", "kmuller"}), user: partner, ua: uaBoto,
		ips: ipsIn(r, "198.18.", 3), denyRate: 0.05, entry: apiByName["GetFederationToken"], entryRate: 0.15}).uses(
		"GetBucketLocation:3 ListBuckets:2 GetBucketAcl:1 GetCallerIdentity:1"))
}

// addOutsiders adds those who look at the account from outside: a security
// scanner reading configuration, and strangers failing to sign in.
func (w *world) addOutsiders(r rng) {
	audit := w.role(r, "SecurityAuditRole", "/")
	w.add(8, (&actor{kind: akAssumed, name: "security-scan", role: audit, ua: uaJava, ips: ipsIn(r, "35.180.", 2), denyRate: 0.02}).uses(
		"GetBucketAcl:4 GetBucketPolicy:4 GetBucketVersioning:3 GetBucketEncryption:3 GetBucketPublicAccessBlock:3 ListUsers:2 ListRoles:2 "+
			"GetAccountPasswordPolicy:1 DescribeTrails:2 GetTrailStatus:2 GetEventSelectors:2 ListKeys:2 GetKeyRotationStatus:2 "+
			"ListFunctions20150331:2 DescribeSecurityGroups:3 ListAccessKeys:2 GetAccountSummary:1 DescribeRegions:1"))

	w.add(1, (&actor{kind: akStranger, ips: ipsIn(r, "45.155.", 8)}).uses("ConsoleLogin:1"))
}
