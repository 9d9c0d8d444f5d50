package assets

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"
)

// gen holds one generation's state. Everything random is drawn from r in
// a fixed order, so the output depends on the options only.
type gen struct {
	opts         Options
	r            rng
	worlds       []*world
	acctW        []int
	regionW      []int
	globalRegion string
	w            jw
	c            call
	incident     *incident
	chainEvents  int // Options.Chains' records, counted in Options.Events
	rec          Record
	offs         []int64
	shift        time.Duration // End - Anchor (Options.Anchor)
}

// rhythm is t as the history's rhythm sees it: where t falls in the
// history ending at Options.Anchor. Every choice that depends on the time
// of day, the weekday or the calendar is made on rhythm(t), and every
// rounding of a time too, so that a history shifted by any amount holds
// the same events.
func (g *gen) rhythm(t time.Time) time.Time { return t.Add(-g.shift) }

// fromRhythm is the inverse of rhythm.
func (g *gen) fromRhythm(t time.Time) time.Time { return t.Add(g.shift) }

// truncate rounds t down to a multiple of d in the rhythm's frame.
func (g *gen) truncate(t time.Time, d time.Duration) time.Time {
	return g.fromRhythm(g.rhythm(t).Truncate(d))
}

func newGen(opts Options) (*gen, error) {
	if err := opts.validate(); err != nil {
		return nil, err
	}
	g := &gen{opts: opts, r: newRNG(opts.Seed, 0x7472_6169_6c76_6965)} // "trailvie"
	if !opts.Anchor.IsZero() {
		g.shift = opts.End.Sub(opts.Anchor)
	}
	g.globalRegion = opts.Regions[0]
	if slices.Contains(opts.Regions, "us-east-1") {
		g.globalRegion = "us-east-1"
	}
	for i, a := range opts.Accounts {
		g.worlds = append(g.worlds, newWorld(g.r, i, a, opts.Regions))
		g.acctW = append(g.acctW, g.share(i))
	}
	for i := range opts.Regions {
		g.regionW = append(g.regionW, g.share(i))
	}
	return g, nil
}

// share is the relative activity of the i-th Region or account: the first
// is the busiest, as in most organizations. The busy shape spreads evenly,
// so that every account and Region delivers a file every five minutes.
func (g *gen) share(i int) int {
	if g.opts.Busy {
		return 1
	}
	switch i {
	case 0:
		return 6
	case 1:
		return 3
	case 2:
		return 2
	}
	return 1
}

// Generate writes opts.Events management events (and opts.Insights Insights
// records) to emit, in non-decreasing eventTime order. Memory stays bounded
// whatever the count: each record is built in a reused buffer, which emit
// must copy if it keeps it.
func Generate(opts Options, emit func(*Record) error) error {
	return GenerateRange(context.Background(), opts, time.Time{}, time.Time{}, emit)
}

// GenerateRange writes, in time order, the records of the full generation
// whose eventTime is in [since, until); a zero bound is open. The records
// are exactly those Generate writes for that range, at the cost of
// generating only the hours it covers. ctx is checked every hour.
func GenerateRange(ctx context.Context, opts Options, since, until time.Time, emit func(*Record) error) error {
	g, err := newGen(opts)
	if err != nil {
		return err
	}
	specials := g.specials()
	tl := newTimeline(g.truncate(opts.End.UTC(), time.Second), opts.Span, opts.Events-g.incidentEvents(), g.rhythm)
	from, to := 0, tl.hours-1
	if !since.IsZero() {
		from = tl.hourOf(since)
	}
	if !until.IsZero() {
		to = tl.hourOf(until)
	}
	in := func(t time.Time) bool {
		return (since.IsZero() || !t.Before(since)) && (until.IsZero() || t.Before(until))
	}
	filtered := func(r *Record) error {
		if !in(r.Time) {
			return nil
		}
		return g.emit(r, emit)
	}
	next := 0
	for next < len(specials) && tl.hourOf(specials[next].t) < from {
		next++
	}
	for h := from; h <= to; h++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		hourEnd := next
		for hourEnd < len(specials) && tl.hourOf(specials[hourEnd].t) == h {
			hourEnd++
		}
		if err := g.hour(tl, h, specials[next:hourEnd], filtered); err != nil {
			return err
		}
		next = hourEnd
	}
	return nil
}

