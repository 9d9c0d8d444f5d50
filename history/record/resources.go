package record

import (
	"strings"

	"github.com/trailview/trailview/history"
)

// deriveResources computes an event's lookup Resources list from its record
// (spec 8.5). AWS does not publish its rules; those below reproduce what real
// LookupEvents answers show (spec 8.2) and extend the same patterns to other
// common calls (spec 8.3, marked [U] there). The result is an approximation,
// which is why events carry ResourcesFromAPI=false.
func deriveResources(source, name string, req, resp, recordResources []byte) []history.Resource {
	c := resourceCollector{req: req, resp: resp}
	svc := strings.TrimSuffix(source, ".amazonaws.com")
	if rule, ok := resourceRules[svc]; ok {
		rule(&c, name)
	}
	// Spec 8.2: the record's own resources[] (STS role ARNs, KMS key ARNs)
	// appear after the entries derived from parameters.
	forEachElement(recordResources, func(el []byte) bool {
		arn, _, _ := stringValue(memberOf(el, "ARN"))
		typ, _, _ := stringValue(memberOf(el, "type"))
		c.add(typ, arn)
		return true
	})
	return c.out
}

type resourceCollector struct {
	req, resp []byte
	out       []history.Resource
}

// add appends one resource, dropping empty names and (type, name) repeats.
func (c *resourceCollector) add(typ, name string) {
	if name == "" {
		return
	}
	for _, r := range c.out {
		if r.Type == typ && r.Name == name {
			return
		}
	}
	c.out = append(c.out, history.Resource{Type: typ, Name: name})
}

// str reads a string at a dotted path of object keys.
func str(obj []byte, path ...string) string {
	v, ok := getPath(obj, path...)
	if !ok {
		return ""
	}
	s, _, _ := stringValue(v)
	return s
}

// items iterates an EC2-style list, which AWS writes as {"items":[...]}, or
// a plain array.
func items(v []byte, fn func(el []byte)) {
	if len(v) > 0 && v[0] == '{' {
		v = memberOf(v, "items")
	}
	forEachElement(v, func(el []byte) bool {
		fn(el)
		return true
	})
}

func (c *resourceCollector) reqStr(typ string, keys ...string) {
	for _, k := range keys {
		c.add(typ, str(c.req, k))
	}
}

var resourceRules = map[string]func(c *resourceCollector, name string){
	"ec2":         ec2Resources,
	"iam":         iamResources,
	"s3":          s3Resources,
	"cloudtrail":  cloudtrailResources,
	"sts":         stsResources,
	"lambda":      lambdaResources,
	"rds":         rdsResources,
	"autoscaling": autoscalingResources,
	"cloudfront":  cloudfrontResources,
}

func isReadCall(name string) bool {
	return strings.HasPrefix(name, "Describe") || strings.HasPrefix(name, "List") || strings.HasPrefix(name, "Get")
}

