package assets

import "strconv"

func items(w *jw, k string, f func()) {
	w.open(k)
	w.openArr("items")
	f()
	w.closeArr()
	w.close()
}

func oneItem(w *jw, k, field, v string) {
	items(w, k, func() {
		w.open("")
		w.str(field, v)
		w.close()
	})
}

func instanceSet(c *call, ids []string, from, to string, fromCode, toCode int) {
	c.respOpen()
	c.w.str("requestId", c.r.uuid())
	items(c.w, "instancesSet", func() {
		for _, id := range ids {
			c.w.open("")
			c.w.str("instanceId", id)
			c.w.open("currentState")
			c.w.int("code", int64(toCode))
			c.w.str("name", to)
			c.w.close()
			c.w.open("previousState")
			c.w.int("code", int64(fromCode))
			c.w.str("name", from)
			c.w.close()
			c.w.close()
		}
	})
	c.w.close()
}

func someInstances(c *call) []string {
	rr := c.rr()
	n := 1
	if c.r.chance(0.2) {
		n = 2
	}
	out := make([]string, n)
	for i := range out {
		out[i] = pick(c.r, rr.instances)
	}
	return out
}

func instanceChange(from, to string, fromCode, toCode int) func(c *call) {
	return func(c *call) {
		ids := someInstances(c)
		c.reqOpen()
		items(c.w, "instancesSet", func() {
			for _, id := range ids {
				c.w.open("")
				c.w.str("instanceId", id)
				c.w.close()
			}
		})
		if to == "stopping" {
			c.w.bool("force", false)
		}
		c.reqClose()
		if c.fail {
			c.respNull()
			return
		}
		instanceSet(c, ids, from, to, fromCode, toCode)
	}
}

func ec2NotFound(c *call) (string, string) {
	return "Client.InvalidInstanceID.NotFound", "The instance ID 'i-0" + c.r.hex(16) + "' does not exist"
}

func ec2Describe(set, field string, ids func(rr *regionRes) []string) func(c *call) {
	return func(c *call) {
		c.reqOpen()
		if ids != nil && c.r.chance(0.3) {
			oneItem(c.w, set, field, pick(c.r, ids(c.rr())))
		} else {
			items(c.w, set, func() {})
		}
		items(c.w, "filterSet", func() {})
		c.reqClose()
		c.respNull()
	}
}

var instanceTypes = []string{"t3.micro", "t3.medium", "m6i.large", "c6g.xlarge", "r6i.large"}

func runInstances(c *call) {
	rr := c.rr()
	ami := pick(c.r, rr.amis)
	typ := pick(c.r, instanceTypes)
	subnet := pick(c.r, rr.subnets)
	group := rr.sgs[1+c.r.IntN(len(rr.sgs)-1)]
	c.reqOpen()
	items(c.w, "instancesSet", func() {
		c.w.open("")
		c.w.str("imageId", ami)
		c.w.int("minCount", 1)
		c.w.int("maxCount", 1)
		c.w.close()
	})
	c.w.str("instanceType", typ)
	c.w.open("blockDeviceMapping")
	c.w.close()
	c.w.open("monitoring")
	c.w.bool("enabled", false)
	c.w.close()
	c.w.bool("disableApiTermination", false)
	items(c.w, "networkInterfaceSet", func() {
		c.w.open("")
		c.w.int("deviceIndex", 0)
		c.w.str("subnetId", subnet)
		oneItem(c.w, "groupSet", "groupId", group.id)
		c.w.close()
	})
	c.w.open("metadataOptions")
	c.w.str("httpTokens", "required")
	c.w.close()
	c.reqClose()
	if c.fail {
		c.respNull()
		return
	}
	id := "i-0" + c.r.hex(16)
	c.respOpen()
	c.w.str("requestId", c.r.uuid())
	c.w.str("reservationId", "r-0"+c.r.hex(16))
	c.w.str("ownerId", c.acct())
	c.w.open("groupSet")
	c.w.close()
	items(c.w, "instancesSet", func() {
		c.w.open("")
		c.w.str("instanceId", id)
		c.w.str("imageId", ami)
		c.w.open("instanceState")
		c.w.int("code", 0)
		c.w.str("name", "pending")
		c.w.close()
		ip := "10.0." + strconv.Itoa(c.r.IntN(255)) + "." + strconv.Itoa(4+c.r.IntN(250))
		c.w.str("privateDnsName", "ip-"+dashes(ip)+"."+c.region+".compute.internal")
		c.w.int("amiLaunchIndex", 0)
		c.w.str("instanceType", typ)
		c.w.int("launchTime", c.t.UnixMilli())
		c.w.open("placement")
		c.w.str("availabilityZone", c.region+"a")
		c.w.str("tenancy", "default")
		c.w.close()
		c.w.str("subnetId", subnet)
		c.w.str("vpcId", rr.vpc)
		c.w.str("privateIpAddress", ip)
		items(c.w, "groupSet", func() {
			c.w.open("")
			c.w.str("groupId", group.id)
			c.w.str("groupName", group.name)
			c.w.close()
		})
		c.w.close()
	})
	c.w.close()
}

