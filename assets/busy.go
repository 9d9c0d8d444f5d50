package assets

import "time"

// The busy shape (BusyOptions) is the second benchmark shape: a tree unlike
// the padded one, so that ingest and search are not tuned to one shape. Its
// records carry many distinct long tokens, as busy accounts' do: a temporary
// key per short session, 560-character session tokens in AssumeRole
// answers, S3 version IDs, ENI MAC addresses and request IDs; data and
// network-activity events are mixed in; every account and Region delivers a
// file about every five minutes.
const (
	busyTokenLen = 560 - len("IQoJb3JpZ2luX2VjE") // the whole token is 560 characters
	// busyPadMin and busyPadSpread size records at ~1.5 KB on average.
	busyPadMin    = 900
	busyPadSpread = 500
	// busySessionSlot is how long one busy session keeps its temporary
	// key: short-lived CI and Lambda sessions renew far more often than a
	// person's console session.
	busySessionSlot = 300
	// busyDataShare and busyNetworkShare are the chances that a management
	// event is followed by a data event or a network-activity event.
	busyDataShare    = 0.03
	busyNetworkShare = 0.01
)

// BusyEnd is the end of busy-shape histories, fixed like BenchEnd.
var BusyEnd = BenchEnd

// BusyOptions is the second benchmark shape: n management events over the
// 14 days ending at BusyEnd, in three Regions and two accounts with even
// activity (about 12 records a file at 300,000 events), ~1.5 KB records of
// high token diversity, and data and network-activity events at a few
// percent (Record.Data) on top of the n management events.
func BusyOptions(n int) Options {
	return Options{
		Seed:     16,
		Events:   n,
		End:      BusyEnd,
		Span:     14 * 24 * time.Hour,
		Regions:  SampleRegions,
		Accounts: SampleAccounts,
		Insights: 2,
		Busy:     true,
	}
}

// sessionSlot is, in seconds, how long a session keeps its temporary key.
func (g *gen) sessionSlot() int64 {
	if g.opts.Busy {
		return busySessionSlot
	}
	return 3600
}

// busyPad fills requestParameters up to the record's size with values that
// never repeat: network interfaces (ID, MAC address, private address),
// object versions and request IDs. The padded shape repeats a tag set, which
// compresses and indexes far better than busy accounts' records do.
func (c *call) busyPad() {
	// ~420 bytes follow requestParameters in a typical record.
	need := c.padTarget - len(c.w.b) - 420
	if need <= 0 {
		return
	}
	w := c.w
	w.openArr("busyDetails")
	for i := 0; need > 0; i++ {
		n := len(w.b)
		w.open("")
		switch i % 3 {
		case 0:
			w.str("networkInterfaceId", "eni-0"+c.r.hex(16))
			w.str("macAddress", c.macAddress())
			w.str("privateIpAddress", c.r.ipv4("10.0."))
		case 1:
			w.str("key", "uploads/"+c.r.hex(8)+"/"+c.r.alnum(12)+".json")
			w.str("versionId", c.r.alnum(32))
		default:
			w.str("requestId", c.r.uuid())
		}
		w.close()
		need -= len(w.b) - n
	}
	w.closeArr()
}

// macAddress is a locally administered unicast address, as EC2 gives ENIs.
func (c *call) macAddress() string {
	b := make([]byte, 0, 17)
	for i := range 6 {
		if i > 0 {
			b = append(b, ':')
		}
		v := byte(c.r.IntN(256))
		if i == 0 {
			v = v&^0x03 | 0x02
		}
		b = append(b, hexDigits[v>>4], hexDigits[v&0xf])
	}
	return string(b)
}

var (
	dataGetObject = &api{svc: "s3", name: "GetObject", ro: true, prep: pickBucket, cliCmd: "s3api.get-object", action: "s3:GetObject"}
	dataPutObject = &api{svc: "s3", name: "PutObject", prep: pickBucket, cliCmd: "s3api.put-object", action: "s3:PutObject"}
	vpceDecrypt   = &api{svc: "kms", name: "Decrypt", ro: true}
)

// maybeDataEvent follows the management event at t, now and then, with a
// data event (S3 object calls) or a network-activity event (a call refused
// by a VPC endpoint policy). Event history holds neither; a tree of S3 log
// files does, and the loader must count and skip them.
func (g *gen) maybeDataEvent(t time.Time, emit func(*Record) error) error {
	p := g.r.Float64()
	switch {
	case p < busyDataShare:
		ap := dataGetObject
		if g.r.chance(0.3) {
			ap = dataPutObject
		}
		return emit(g.writeData(t, ap))
	case p < busyDataShare+busyNetworkShare:
		return emit(g.writeNetworkActivity(t))
	}
	return nil
}