func ec2Resources(c *resourceCollector, name string) {
	const p = "AWS::EC2::"
	switch name {
	case "RunInstances":
		items(memberOf(c.resp, "instancesSet"), func(in []byte) { c.add(p+"VPC", str(in, "vpcId")) })
		items(memberOf(c.req, "instancesSet"), func(in []byte) { c.add(p+"Ami", str(in, "imageId")) })
		items(memberOf(c.resp, "instancesSet"), func(in []byte) {
			c.add("AWS::IAM::InstanceProfile", str(in, "iamInstanceProfile", "arn"))
			c.add("AWS::IAM::InstanceProfile", str(c.req, "iamInstanceProfile", "name"))
			c.add("AWS::IAM::InstanceProfile", str(in, "iamInstanceProfile", "id"))
			items(memberOf(in, "networkInterfaceSet"), func(ni []byte) { c.add(p+"NetworkInterface", str(ni, "networkInterfaceId")) })
			c.add(p+"Instance", str(in, "instanceId"))
			c.add(p+"KeyPair", str(in, "keyName"))
			items(memberOf(in, "groupSet"), func(g []byte) {
				c.add(p+"SecurityGroup", str(g, "groupName"))
				c.add(p+"SecurityGroup", str(g, "groupId"))
			})
			c.add(p+"Subnet", str(in, "subnetId"))
		})
		items(memberOf(c.req, "instancesSet"), func(in []byte) { c.add(p+"KeyPair", str(in, "keyName")) })
	case "StartInstances", "StopInstances", "TerminateInstances", "RebootInstances", "ModifyInstanceAttribute",
		"MonitorInstances", "UnmonitorInstances":
		items(memberOf(c.req, "instancesSet"), func(in []byte) { c.add(p+"Instance", str(in, "instanceId")) })
		c.reqStr(p+"Instance", "instanceId")
	case "CreateSecurityGroup":
		c.reqStr(p+"VPC", "vpcId")
		c.reqStr(p+"SecurityGroup", "groupName")
		c.add(p+"SecurityGroup", str(c.resp, "groupId"))
	case "DeleteSecurityGroup", "AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress",
		"RevokeSecurityGroupIngress", "RevokeSecurityGroupEgress", "ModifySecurityGroupRules":
		c.reqStr(p+"SecurityGroup", "groupName", "groupId")
	case "CreateVpc", "DeleteVpc", "ModifyVpcAttribute":
		c.reqStr(p+"VPC", "vpcId")
		c.add(p+"VPC", str(c.resp, "vpc", "vpcId"))
	case "CreateSubnet", "DeleteSubnet", "ModifySubnetAttribute":
		c.reqStr(p+"VPC", "vpcId")
		c.reqStr(p+"Subnet", "subnetId")
		c.add(p+"Subnet", str(c.resp, "subnet", "subnetId"))
	case "CreateInternetGateway", "DeleteInternetGateway":
		c.reqStr(p+"InternetGateway", "internetGatewayId")
		c.add(p+"InternetGateway", str(c.resp, "internetGateway", "internetGatewayId"))
	case "AttachInternetGateway", "DetachInternetGateway":
		c.reqStr(p+"VPC", "vpcId")
		c.reqStr(p+"InternetGateway", "internetGatewayId")
	case "AssociateRouteTable":
		c.reqStr(p+"RouteTable", "routeTableId")
		c.add(p+"SubnetRouteTableAssociation", str(c.resp, "associationId"))
		c.reqStr(p+"Subnet", "subnetId")
	case "CreateVolume", "DeleteVolume", "AttachVolume", "DetachVolume", "ModifyVolume":
		c.reqStr(p+"Volume", "volumeId")
		c.add(p+"Volume", str(c.resp, "volumeId"))
		c.reqStr(p+"Instance", "instanceId")
	case "CreateSnapshot", "DeleteSnapshot", "ModifySnapshotAttribute", "CopySnapshot":
		c.reqStr(p+"Snapshot", "snapshotId")
		c.add(p+"Snapshot", str(c.resp, "snapshotId"))
		c.reqStr(p+"Volume", "volumeId")
	case "ModifyImageAttribute", "DeregisterImage", "CreateImage", "CopyImage":
		c.reqStr(p+"Ami", "imageId")
		c.add(p+"Ami", str(c.resp, "imageId"))
		c.reqStr(p+"Instance", "instanceId")
	case "CreateKeyPair", "DeleteKeyPair", "ImportKeyPair":
		c.reqStr(p+"KeyPair", "keyName")
	case "AllocateAddress", "ReleaseAddress", "AssociateAddress", "DisassociateAddress":
		c.add(p+"EIP", str(c.resp, "publicIp"))
		c.reqStr(p+"EIP", "publicIp", "allocationId")
		c.add(p+"EIP", str(c.resp, "allocationId"))
		c.reqStr(p+"Instance", "instanceId")
	case "CreateNatGateway", "DeleteNatGateway":
		c.reqStr(p+"NatGateway", "natGatewayId")
		c.add(p+"NatGateway", str(c.resp, "natGateway", "natGatewayId"))
		c.reqStr(p+"Subnet", "subnetId")
	case "DeleteFlowLogs":
		items(memberOf(c.req, "flowLogIds"), func(v []byte) { s, _, _ := stringValue(v); c.add(p+"FlowLog", s) })
	}
}

