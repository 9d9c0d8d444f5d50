package live

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go/logging"
)

// uniqueRegions checks every Region name and drops repeats, keeping the
// first order: a Region named twice is fetched once.
func uniqueRegions(names []string) ([]string, error) {
	var regions []string
	seen := map[string]bool{}
	for _, r := range names {
		if err := CheckRegion(r); err != nil {
			return nil, err
		}
		if !seen[r] {
			seen[r] = true
			regions = append(regions, r)
		}
	}
	return regions, nil
}

// loadConfig loads the AWS configuration (profile, Region, endpoint) as the
// AWS CLI would, with the SDK's logging off.
func loadConfig(ctx context.Context, opts Options) (aws.Config, error) {
	// The SDK's default logger writes warnings (such as "falling back to
	// IMDSv1" while it looks for credentials) straight to the process's
	// stderr: that tears the progress display and says again, in the SDK's
	// words, what the returned error says. The credential providers take
	// the logger while the configuration loads, so it is set here, not
	// only on the loaded config below.
	lo := []func(*config.LoadOptions) error{config.WithLogger(logging.Nop{}), config.WithClientLogMode(0)}
	if len(opts.Regions) > 0 {
		lo = append(lo, config.WithRegion(stsRegion(opts.Regions)))
	}
	if opts.Profile != "" {
		lo = append(lo, config.WithSharedConfigProfile(opts.Profile))
	}
	if opts.EndpointURL != "" {
		lo = append(lo, config.WithBaseEndpoint(opts.EndpointURL))
	}
	lo = append(lo, opts.ConfigOptions...)
	cfg, err := config.LoadDefaultConfig(ctx, lo...)
	if err != nil {
		var pe config.SharedConfigProfileNotExistError
		if errors.As(err, &pe) {
			return aws.Config{}, &Error{Kind: ErrProfile, Err: err}
		}
		return aws.Config{}, &Error{Kind: ErrNoCredentials, Err: err}
	}
	// The SDK's logger writes warnings to stderr, which would tear the
	// progress display; and nothing about a request, credentials least of
	// all, is to be logged.
	cfg.Logger = logging.Nop{}
	cfg.ClientLogMode = 0
	return cfg, nil
}

// configuredRegion is the profile's (or AWS_REGION's) Region, as the AWS
// CLI would use when no Region is named.
func configuredRegion(cfg aws.Config) (string, error) {
	if cfg.Region == "" {
		return "", errors.New("no Region: name one with --region, use --all-regions, or set AWS_REGION or the profile's region")
	}
	if err := CheckRegion(cfg.Region); err != nil {
		return "", fmt.Errorf("the configured Region: %w", err)
	}
	return cfg.Region, nil
}

// checkCredentials resolves the credentials now, which turns "none
// anywhere" into one clear message instead of one failure per Region.
func checkCredentials(ctx context.Context, cfg aws.Config) error {
	if cfg.Credentials == nil {
		return &Error{Kind: ErrNoCredentials, Err: errors.New("no credential provider")}
	}
	if _, err := cfg.Credentials.Retrieve(ctx); err != nil {
		return &Error{Kind: ErrNoCredentials, Err: err}
	}
	return nil
}

// callerAccount asks STS GetCallerIdentity, which any identity may call,
// for the account the credentials belong to.
func callerAccount(ctx context.Context, cfg aws.Config) (string, error) {
	out, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		e, _ := classify("", err)
		switch e.Kind {
		case ErrNotEnabled:
			// STS's global endpoint answers in every account.
			e.Kind = ErrBadCredentials
		case ErrOther, ErrUnavailable, ErrUnknownRegion, ErrThrottled:
			e.Kind = ErrAccount
		}
		return "", e
	}
	if out.Account == nil || *out.Account == "" {
		return "", &Error{Kind: ErrAccount, Err: errors.New("the answer named no account")}
	}
	return *out.Account, nil
}