func dashes(ip string) string {
	b := []byte(ip)
	for i, ch := range b {
		if ch == '.' {
			b[i] = '-'
		}
	}
	return string(b)
}

func createTags(c *call) {
	rr := c.rr()
	c.reqOpen()
	items(c.w, "resourcesSet", func() {
		c.w.open("")
		c.w.str("resourceId", pick(c.r, rr.instances))
		c.w.close()
	})
	items(c.w, "tagSet", func() {
		c.w.open("")
		c.w.str("key", "Name")
		c.w.str("value", c.wd.env+"-"+pick(c.r, appNames)+"-"+strconv.Itoa(c.r.IntN(20)))
		c.w.close()
	})
	c.reqClose()
	c.ec2Ack()
}

// ec2Ack is the {"requestId":..., "_return":true} answer of EC2 mutations.
func (c *call) ec2Ack() {
	if c.fail {
		c.respNull()
		return
	}
	c.respOpen()
	c.w.str("requestId", c.r.uuid())
	c.w.bool("_return", true)
	c.w.close()
}

func createSecurityGroup(c *call) {
	name := c.wd.env + "-" + pick(c.r, appNames) + "-sg-" + c.r.hex(4)
	c.reqOpen()
	c.w.str("groupName", name)
	c.w.str("groupDescription", "Managed by Terraform")
	c.w.str("vpcId", c.rr().vpc)
	c.reqClose()
	if c.fail {
		c.respNull()
		return
	}
	c.respOpen()
	c.w.str("requestId", c.r.uuid())
	c.w.bool("_return", true)
	c.w.str("groupId", "sg-0"+c.r.hex(16))
	c.w.close()
}

func authorizeIngress(c *call) {
	group := pick(c.r, c.rr().sgs)
	port := pick(c.r, []int64{443, 80, 22, 5432, 8080})
	cidr := "10.0.0.0/16"
	if port == 22 && c.r.chance(0.3) {
		cidr = "0.0.0.0/0"
	}
	c.reqOpen()
	c.w.str("groupId", group.id)
	items(c.w, "ipPermissions", func() {
		c.w.open("")
		c.w.str("ipProtocol", "tcp")
		c.w.int("fromPort", port)
		c.w.int("toPort", port)
		c.w.open("groups")
		c.w.close()
		oneItem(c.w, "ipRanges", "cidrIp", cidr)
		c.w.open("ipv6Ranges")
		c.w.close()
		c.w.open("prefixListIds")
		c.w.close()
		c.w.close()
	})
	c.reqClose()
	if c.fail {
		c.respNull()
		return
	}
	c.respOpen()
	c.w.str("requestId", c.r.uuid())
	c.w.bool("_return", true)
	items(c.w, "securityGroupRuleSet", func() {
		c.w.open("")
		c.w.str("groupOwnerId", c.acct())
		c.w.str("groupId", group.id)
		c.w.str("securityGroupRuleId", "sgr-0"+c.r.hex(16))
		c.w.bool("isEgress", false)
		c.w.str("ipProtocol", "tcp")
		c.w.int("fromPort", port)
		c.w.int("toPort", port)
		c.w.str("cidrIpv4", cidr)
		c.w.close()
	})
	c.w.close()
}

func deleteSecurityGroup(c *call) {
	c.reqOpen()
	c.w.str("groupId", "sg-0"+c.r.hex(16))
	c.reqClose()
	c.ec2Ack()
}

func createSnapshot(c *call) {
	vol := pick(c.r, c.rr().volumes)
	c.reqOpen()
	c.w.str("volumeId", vol)
	c.w.str("description", "automated backup "+c.t.Format("2006-01-02"))
	c.reqClose()
	if c.fail {
		c.respNull()
		return
	}
	c.respOpen()
	c.w.str("requestId", c.r.uuid())
	c.w.str("snapshotId", "snap-0"+c.r.hex(16))
	c.w.str("volumeId", vol)
	c.w.str("status", "pending")
	c.w.int("startTime", c.t.UnixMilli())
	c.w.str("progress", "")
	c.w.str("ownerId", c.acct())
	c.w.int("volumeSize", int64(pick(c.r, []int{8, 20, 100, 500})))
	c.w.bool("encrypted", true)
	c.w.close()
}