// hourStream and specialStream separate the random streams of hours and
// of fixed-time records from the one that builds the accounts.
const (
	hourStream    = 0x686f_7572 << 32
	specialStream = 0x7370_6563 << 32
)

// hour writes hour h's ordinary events and the specials that fall in it.
func (g *gen) hour(tl *timeline, h int, specials []special, emit func(*Record) error) error {
	g.r = newRNG(g.opts.Seed, hourStream|uint64(h))
	n := tl.first[h+1] - tl.first[h]
	length := tl.hourLen(h)
	offs := g.offs[:0]
	for range n {
		offs = append(offs, g.r.Int64N(max(length, 1)))
	}
	slices.Sort(offs)
	if h == tl.hours-1 && n > 0 {
		offs[n-1] = length // the newest event is at End
	}
	g.offs = offs
	base := tl.hourStart(h)
	s := 0
	for _, off := range offs {
		t := base.Add(time.Duration(off) * time.Second)
		for ; s < len(specials) && !specials[s].t.After(t); s++ {
			if err := g.emitSpecial(&specials[s], emit); err != nil {
				return err
			}
		}
		if err := emit(g.normal(t)); err != nil {
			return err
		}
		if g.opts.Busy {
			if err := g.maybeDataEvent(t, emit); err != nil {
				return err
			}
		}
	}
	for ; s < len(specials); s++ {
		if err := g.emitSpecial(&specials[s], emit); err != nil {
			return err
		}
	}
	return nil
}

func (g *gen) emit(rec *Record, emit func(*Record) error) error {
	if err := emit(rec); err != nil {
		return fmt.Errorf("assets: emit record: %w", err)
	}
	return nil
}

// emitSpecial writes a fixed-time record from its own random stream, so it
// is the same whichever range of hours is generated.
func (g *gen) emitSpecial(s *special, emit func(*Record) error) error {
	saved := g.r
	g.r = newRNG(g.opts.Seed, specialStream|uint64(s.seq))
	err := emit(s.write(g, s))
	g.r = saved
	return err
}

// normal writes one ordinary event at t.
func (g *gen) normal(t time.Time) *Record {
	wd := g.worlds[g.r.weighted(g.acctW)]
	a := wd.actors[g.r.weighted(wd.weights)]
	ap := a.apis[g.r.weighted(a.apiW)]
	if a.entry != nil && g.r.chance(a.entryRate) {
		ap = a.entry
	}
	return g.write(wd, a, ap, t, "", nil)
}

// failure forces an outcome on a call: denied, a given error, or (zero
// value) success.
type failure struct {
	denied    bool
	code, msg string
}

// write builds one management event record. region "" lets the call pick
// its Region; f, if set, forces its outcome.
//
// The fields are written in the order CloudTrail writes them, and the
// helpers below draw from g.r in that order too: moving a field moves every
// later random draw and changes the whole sample.
func (g *gen) write(wd *world, a *actor, ap *api, t time.Time, region string, f *failure) *Record {
	c := g.startCall(wd, a, ap, t, region)
	w := c.w
	w.reset()
	w.open("")
	w.str("eventVersion", orStr(ap.version, "1.10"))
	c.identity()
	w.key("eventTime")
	w.b = append(w.b, '"')
	w.b = t.AppendFormat(w.b, timeLayout)
	w.b = append(w.b, '"')
	w.str("eventSource", ap.svc+".amazonaws.com")
	w.str("eventName", ap.name)
	w.str("awsRegion", c.region)
	w.str("sourceIPAddress", c.ip)
	w.str("userAgent", c.ua)
	c.outcome(f)
	c.writeError()
	ap.gen(c)
	if !c.noRequestID {
		w.str("requestID", c.requestID())
	}
	w.key("eventID")
	w.b = append(w.b, '"')
	w.b = g.r.appendUUID(w.b)
	w.b = append(w.b, '"')
	w.bool("readOnly", ap.ro)
	c.writeResources()
	w.str("eventType", orStr(ap.evType, "AwsApiCall"))
	w.bool("managementEvent", true)
	w.str("recipientAccountId", wd.account)
	if c.shared {
		w.str("sharedEventID", g.r.uuid())
	}
	if c.serviceDetails != "" {
		w.raw("serviceEventDetails", []byte(c.serviceDetails))
	}
	w.str("eventCategory", "Management")
	c.writeTLS()
	if c.console {
		w.str("sessionCredentialFromConsole", "true")
	}
	w.close()
	c.res = c.res[:0]
	g.rec = Record{Time: t, Region: c.region, Account: wd.account, JSON: w.b}
	return &g.rec
}

