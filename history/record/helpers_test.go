package record

import (
	"fmt"
	"testing"

	"github.com/trailview/trailview/internal/realdata"
)

func requireRealData(t testing.TB) string {
	t.Helper()
	return realdata.Dir(t)
}

// record makes a small valid management record.
func record(id, name string, extra string) string {
	return fmt.Sprintf(`{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/alice","accountId":"111122223333","accessKeyId":"AKIAEXAMPLE","userName":"alice"},"eventTime":"2024-05-01T10:00:00Z","eventSource":"ec2.amazonaws.com","eventName":%q,"awsRegion":"us-east-1","sourceIPAddress":"198.51.100.7","userAgent":"aws-cli/2","requestParameters":null,"responseElements":null,"requestID":"r-%s","eventID":%q,"readOnly":true,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"%s}`,
		name, id, id, extra)
}
