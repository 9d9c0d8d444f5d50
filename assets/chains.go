package assets

import "time"

// The role-chaining sessions of the sample (Options.Chains), so that a
// credential chain is worth walking: the developer bob.dev, with his
// long-term key, assumes ChainRoleA in the first account; that session's
// temporary key assumes ChainRoleB in the second account through the
// regional STS endpoint of another Region, and the second session works
// there. Walking IssuedBy from a session's second key climbs two links to
// bob.dev's AKIA key.
const (
	ChainUser    = "bob.dev"
	ChainRoleA   = "DeployOperator"  // in Accounts[0]
	ChainRoleB   = "AuditReadOnly"   // in Accounts[1]
	chainSession = "bob.dev-chained" // role session name of both hops
)

// ChainKeys are the temporary keys of the chained sessions, oldest first:
// [i][0] issued to ChainRoleA's session by bob.dev's key, [i][1] issued to
// ChainRoleB's session by [i][0]. Fixed, not drawn, so that README.md can
// name them.
var ChainKeys = [...][2]string{
	{"ASIAQ3EGRBQ5D7PLM2XK", "ASIAW6NTZ4HE5RJQ3VBY"},
	{"ASIAQ3EGRBQ5F2KTN6WA", "ASIAW6NTZ4HE7MXC2QLD"},
	{"ASIAQ3EGRBQ5J4VRH7YE", "ASIAW6NTZ4HEK3PZ5TNS"},
}

// chainAges is how long before Options.End each chained session starts
// (about: at chainHour of that day in the rhythm's frame), far enough from
// End that the first screen of the sample is not about them.
var chainAges = [len(ChainKeys)]time.Duration{26 * 24 * time.Hour, 12 * 24 * time.Hour, 5 * 24 * time.Hour}

const chainHour = 10

// chainStepsPerSession is how many records chainSteps writes per chained
// session.
const chainStepsPerSession = 6

// chainSteps lays out the chained sessions; nil when the options cannot
// hold them (one account, too few events).
func (g *gen) chainSteps() []special {
	o := g.opts
	if !o.Chains || o.Events < 200 || len(o.Accounts) < 2 {
		return nil
	}
	home, away := g.worlds[0], g.worlds[1]
	bob := home.users[ChainUser]
	// Chain roles are built here rather than in the worlds, so that adding
	// them draws nothing from the worlds' random stream (which would change
	// every other event of the sample).
	roleA := &role{name: ChainRoleA, id: hashIdent("AROA", 17, mix(o.Seed^0xc4a1_0001)), path: "/"}
	roleB := &role{name: ChainRoleB, id: hashIdent("AROA", 17, mix(o.Seed^0xc4a1_0002)), path: "/"}
	otherRegion := o.Regions[len(o.Regions)-1]
	ips := []string{"198.51.100.23"}
	start := o.End.Add(-o.Span)
	var out []special
	for i, keys := range ChainKeys {
		day := g.rhythm(o.End.Add(-chainAges[i])).UTC()
		t := g.fromRhythm(time.Date(day.Year(), day.Month(), day.Day(), chainHour, 4+7*i, 17, 0, time.UTC))
		if !t.After(start) || !t.Before(o.End) {
			continue
		}
		id := uint64(1)<<41 | uint64(i)<<2
		user := &actor{id: id, kind: akIAMUser, name: bob.name, user: bob, ua: uaCLI, uaOS: cliOS[0], ips: ips}
		sessA := &actor{id: id | 1, kind: akAssumed, name: chainSession, role: roleA, ua: uaCLI, uaOS: cliOS[0], ips: ips,
			sessionKey: keys[0], sessionStart: t}
		hopAt := t.Add(63 * time.Second)
		sessB := &actor{id: id | 2, kind: akAssumed, name: chainSession, role: roleB, ua: uaCLI, uaOS: cliOS[0], ips: ips,
			sessionKey: keys[1], sessionStart: hopAt}
		step := func(at time.Time, wd *world, a *actor, ap *api, region string) {
			out = append(out, special{t: at, write: writeStep, world: wd, a: a, ap: ap, region: region, f: &failure{}})
		}
		step(t, home, user, incidentAPI("AssumeRole", chainAssumeRole(roleA, home.account, keys[0])), g.globalRegion)
		step(t.Add(38*time.Second), home, sessA, apiByName["GetCallerIdentity"], g.globalRegion)
		step(hopAt, home, sessA, incidentAPI("AssumeRole", chainAssumeRole(roleB, away.account, keys[1])), otherRegion)
		step(hopAt.Add(21*time.Second), away, sessB, apiByName["DescribeInstances"], otherRegion)
		step(hopAt.Add(49*time.Second), away, sessB, apiByName["ListBuckets"], "")
		step(hopAt.Add(75*time.Second), away, sessB, apiByName["GetBucketAcl"], "")
	}
	return out
}

// chainAssumeRole writes a person's AssumeRole of role in acct, issuing
// key; the request and answer are those of the AWS CLI's
// `aws sts assume-role`.
func chainAssumeRole(ro *role, acct, key string) func(c *call) {
	return func(c *call) {
		roleARN := ro.arn(acct)
		c.reqOpen()
		c.w.str("roleArn", roleARN)
		c.w.str("roleSessionName", chainSession)
		c.reqClose()
		c.respOpen()
		c.credentials(key, 1)
		c.w.open("assumedRoleUser")
		c.w.str("assumedRoleId", ro.id+":"+chainSession)
		c.w.str("arn", "arn:aws:sts::"+acct+":assumed-role/"+ro.name+"/"+chainSession)
		c.w.close()
		c.w.close()
		c.addRes("AWS::IAM::Role", roleARN)
	}
}