// startCall resets the generator's reused call for one event and settles
// where it happens; the call and its resource slice are reused so that a
// long generation does not allocate per event.
func (g *gen) startCall(wd *world, a *actor, ap *api, t time.Time, region string) *call {
	c := &g.c
	res := c.res[:0]
	*c = call{g: g, r: g.r, w: &g.w, wd: wd, a: a, api: ap, t: t, res: res, region: region}
	c.region = g.callRegion(a, ap, region)
	if ap.prep != nil {
		ap.prep(c) // S3 bucket calls are recorded in the bucket's Region
	}
	switch {
	case g.opts.Padded:
		c.padTarget = 1200 + g.r.IntN(800)
	case g.opts.Busy:
		c.padTarget = busyPadMin + g.r.IntN(busyPadSpread)
	}
	return c
}

// callRegion is the Region a call is recorded in: the one asked for, the
// global Region for global services, often the global Region for STS from
// long-term credentials (the CLI's global STS endpoint), else a Region
// drawn by the options' weights.
func (g *gen) callRegion(a *actor, ap *api, region string) string {
	switch {
	case region != "":
		return region
	case ap.global:
		return g.globalRegion
	case ap.svc == "sts" && (a.kind == akIAMUser || a.kind == akRoot || a.kind == akIAMConsole) && g.r.chance(0.6):
		return g.globalRegion // the CLI's global STS endpoint
	default:
		return g.opts.Regions[g.r.weighted(g.regionW)]
	}
}

// writeError writes errorCode and errorMessage of a failed call; CloudTrail
// omits each when it has no value rather than writing it empty.
func (c *call) writeError() {
	if !c.fail {
		return
	}
	if c.errCode != "" {
		c.w.str("errorCode", c.errCode)
	}
	if c.errMsg != "" {
		c.w.str("errorMessage", c.errMsg)
	}
}

// writeResources writes the resources array, omitted when the call named
// none, as CloudTrail does.
func (c *call) writeResources() {
	if len(c.res) == 0 {
		return
	}
	w := c.w
	w.openArr("resources")
	for _, r := range c.res {
		w.open("")
		w.str("accountId", c.wd.account)
		w.str("type", r.typ)
		w.str("ARN", r.arn)
		w.close()
	}
	w.closeArr()
}

// writeTLS writes tlsDetails for calls that reached a public endpoint;
// calls a service made on a principal's behalf (invokedBy) have none.
func (c *call) writeTLS() {
	if c.invokedBy != "" {
		return
	}
	w := c.w
	w.open("tlsDetails")
	if c.g.r.chance(0.85) {
		w.str("tlsVersion", "TLSv1.3")
		w.str("cipherSuite", "TLS_AES_128_GCM_SHA256")
	} else {
		w.str("tlsVersion", "TLSv1.2")
		w.str("cipherSuite", "ECDHE-RSA-AES128-GCM-SHA256")
	}
	w.str("clientProvidedHostHeader", c.host())
	w.close()
}

func orStr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// outcome decides whether the call fails and how.
func (c *call) outcome(f *failure) {
	switch {
	case f != nil:
		switch {
		case f.denied:
			c.denied()
		case f.code != "":
			c.fail, c.errCode, c.errMsg = true, f.code, f.msg
		}
		return
	case c.api.name == "ConsoleLogin":
		p := 0.04
		if c.a.kind == akStranger {
			p = 1
		}
		if c.r.chance(p) {
			c.fail, c.errMsg = true, "Failed authentication"
		}
		return
	case c.invokedBy != "" || c.api.identity != idActor:
		return // AWS services and session entry calls do not fail here
	}
	deny := c.a.denyRate
	if !c.api.ro {
		deny += c.a.denyWrites
	}
	switch {
	case c.r.chance(deny):
		c.denied()
	case c.api.notFound != nil && c.r.chance(c.api.notFoundRate):
		c.fail = true
		c.errCode, c.errMsg = c.api.notFound(c)
	}
}

