package filter

import "strings"

// Record keys that JSON paths may spell in any case. JSON keys are
// case-sensitive and a path that misses by a capital letter would silently
// match nothing, so the documented CloudTrail keys (spec 5.2, 5.3) are
// corrected to AWS's spelling; other keys are used exactly as typed.
type keyTree map[string]keyNode

type keyNode struct {
	name string
	kids keyTree
}

func keys(names ...string) keyTree {
	t := keyTree{}
	for _, n := range names {
		t[strings.ToLower(n)] = keyNode{name: n}
	}
	return t
}

func (t keyTree) with(name string, kids keyTree) keyTree {
	t[strings.ToLower(name)] = keyNode{name: name, kids: kids}
	return t
}

var issuerKeys = keys("type", "principalId", "arn", "accountId", "userName")

var recordKeys = keys("eventVersion", "eventTime", "eventSource", "eventName", "awsRegion",
	"sourceIPAddress", "userAgent", "errorCode", "errorMessage", "requestParameters", "responseElements",
	"additionalEventData", "requestID", "eventID", "eventType", "apiVersion", "managementEvent", "readOnly",
	"recipientAccountId", "serviceEventDetails", "sharedEventID", "vpcEndpointId", "vpcEndpointAccountId",
	"eventCategory", "sessionCredentialFromConsole", "edgeDeviceDetails", "eventContext").
	with("resources", keys("ARN", "accountId", "type")).
	with("addendum", keys("reason", "updatedFields", "originalRequestID", "originalEventID")).
	with("tlsDetails", keys("tlsVersion", "cipherSuite", "clientProvidedHostHeader")).
	with("insightDetails", keys("state", "eventSource", "eventName", "insightType", "insightContext")).
	with("userIdentity", keys("type", "principalId", "arn", "accountId", "accessKeyId", "userName",
		"invokedBy", "identityProvider", "onBehalfOf", "credentialId", "inScopeOf").
		with("sessionContext", keys("sourceIdentity", "ec2RoleDelivery").
			with("attributes", keys("creationDate", "mfaAuthenticated")).
			with("sessionIssuer", issuerKeys).
			with("webIdFederationData", keys("federatedProvider", "attributes"))))

// recordKey returns the canonical spelling of a top-level record key.
func recordKey(name string) (string, bool) {
	n, ok := recordKeys[strings.ToLower(name)]
	return n.name, ok
}

// canonicalPath corrects the case of known keys along a dotted path; the
// first unknown key and everything after it stay as typed.
func canonicalPath(segs []string) string {
	out := make([]string, len(segs))
	t := recordKeys
	for i, s := range segs {
		n, ok := t[strings.ToLower(s)]
		if !ok {
			copy(out[i:], segs[i:])
			break
		}
		out[i] = n.name
		t = n.kids
	}
	return strings.Join(out, ".")
}

// topLevelNames lists record keys for suggestions.
func topLevelNames() []string {
	out := make([]string, 0, len(recordKeys))
	for _, n := range recordKeys {
		out = append(out, n.name)
	}
	return out
}