// dataActor picks a principal that reads and writes objects: a role
// session (instance, Lambda, CI), whose identity needs no special call.
func (g *gen) dataActor() (*world, *actor) {
	wd := g.worlds[g.r.weighted(g.acctW)]
	for range 8 {
		a := wd.actors[g.r.weighted(wd.weights)]
		switch a.kind {
		case akAssumed, akInstance, akLambda:
			return wd, a
		}
	}
	return wd, nil
}

// writeData writes one S3 data event (eventCategory Data).
func (g *gen) writeData(t time.Time, ap *api) *Record {
	wd, a := g.dataActor()
	if a == nil {
		return g.writeNetworkActivity(t)
	}
	c := g.startCall(wd, a, ap, t, "")
	w := c.w
	w.reset()
	w.open("")
	w.str("eventVersion", "1.10")
	c.identity()
	c.writeTime()
	w.str("eventSource", "s3.amazonaws.com")
	w.str("eventName", ap.name)
	w.str("awsRegion", c.region)
	w.str("sourceIPAddress", c.ip)
	w.str("userAgent", c.ua)
	key := "data/" + c.r.hex(8) + "/" + c.r.alnum(20) + ".parquet"
	w.open("requestParameters")
	w.str("bucketName", c.bucket.name)
	w.str("Host", c.host())
	w.str("key", key)
	w.close()
	if ap == dataPutObject {
		w.open("responseElements")
		w.str("x-amz-server-side-encryption", "AES256")
		w.str("x-amz-version-id", c.r.alnum(32))
		w.close()
	} else {
		w.null("responseElements")
	}
	c.s3Extra()
	w.str("requestID", c.r.ident("", 16))
	c.writeEventID()
	w.bool("readOnly", ap.ro)
	c.addRes("AWS::S3::Object", "arn:aws:s3:::"+c.bucket.name+"/"+key)
	c.addRes("AWS::S3::Bucket", "arn:aws:s3:::"+c.bucket.name)
	c.writeResources()
	w.str("eventType", "AwsApiCall")
	w.bool("managementEvent", false)
	w.str("recipientAccountId", wd.account)
	w.str("eventCategory", "Data")
	c.writeTLS()
	w.close()
	c.res = c.res[:0]
	g.rec = Record{Time: t, Region: c.region, Account: wd.account, Data: true, JSON: w.b}
	return &g.rec
}

// writeNetworkActivity writes one network-activity event (eventVersion
// 1.11, eventType AwsVpceEvent): a KMS call denied by the endpoint policy.
func (g *gen) writeNetworkActivity(t time.Time) *Record {
	wd := g.worlds[g.r.weighted(g.acctW)]
	region := g.opts.Regions[g.r.weighted(g.regionW)]
	w := &g.w
	w.reset()
	w.open("")
	w.str("eventVersion", "1.11")
	w.open("userIdentity")
	w.str("type", "AWSAccount")
	w.str("principalId", "")
	w.str("accountId", wd.account)
	w.close()
	w.key("eventTime")
	w.b = append(w.b, '"')
	w.b = t.AppendFormat(w.b, timeLayout)
	w.b = append(w.b, '"')
	w.str("eventSource", vpceDecrypt.svc+".amazonaws.com")
	w.str("eventName", vpceDecrypt.name)
	w.str("awsRegion", region)
	w.str("sourceIPAddress", g.r.ipv4("10.0."))
	w.str("userAgent", "aws-sdk-go-v2/1.30.3 ua/2.1 os/linux lang/go#1.22.6 api/kms#1.35.3")
	w.str("errorCode", "VpceAccessDenied")
	w.str("errorMessage", "The request was denied due to a VPC endpoint policy")
	w.null("requestParameters")
	w.null("responseElements")
	w.str("requestID", g.r.uuid())
	w.str("eventID", g.r.uuid())
	w.str("eventType", "AwsVpceEvent")
	w.str("recipientAccountId", wd.account)
	w.str("sharedEventID", g.r.uuid())
	w.str("vpcEndpointId", "vpce-0"+g.r.hex(16))
	w.str("vpcEndpointAccountId", wd.account)
	w.str("eventCategory", "NetworkActivity")
	w.close()
	g.rec = Record{Time: t, Region: region, Account: wd.account, Data: true, JSON: w.b}
	return &g.rec
}

// writeTime writes eventTime in CloudTrail's layout.
func (c *call) writeTime() {
	c.w.key("eventTime")
	c.w.b = append(c.w.b, '"')
	c.w.b = c.t.AppendFormat(c.w.b, timeLayout)
	c.w.b = append(c.w.b, '"')
}

// writeEventID writes a fresh eventID.
func (c *call) writeEventID() {
	c.w.key("eventID")
	c.w.b = append(c.w.b, '"')
	c.w.b = c.r.appendUUID(c.w.b)
	c.w.b = append(c.w.b, '"')
}
