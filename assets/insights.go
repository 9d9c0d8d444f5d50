package assets

import "time"

// insightSpec is one Insights anomaly, written as a Start and an End record
// sharing sharedEventID (spec 5.5).
type insightSpec struct {
	wd        *world
	region    string
	svc, name string
	errorCode string // "" for ApiCallRateInsight
	baseline  float64
	rate      float64
	minutes   int
	shared    string
	arn, ua   string
	start     bool
}

var insightTemplates = []struct {
	svc, name, errorCode string
	baseline, rate       float64
}{
	{"ec2", "RunInstances", "", 0.0125, 18.4},
	{"kms", "Decrypt", "", 3.2, 96.5},
	{"s3", "GetBucketPolicy", "NoSuchBucketPolicy", 0.04, 7.25},
	{"iam", "ListRoles", "", 0.02, 4.8},
	{"ec2", "DescribeInstances", "Client.UnauthorizedOperation", 0.01, 5.5},
}

// insights lays out opts.Insights records as Start/End pairs spread over
// the span, never after End.
func (g *gen) insights() []special {
	o := g.opts
	pairs := (o.Insights + 1) / 2
	var out []special
	start := o.End.Add(-o.Span)
	for k := range pairs {
		tpl := insightTemplates[k%len(insightTemplates)]
		wd := g.worlds[g.r.IntN(len(g.worlds))]
		region := o.Regions[g.r.weighted(g.regionW)]
		if tpl.svc == "iam" {
			region = g.globalRegion
		}
		// An anomaly lasts 5-95 minutes and lies wholly inside the span.
		minutes := g.r.between(5, min(95, int(o.Span/time.Minute)/2))
		slot := o.Span / time.Duration(pairs)
		t := g.truncate(start.Add(slot*time.Duration(k)+time.Duration(g.r.Int64N(int64(slot)))), time.Minute)
		lo := g.truncate(start, time.Minute).Add(time.Minute)
		hi := g.truncate(o.End.Add(-time.Duration(minutes)*time.Minute), time.Minute)
		if t.Before(lo) {
			t = lo
		}
		if t.After(hi) {
			t = hi
		}
		end := t.Add(time.Duration(minutes) * time.Minute)
		actor := wd.actors[0]
		spec := insightSpec{wd: wd, region: region, svc: tpl.svc, name: tpl.name, errorCode: tpl.errorCode,
			baseline: tpl.baseline, rate: tpl.rate, minutes: minutes, shared: g.r.uuid(),
			arn: wd.userARN(actor.name), ua: "aws-cli/2.15.30"}
		if tpl.svc == "ec2" && tpl.name == "RunInstances" {
			spec.arn = "arn:aws:sts::" + wd.account + ":assumed-role/TerraformExecution"
			spec.ua = "APN/1.0 HashiCorp/1.0 Terraform/1.7.5"
		}
		s1, s2 := spec, spec
		s1.start = true
		out = append(out,
			special{t: t, write: writeInsight, ins: &s1},
			special{t: end, write: writeInsight, ins: &s2})
	}
	return out
}

func writeInsight(g *gen, s *special) *Record {
	in := s.ins
	w := &g.w
	w.reset()
	w.open("")
	w.str("eventVersion", "1.08")
	w.key("eventTime")
	w.b = append(w.b, '"')
	w.b = s.t.AppendFormat(w.b, timeLayout)
	w.b = append(w.b, '"')
	w.str("awsRegion", in.region)
	w.str("eventID", g.r.uuid())
	w.str("eventType", "AwsCloudTrailInsight")
	w.str("recipientAccountId", in.wd.account)
	w.str("sharedEventID", in.shared)
	w.open("insightDetails")
	if in.start {
		w.str("state", "Start")
	} else {
		w.str("state", "End")
	}
	w.str("eventSource", in.svc+".amazonaws.com")
	w.str("eventName", in.name)
	kind := "ApiCallRateInsight"
	if in.errorCode != "" {
		kind = "ApiErrorRateInsight"
	}
	w.str("insightType", kind)
	if in.errorCode != "" {
		w.str("errorCode", in.errorCode)
	}
	w.str("sourceEventCategory", "Management")
	w.open("insightContext")
	w.open("statistics")
	w.open("baseline")
	w.float("average", in.baseline)
	w.close()
	w.open("insight")
	rate, dur := in.rate, 1
	if !in.start {
		rate, dur = in.rate*0.62, in.minutes
	}
	w.float("average", round3(rate))
	w.close()
	w.int("insightDuration", int64(dur))
	w.int("baselineDuration", 10080)
	w.close()
	w.openArr("attributions")
	errVal := "null" // AWS writes the string "null" when there were no errors
	if in.errorCode != "" {
		errVal = in.errorCode
	}
	for _, at := range [][2]string{{"userIdentityArn", in.arn}, {"userAgent", in.ua}, {"errorCode", errVal}} {
		w.open("")
		w.str("attribute", at[0])
		w.openArr("insight")
		w.open("")
		w.str("value", at[1])
		w.float("average", round3(rate))
		w.close()
		w.closeArr()
		w.openArr("baseline")
		w.open("")
		w.str("value", at[1])
		w.float("average", in.baseline)
		w.close()
		w.closeArr()
		w.close()
	}
	w.closeArr()
	w.close()
	w.close()
	w.str("eventCategory", "Insight")
	w.close()
	g.rec = Record{Time: s.t, Region: in.region, Account: in.wd.account, Insight: true, JSON: w.b}
	return &g.rec
}

func round3(f float64) float64 {
	return float64(int64(f*1000+0.5)) / 1000
}
