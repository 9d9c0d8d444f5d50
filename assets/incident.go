package assets

import (
	"slices"
	"time"
)

// The incident hidden in the sample (README.md tells a new user how to find
// it): the long-term key of the CI user ci-deploy leaks and is used from a
// Tor exit address with an unusual client. The intruder looks around, is
// refused some calls, creates a user with administrator rights and a key
// for it, then stops, redirects and deletes the account's trail, and tries
// the new key.
const (
	IncidentAccessKey   = "AKIAQ3EGRBQ5LKXW7N4P" // ci-deploy's leaked key
	IncidentNewKey      = "AKIAQ3EGRBQ5HT2ZMV6C" // svc-backup's key, created by the intruder
	IncidentUser        = "ci-deploy"
	IncidentCreatedUser = "svc-backup"
	IncidentIP          = "185.220.101.47"
	IncidentNetwork     = "185.220.101.0/24"
	IncidentUserAgent   = "aws-cli/1.18.69 Python/3.9.2 Linux/6.1.0-kali9-amd64 botocore/1.17.55"
	// IncidentAge is how long before Options.End the incident starts
	// (about; it is placed at 02:13:07 UTC of that day, in the frame of
	// Options.Anchor when set).
	IncidentAge = 3 * 24 * time.Hour
)

const adminPolicy = "arn:aws:iam::aws:policy/AdministratorAccess"

// special is a record placed at a fixed time (the incident's steps,
// Insights), merged into the stream of ordinary events.
type special struct {
	t     time.Time
	seq   int // position among the specials: picks its random stream
	write func(g *gen, s *special) *Record
	// incident or chained-session step
	world  *world // nil: the first account
	a      *actor
	ap     *api
	region string
	f      *failure
	// Insights record
	ins *insightSpec
}

type incident struct {
	steps []special
}

// incidentEvents counts the management events placed at fixed times (the
// incident's and the chained sessions'), which Options.Events includes.
func (g *gen) incidentEvents() int {
	n := g.chainEvents
	if g.incident != nil {
		n += len(g.incident.steps)
	}
	return n
}

func incidentAPI(name string, gen func(c *call)) *api {
	base := *apiByName[name]
	base.gen = gen
	base.prep = nil
	base.notFound = nil
	return &base
}

// buildIncident lays out the intrusion's steps in the first account.
func (g *gen) buildIncident() {
	o := g.opts
	if !o.Incident || o.Events < 200 {
		return
	}
	wd := g.worlds[0]
	start := o.End.Add(-o.Span)
	day := g.rhythm(o.End.Add(-IncidentAge)).UTC()
	t0 := g.fromRhythm(time.Date(day.Year(), day.Month(), day.Day(), 2, 13, 7, 0, time.UTC))
	if !t0.After(start) || !t0.Before(o.End) {
		t0 = g.truncate(start.Add(o.Span/2), time.Second)
	}
	leaked := &actor{id: 1<<40 | 1, kind: akIAMUser, name: IncidentUser, user: wd.users[IncidentUser], ua: uaAttacker, ips: []string{IncidentIP}}
	created := &iamUser{name: IncidentCreatedUser, id: g.r.ident("AIDA", 17), key: IncidentNewKey}
	backup := &actor{id: 1<<40 | 2, kind: akIAMUser, name: created.name, user: created, ua: uaAttacker, ips: []string{IncidentIP}}
	trailRegion := wd.trail.region

	inc := &incident{}
	t := t0
	step := func(gap time.Duration, a *actor, ap *api, region string, f *failure) {
		t = t.Add(gap)
		if f == nil {
			f = &failure{} // the story decides: this step succeeds
		}
		inc.steps = append(inc.steps, special{t: t, write: writeStep, a: a, ap: ap, region: region, f: f})
	}
	denied := &failure{denied: true}
	step(0, leaked, apiByName["GetCallerIdentity"], g.globalRegion, nil)
	step(41*time.Second, leaked, apiByName["ListBuckets"], "", nil)
	step(22*time.Second, leaked, apiByName["ListUsers"], "", nil)
	step(9*time.Second, leaked, apiByName["ListRoles"], "", denied)
	for i, r := range o.Regions {
		step(time.Duration(6+i*3)*time.Second, leaked, apiByName["DescribeInstances"], r, nil)
	}
	step(14*time.Second, leaked, apiByName["ListFunctions20150331"], o.Regions[0], denied)
	step(5*time.Second, leaked, apiByName["ListKeys"], o.Regions[0], denied)
	step(3*time.Minute+12*time.Second, leaked, incidentAPI("CreateUser", func(c *call) {
		c.reqOpen()
		c.w.str("userName", IncidentCreatedUser)
		c.reqClose()
		writeNewUser(c, IncidentCreatedUser)
	}), "", nil)
	step(17*time.Second, leaked, incidentAPI("AttachUserPolicy", attachUserPolicy(IncidentCreatedUser, adminPolicy)), "", nil)
	step(11*time.Second, leaked, incidentAPI("CreateAccessKey", createAccessKeyFor(
		func(*call) string { return IncidentCreatedUser }, func(*call) string { return IncidentNewKey })), "", nil)
	step(48*time.Second, leaked, apiByName["DescribeTrails"], trailRegion, nil)
	step(20*time.Second, leaked, apiByName["StopLogging"], trailRegion, nil)
	step(35*time.Second, leaked, apiByName["UpdateTrail"], trailRegion, nil)
	step(52*time.Second, leaked, apiByName["DeleteTrail"], trailRegion, nil)
	step(2*time.Minute, backup, apiByName["GetCallerIdentity"], g.globalRegion, nil)
	step(8*time.Second, backup, apiByName["ListBuckets"], "", nil)
	step(13*time.Second, backup, apiByName["GetBucketAcl"], "", nil)
	step(4*time.Second, backup, apiByName["GetBucketPolicy"], "", &failure{code: "NoSuchBucketPolicy", msg: "The bucket policy does not exist"})
	step(6*time.Second, backup, apiByName["PutBucketPolicy"], "", nil)
	g.incident = inc
}

func writeStep(g *gen, s *special) *Record {
	wd := s.world
	if wd == nil {
		wd = g.worlds[0]
	}
	return g.write(wd, s.a, s.ap, s.t, s.region, s.f)
}

// specials returns the incident's steps, the Insights records and the
// chained sessions' steps, by time.
func (g *gen) specials() []special {
	g.buildIncident()
	var out []special
	if g.incident != nil {
		out = append(out, g.incident.steps...)
	}
	out = append(out, g.insights()...)
	slices.SortStableFunc(out, func(a, b special) int { return a.t.Compare(b.t) })
	for i := range out {
		out[i].seq = i
	}
	// The chained sessions' random streams come after the others, so that
	// adding them leaves the incident's and the Insights records' bytes as
	// they were.
	chains := g.chainSteps()
	g.chainEvents = len(chains)
	for i := range chains {
		chains[i].seq = len(out) + i
	}
	out = append(out, chains...)
	slices.SortStableFunc(out, func(a, b special) int { return a.t.Compare(b.t) })
	return out
}