func (g *gen) userAgent(c *call, k uaKind) string {
	svc := c.api.svc
	switch k {
	case uaCLI:
		return "aws-cli/2.15.30 md/awscrt#0.19.19 ua/2.0 " + c.a.uaOS + " lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe prompt/off md/command#" + c.api.cliCmd
	case uaConsole:
		switch svc {
		case "ec2":
			return "console.ec2.amazonaws.com"
		case "s3":
			return "[S3Console/0.4, aws-internal/3 aws-sdk-java/1.12.750 Linux/5.10.223-190.873.amzn2int.x86_64 OpenJDK_64-Bit_Server_VM/25.412-b09 java/1.8.0_412 vendor/Oracle_Corporation cfg/retry-mode/standard]"
		}
		return "AWS Internal"
	case uaTerraform:
		return "APN/1.0 HashiCorp/1.0 Terraform/1.7.5 (+https://www.terraform.io) terraform-provider-aws/5.42.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.26.0 ua/2.0 os/linux lang/go#1.22.1 md/GOOS#linux md/GOARCH#amd64 api/" + svc + "#1.31.3"
	case uaGo:
		return "aws-sdk-go-v2/1.30.3 ua/2.1 os/linux lang/go#1.22.6 md/GOOS#linux md/GOARCH#amd64 api/" + svc + "#1.45.0 m/E"
	case uaBoto:
		return "Boto3/1.34.34 md/Botocore#1.34.34 ua/2.0 os/linux#5.10.209-219.812.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.2 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 cfg/retry-mode#legacy Botocore/1.34.34"
	case uaJava:
		return "aws-sdk-java/2.25.16 Linux/5.10.210-201.852.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.10+7-LTS Java/17.0.10 vendor/Amazon.com_Inc. md/internal exec-env/AWS_ECS_FARGATE io/sync http/Apache cfg/retry-mode/legacy"
	case uaAttacker:
		return IncidentUserAgent
	}
	return "AWS Internal"
}

func (g *gen) tokenLen() int {
	if g.opts.Busy {
		return busyTokenLen
	}
	return 300
}

// samlQualifier is the opaque SAML name qualifier of the account's IdP.
func (g *gen) samlQualifier(wd *world) string {
	return hashIdent("", 27, mix(g.opts.Seed^strHash(wd.account))) + "="
}

var tagKeys = []string{"Environment", "Owner", "CostCenter", "Project", "ManagedBy", "aws:cloudformation:stack-id",
	"git:repo", "git:commit", "DataClassification", "BackupPolicy", "aws:cloudformation:logical-id"}

// tag returns the i-th tag of a padded record's tag set.
func (g *gen) tag(c *call, i int) (string, string) {
	k := tagKeys[i%len(tagKeys)]
	switch k {
	case "Environment":
		return k, c.wd.env
	case "Owner":
		return k, "platform-team@example.com"
	case "CostCenter":
		return k, "cc-" + strconv.Itoa(1000+c.r.IntN(9000))
	case "Project":
		return k, pick(c.r, appNames)
	case "ManagedBy":
		return k, "terraform"
	case "aws:cloudformation:stack-id":
		return k, "arn:aws:cloudformation:" + c.region + ":" + c.acct() + ":stack/" + c.wd.env + "-" + pick(c.r, appNames) + "/" + c.r.uuid()
	case "git:repo":
		return k, "github.com/acme/infrastructure"
	case "git:commit":
		return k, c.r.hex(40)
	case "DataClassification":
		return k, pick(c.r, []string{"internal", "confidential", "public"})
	case "BackupPolicy":
		return k, "daily-35d"
	}
	return k, "Resource" + strconv.Itoa(i)
}
