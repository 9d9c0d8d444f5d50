package assets

import (
	"strings"
	"time"
)

// api is one CloudTrail eventSource+eventName and how to write its
// requestParameters, responseElements and resources.
type api struct {
	svc      string // "ec2" for ec2.amazonaws.com
	name     string
	ro       bool
	global   bool   // recorded in the global Region (IAM, STS global endpoint, sign-in)
	version  string // eventVersion; "" means 1.10
	evType   string // "" means AwsApiCall
	cliCmd   string // aws-cli command, e.g. "s3api.put-bucket-policy"
	action   string // IAM action, e.g. "lambda:GetFunction"
	identity idKind // an identity other than the actor's (entry calls)
	// notFound, when set, is an error the call ends with now and then
	// (NoSuchEntity, InvalidInstanceID.NotFound, ...).
	notFound     func(c *call) (code, msg string)
	notFoundRate float64
	// prep chooses what the call is about before the header is written,
	// for calls whose Region is the resource's (S3 buckets).
	prep func(c *call)
	gen  func(c *call)
}

type idKind uint8

const (
	idActor idKind = iota
	idSAML
	idWeb
	idFedIssuer // the IAM user that calls GetFederationToken
)

// resource is one element of the record's resources array.
type resource struct{ typ, arn string }

// call is the state of one record being written.
type call struct {
	g      *gen
	r      rng
	w      *jw
	wd     *world
	a      *actor
	api    *api
	t      time.Time
	region string
	ip, ua string

	fail           bool
	errCode        string
	errMsg         string
	callerARN      string
	console        bool
	res            []resource
	bucket         bucket
	noRequestID    bool
	shared         bool   // sharedEventID (service calls)
	serviceDetails string // serviceEventDetails JSON
	additional     bool   // additionalEventData written by gen
	padTarget      int
	invokedBy      string
}

func (c *call) acct() string { return c.wd.account }

func (c *call) rr() *regionRes { return c.wd.regionOf(c.region) }

func (c *call) reqNull() { c.w.null("requestParameters") }

func (c *call) reqOpen() { c.w.open("requestParameters") }

// reqClose ends requestParameters; for padded records it first adds a tag
// set, the field that makes real records of busy, tag-heavy accounts big.
func (c *call) reqClose() {
	if c.padTarget > 0 && c.g.opts.Busy {
		c.busyPad()
	} else if c.padTarget > 0 {
		// ~420 bytes follow requestParameters in a typical record.
		if need := c.padTarget - len(c.w.b) - 420; need > 0 {
			c.w.openArr("tags")
			for i := 0; need > 0; i++ {
				n := len(c.w.b)
				c.w.open("")
				k, v := c.g.tag(c, i)
				c.w.str("key", k)
				c.w.str("value", v)
				c.w.close()
				need -= len(c.w.b) - n
			}
			c.w.closeArr()
		}
	}
	c.w.close()
}

func (c *call) respNull() { c.w.null("responseElements") }

func (c *call) respOpen() { c.w.open("responseElements") }

func (c *call) addRes(typ, arn string) { c.res = append(c.res, resource{typ, arn}) }

func (c *call) requestID() string {
	if c.api.svc == "s3" {
		return c.r.ident("", 16)
	}
	return c.r.uuid()
}

func (c *call) host() string {
	switch c.api.svc {
	case "iam":
		return "iam.amazonaws.com"
	case "sts":
		if c.api.global {
			return "sts.amazonaws.com"
		}
	case "signin":
		return "signin.aws.amazon.com"
	case "s3":
		if c.bucket.name != "" {
			return c.bucket.name + ".s3." + c.region + ".amazonaws.com"
		}
		return "s3.amazonaws.com"
	}
	return c.api.svc + "." + c.region + ".amazonaws.com"
}

// denied fills an authorization failure in the wording of each service.
func (c *call) denied() {
	c.fail = true
	switch c.api.svc {
	case "ec2":
		c.errCode = "Client.UnauthorizedOperation"
		c.errMsg = "You are not authorized to perform this operation. User: " + c.callerARN +
			" is not authorized to perform: " + c.api.action + " because no identity-based policy allows the " + c.api.action + " action"
		if !c.api.ro {
			c.errMsg += ". Encoded authorization failure message: " + c.r.alnum(c.r.between(380, 620))
		}
	case "s3":
		c.errCode, c.errMsg = "AccessDenied", "Access Denied"
	default:
		c.errCode = "AccessDenied"
		c.errMsg = "User: " + c.callerARN + " is not authorized to perform: " + c.api.action +
			" because no identity-based policy allows the " + c.api.action + " action"
	}
}

var lambdaSuffix = []string{"20150331v2", "20150331"}

// finish derives the CLI command and IAM action of each table entry.
func (ap *api) finish() {
	op := ap.name
	for _, s := range lambdaSuffix {
		op = strings.TrimSuffix(op, s)
	}
	prefix := ap.svc
	if ap.svc == "s3" {
		prefix = "s3api" // bucket calls are `aws s3api ...`
	}
	ap.cliCmd = prefix + "." + kebab(op)
	ap.action = ap.svc + ":" + op
}

func kebab(s string) string {
	var b strings.Builder
	for i, c := range s {
		if c >= 'A' && c <= 'Z' {
			if i > 0 {
				b.WriteByte('-')
			}
			c += 'a' - 'A'
		}
		b.WriteRune(c)
	}
	return b.String()
}
