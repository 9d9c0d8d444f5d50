package live

import (
	"fmt"
	"regexp"
)

// CommercialRegions is the list --all-regions uses: the commercial (aws
// partition) Regions as of 2025. Asking the account for its enabled
// Regions would need ec2:DescribeRegions and another SDK module; instead
// Regions that the account has not enabled (opt-in Regions) are recognised
// by the error they answer with and skipped. Update the list when AWS opens
// a Region, or name Regions with --region.
var CommercialRegions = []string{
	// Enabled by default in every account.
	"us-east-1", "us-east-2", "us-west-1", "us-west-2",
	"ca-central-1", "sa-east-1",
	"eu-central-1", "eu-west-1", "eu-west-2", "eu-west-3", "eu-north-1",
	"ap-south-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
	"ap-southeast-1", "ap-southeast-2",
	// Opt-in Regions.
	"af-south-1", "ap-east-1", "ap-east-2", "ap-south-2", "ap-southeast-3",
	"ap-southeast-4", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7",
	"ca-west-1", "eu-central-2", "eu-south-1", "eu-south-2",
	"il-central-1", "me-central-1", "me-south-1", "mx-central-1",
}

// regionName is what can be part of a host name; the SDK would build an
// endpoint from anything else.
var regionName = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// CheckRegion refuses Region names that cannot name an endpoint.
func CheckRegion(r string) error {
	if len(r) > 63 || !regionName.MatchString(r) {
		return fmt.Errorf("%q is not a Region name (like us-east-1)", r)
	}
	return nil
}