func iamResources(c *resourceCollector, name string) {
	const p = "AWS::IAM::"
	if isReadCall(name) {
		return
	}
	switch name {
	case "CreateUser":
		c.reqStr(p+"User", "userName")
		c.add(p+"User", str(c.resp, "user", "arn"))
		c.add(p+"User", str(c.resp, "user", "userId"))
		return
	case "CreateGroup":
		c.reqStr(p+"Group", "groupName")
		c.add(p+"Group", str(c.resp, "group", "arn"))
		c.add(p+"Group", str(c.resp, "group", "groupId"))
		return
	case "CreateRole":
		c.reqStr(p+"Role", "roleName")
		c.add(p+"Role", str(c.resp, "role", "arn"))
		c.add(p+"Role", str(c.resp, "role", "roleId"))
		return
	case "CreateInstanceProfile":
		c.reqStr(p+"InstanceProfile", "instanceProfileName")
		c.add(p+"InstanceProfile", str(c.resp, "instanceProfile", "arn"))
		c.add(p+"InstanceProfile", str(c.resp, "instanceProfile", "instanceProfileId"))
		return
	case "CreatePolicy":
		c.add(p+"Policy", str(c.resp, "policy", "arn"))
		c.reqStr(p+"Policy", "policyName")
		return
	case "CreateAccessKey":
		c.add(p+"AccessKey", str(c.resp, "accessKey", "accessKeyId"))
		c.reqStr(p+"User", "userName")
		c.add(p+"User", str(c.resp, "accessKey", "userName"))
		return
	case "UpdateAccessKey", "DeleteAccessKey":
		c.reqStr(p+"AccessKey", "accessKeyId")
		c.reqStr(p+"User", "userName")
		return
	}
	// Generic IAM write: every well-known parameter names a resource of its type.
	c.reqStr(p+"Policy", "policyArn")
	c.reqStr(p+"InstanceProfile", "instanceProfileName")
	c.reqStr(p+"User", "userName")
	c.reqStr(p+"Group", "groupName")
	c.reqStr(p+"Role", "roleName")
	c.reqStr(p+"MfaDevice", "serialNumber")
	c.reqStr(p+"OpenIDConnectProvider", "openIDConnectProviderArn")
	c.reqStr(p+"SamlProvider", "sAMLProviderArn")
}

func s3Resources(c *resourceCollector, name string) {
	if name == "ListBuckets" {
		return
	}
	c.reqStr("AWS::S3::Bucket", "bucketName")
}

func cloudtrailResources(c *resourceCollector, name string) {
	const trail = "AWS::CloudTrail::Trail"
	if isReadCall(name) {
		return
	}
	c.add(trail, str(c.resp, "trailARN"))
	c.reqStr(trail, "name", "trailName")
	if name == "CreateTrail" {
		c.reqStr("AWS::S3::Bucket", "s3BucketName")
	}
}

func stsResources(c *resourceCollector, name string) {
	switch name {
	case "AssumeRole", "AssumeRoleWithSAML", "AssumeRoleWithWebIdentity":
		c.add("AWS::IAM::AccessKey", str(c.resp, "credentials", "accessKeyId"))
		c.add("AWS::STS::AssumedRole", str(c.resp, "assumedRoleUser", "arn"))
		c.add("AWS::STS::AssumedRole", str(c.resp, "assumedRoleUser", "assumedRoleId"))
		c.reqStr("AWS::STS::AssumedRole", "roleSessionName")
		c.reqStr("AWS::IAM::Role", "roleArn")
	case "GetFederationToken":
		c.add("AWS::IAM::AccessKey", str(c.resp, "credentials", "accessKeyId"))
		c.add("AWS::STS::FederatedUser", str(c.resp, "federatedUser", "arn"))
		c.add("AWS::STS::FederatedUser", str(c.resp, "federatedUser", "federatedUserId"))
		c.reqStr("AWS::STS::FederatedUser", "name")
	case "GetSessionToken":
		c.add("AWS::IAM::AccessKey", str(c.resp, "credentials", "accessKeyId"))
	}
}

func lambdaResources(c *resourceCollector, name string) {
	// Lambda event names carry an API version suffix (CreateFunction20150331).
	for _, prefix := range []string{"CreateFunction", "UpdateFunctionCode", "UpdateFunctionConfiguration",
		"DeleteFunction", "AddPermission", "RemovePermission", "PublishVersion", "CreateAlias", "UpdateAlias"} {
		if strings.HasPrefix(name, prefix) {
			c.reqStr("AWS::Lambda::Function", "functionName")
			return
		}
	}
	if strings.HasPrefix(name, "PublishLayerVersion") {
		c.reqStr("AWS::Lambda::LayerVersion", "layerName")
	}
}

func rdsResources(c *resourceCollector, name string) {
	if isReadCall(name) {
		return
	}
	c.reqStr("AWS::RDS::DBInstance", "dBInstanceIdentifier")
	c.reqStr("AWS::RDS::DBCluster", "dBClusterIdentifier")
	c.reqStr("AWS::RDS::DBSnapshot", "dBSnapshotIdentifier")
	c.reqStr("AWS::RDS::DBClusterSnapshot", "dBClusterSnapshotIdentifier")
}

func autoscalingResources(c *resourceCollector, name string) {
	if isReadCall(name) {
		return
	}
	c.reqStr("AWS::AutoScaling::AutoScalingGroup", "autoScalingGroupName")
	c.reqStr("AWS::AutoScaling::LaunchConfiguration", "launchConfigurationName")
}

func cloudfrontResources(c *resourceCollector, name string) {
	if isReadCall(name) {
		return
	}
	c.reqStr("AWS::CloudFront::Distribution", "distributionId", "id")
	c.add("AWS::CloudFront::Distribution", str(c.resp, "distribution", "id"))
}