func deleteSnapshot(c *call) {
	c.reqOpen()
	c.w.str("snapshotId", pick(c.r, c.rr().snapshots))
	c.reqClose()
	c.ec2Ack()
}

func modifyInstanceAttribute(c *call) {
	c.reqOpen()
	c.w.str("instanceId", pick(c.r, c.rr().instances))
	c.w.open("instanceType")
	c.w.str("value", pick(c.r, instanceTypes))
	c.w.close()
	c.reqClose()
	c.ec2Ack()
}

func describeRegions(c *call) {
	c.reqOpen()
	items(c.w, "regionSet", func() {})
	c.w.bool("allRegions", false)
	c.reqClose()
	c.respNull()
}

var ec2APIs = []*api{
	{svc: "ec2", name: "DescribeInstances", ro: true, gen: ec2Describe("instancesSet", "instanceId", func(rr *regionRes) []string { return rr.instances })},
	{svc: "ec2", name: "DescribeTags", ro: true, gen: func(c *call) {
		c.reqOpen()
		items(c.w, "filterSet", func() {
			c.w.open("")
			c.w.str("name", "resource-id")
			oneItem(c.w, "valueSet", "value", pick(c.r, c.rr().instances))
			c.w.close()
		})
		c.reqClose()
		c.respNull()
	}},
	{svc: "ec2", name: "DescribeSecurityGroups", ro: true, gen: ec2Describe("securityGroupIdSet", "groupId", func(rr *regionRes) []string { return []string{rr.sgs[0].id, rr.sgs[1].id} })},
	{svc: "ec2", name: "DescribeVpcs", ro: true, gen: ec2Describe("vpcSet", "vpcId", func(rr *regionRes) []string { return []string{rr.vpc} })},
	{svc: "ec2", name: "DescribeSubnets", ro: true, gen: ec2Describe("subnetSet", "subnetId", func(rr *regionRes) []string { return rr.subnets })},
	{svc: "ec2", name: "DescribeVolumes", ro: true, gen: ec2Describe("volumeSet", "volumeId", func(rr *regionRes) []string { return rr.volumes })},
	{svc: "ec2", name: "DescribeSnapshots", ro: true, gen: ec2Describe("snapshotSet", "snapshotId", func(rr *regionRes) []string { return rr.snapshots })},
	{svc: "ec2", name: "DescribeRegions", ro: true, gen: describeRegions},
	{svc: "ec2", name: "RunInstances", gen: runInstances},
	{svc: "ec2", name: "TerminateInstances", gen: instanceChange("running", "shutting-down", 16, 32), notFound: ec2NotFound, notFoundRate: 0.03},
	{svc: "ec2", name: "StopInstances", gen: instanceChange("running", "stopping", 16, 64), notFound: ec2NotFound, notFoundRate: 0.03},
	{svc: "ec2", name: "StartInstances", gen: instanceChange("stopped", "pending", 80, 0), notFound: ec2NotFound, notFoundRate: 0.03},
	{svc: "ec2", name: "RebootInstances", gen: func(c *call) {
		c.reqOpen()
		oneItem(c.w, "instancesSet", "instanceId", pick(c.r, c.rr().instances))
		c.reqClose()
		c.ec2Ack()
	}},
	{svc: "ec2", name: "ModifyInstanceAttribute", gen: modifyInstanceAttribute},
	{svc: "ec2", name: "CreateTags", gen: createTags},
	{svc: "ec2", name: "CreateSecurityGroup", gen: createSecurityGroup, notFound: func(c *call) (string, string) {
		return "Client.InvalidGroup.Duplicate", "The security group '" + c.wd.env + "-web-sg' already exists for VPC '" + c.rr().vpc + "'"
	}, notFoundRate: 0.05},
	{svc: "ec2", name: "DeleteSecurityGroup", gen: deleteSecurityGroup, notFound: func(c *call) (string, string) {
		return "Client.DependencyViolation", "resource sg-0" + c.r.hex(16) + " has a dependent object"
	}, notFoundRate: 0.2},
	{svc: "ec2", name: "AuthorizeSecurityGroupIngress", gen: authorizeIngress, notFound: func(c *call) (string, string) {
		return "Client.InvalidPermission.Duplicate", "the specified rule \"peer: 10.0.0.0/16, TCP, from port: 443, to port: 443, ALLOW\" already exists"
	}, notFoundRate: 0.05},
	{svc: "ec2", name: "CreateSnapshot", gen: createSnapshot},
	{svc: "ec2", name: "DeleteSnapshot", gen: deleteSnapshot, notFound: func(c *call) (string, string) {
		return "Client.InvalidSnapshot.NotFound", "The snapshot 'snap-0" + c.r.hex(16) + "' does not exist."
	}, notFoundRate: 0.05},
}
