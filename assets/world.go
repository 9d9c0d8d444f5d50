package assets

import (
	"fmt"
	"strconv"
)

// world is one account's fixed inventory: the principals that act in it and
// the resources they act on. It is built from the seed before the first
// event, so every event can refer to things that "exist".
type world struct {
	idx     int
	account string
	env     string // "prod", "dev", "shared"...
	regions map[string]*regionRes
	buckets []bucket
	users   map[string]*iamUser
	roles   map[string]*role
	actors  []*actor
	weights []int
	trail   trail
	alias   string
}

type iamUser struct {
	name, id, key string
}

type role struct {
	name, id, path string
}

func (r *role) arn(acct string) string {
	return "arn:aws:iam::" + acct + ":role" + r.path + r.name
}

type sg struct{ id, name string }

type fn struct {
	name string
	role *role
}

type regionRes struct {
	name      string
	vpc       string
	subnets   []string
	sgs       []sg
	instances []string
	amis      []string
	volumes   []string
	snapshots []string
	functions []fn
	keys      []string // KMS key IDs
}

type bucket struct{ name, region string }

type trail struct{ name, region, bucket string }

func (t trail) arn(acct string) string {
	return "arn:aws:cloudtrail:" + t.region + ":" + acct + ":trail/" + t.name
}

var (
	envNames     = []string{"prod", "dev", "shared", "sandbox", "data"}
	appNames     = []string{"orders", "billing", "web", "search", "reports", "auth", "media", "ledger"}
	bucketKinds  = []string{"artifacts", "logs", "backups", "static-assets", "data-lake", "tfstate", "exports"}
	fnKinds      = []string{"order-sync", "invoice-render", "thumbnailer", "nightly-report", "webhook-relay", "cleanup-snapshots", "slack-notifier"}
	amiIDsPrefix = "ami-0"
)

func newWorld(r rng, idx int, acct string, regions []string) *world {
	w := &world{
		idx:     idx,
		account: acct,
		env:     envNames[idx%len(envNames)],
		regions: map[string]*regionRes{},
		users:   map[string]*iamUser{},
		roles:   map[string]*role{},
	}
	w.alias = "acme-" + w.env
	for _, reg := range regions {
		rr := &regionRes{name: reg, vpc: "vpc-0" + r.hex(16)}
		for range 3 {
			rr.subnets = append(rr.subnets, "subnet-0"+r.hex(16))
		}
		for _, n := range []string{"default", "web-sg", "app-sg", "db-sg", "bastion-sg"} {
			rr.sgs = append(rr.sgs, sg{"sg-0" + r.hex(16), n})
		}
		for range r.between(6, 14) {
			rr.instances = append(rr.instances, "i-0"+r.hex(16))
		}
		for range 3 {
			rr.amis = append(rr.amis, amiIDsPrefix+r.hex(16))
		}
		for range 8 {
			rr.volumes = append(rr.volumes, "vol-0"+r.hex(16))
		}
		for range 4 {
			rr.snapshots = append(rr.snapshots, "snap-0"+r.hex(16))
		}
		for _, k := range fnKinds[:r.between(3, len(fnKinds))] {
			name := w.env + "-" + k
			ro := &role{name: name + "-role-" + r.alnum(8), id: r.ident("AROA", 17), path: "/service-role/"}
			rr.functions = append(rr.functions, fn{name, ro})
		}
		for range 3 {
			rr.keys = append(rr.keys, r.uuid())
		}
		w.regions[reg] = rr
	}
	for _, k := range bucketKinds {
		w.buckets = append(w.buckets, bucket{"acme-" + w.env + "-" + k + "-" + strconv.Itoa(100+r.IntN(900)), pick(r, regions)})
	}
	w.trail = trail{name: "management-events", region: regions[0], bucket: "aws-cloudtrail-logs-" + acct + "-" + r.hex(8)}
	w.buckets = append(w.buckets, bucket{w.trail.bucket, regions[0]})
	w.addActors(r)
	return w
}

func (w *world) user(r rng, name string) *iamUser {
	u := &iamUser{name: name, id: r.ident("AIDA", 17), key: r.ident("AKIA", 16)}
	w.users[name] = u
	return u
}

func (w *world) role(r rng, name, path string) *role {
	ro := &role{name: name, id: r.ident("AROA", 17), path: path}
	w.roles[name] = ro
	return ro
}

func (w *world) add(weight int, a *actor) {
	a.id = uint64(w.idx)<<32 | uint64(len(w.actors))
	w.actors = append(w.actors, a)
	w.weights = append(w.weights, weight)
}

func (w *world) userARN(name string) string {
	return "arn:aws:iam::" + w.account + ":user/" + name
}

func (w *world) regionOf(name string) *regionRes {
	if rr, ok := w.regions[name]; ok {
		return rr
	}
	panic(fmt.Sprintf("assets: unknown Region %q", name)) // generator bug, never input
}
