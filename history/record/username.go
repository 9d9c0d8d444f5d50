package record

import "strings"

// identity holds the userIdentity members that lookups and display need.
type identity struct {
	Type, PrincipalID, ARN, AccountID, AccessKeyID, UserName string
}

func parseIdentity(obj []byte) identity {
	var id identity
	forEachMember(obj, func(m member) bool {
		s, _, err := stringValue(m.val)
		if err != nil {
			return true // nested objects such as sessionContext are not needed here
		}
		switch string(m.key) {
		case "type":
			id.Type = s
		case "principalId":
			id.PrincipalID = s
		case "arn":
			id.ARN = s
		case "accountId":
			id.AccountID = s
		case "accessKeyId":
			id.AccessKeyID = s
		case "userName":
			id.UserName = s
		}
		return true
	})
	return id
}

// deriveUsername implements the lookup Username rules of spec 7. AWS does not
// document the algorithm; the table there combines AWS examples and console
// exports, and the [U] rows follow its recommendation.
func deriveUsername(id identity) string {
	switch id.Type {
	case "Root":
		return "root"
	case "AssumedRole":
		if id.ARN != "" {
			if i := strings.LastIndexByte(id.ARN, '/'); i >= 0 {
				return id.ARN[i+1:]
			}
		}
		if i := strings.IndexByte(id.PrincipalID, ':'); i >= 0 {
			return id.PrincipalID[i+1:]
		}
		return ""
	case "FederatedUser":
		if i := strings.Index(id.ARN, "federated-user/"); i >= 0 {
			return id.ARN[i+len("federated-user/"):]
		}
		return id.UserName
	case "AWSService", "":
		return ""
	case "IdentityCenterUser":
		// [U] Identity Center records carry onBehalfOf.userId, not a name.
		return ""
	}
	return id.UserName
}
