package live

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"

	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// ErrorKind sorts the failures a user has to act on differently.
type ErrorKind int

// Kinds of Error.
const (
	ErrOther          ErrorKind = iota
	ErrNoCredentials            // nothing in the credential chain
	ErrAccessDenied             // the identity lacks cloudtrail:LookupEvents
	ErrExpiredToken             // temporary credentials ran out
	ErrUnknownRegion            // the Region's endpoint does not exist
	ErrNotEnabled               // credentials refused in this Region: opt-in Region not enabled, or a bad key
	ErrThrottled                // still throttled after every retry
	ErrUnavailable              // service or network failures after every retry
	ErrAccount                  // the account of the credentials could not be found
	ErrBadCredentials           // STS refused the credentials
	ErrProfile                  // the named profile does not exist
)

// Error is a fetch failure with a message that says what to do about it.
// Nothing stored before it is lost.
type Error struct {
	Kind   ErrorKind
	Region string // "" when not tied to a Region
	Err    error
}

func (e *Error) Unwrap() error { return e.Err }

func (e *Error) Error() string {
	in := ""
	if e.Region != "" {
		in = " in " + e.Region
	}
	switch e.Kind {
	case ErrNoCredentials:
		return fmt.Sprintf("no AWS credentials found (environment, shared config and credentials files, SSO, instance metadata): set a profile with --profile or AWS_PROFILE, or run 'aws configure' or 'aws sso login': %v", e.Err)
	case ErrAccessDenied:
		return fmt.Sprintf("access denied%s: the credentials need the IAM permission cloudtrail:LookupEvents (%s)", in, apiMessage(e.Err))
	case ErrExpiredToken:
		return fmt.Sprintf("the credentials have expired%s (%s): refresh them (for SSO: aws sso login) and run fetch again to continue where it stopped", in, apiMessage(e.Err))
	case ErrUnknownRegion:
		return fmt.Sprintf("unknown Region %q: its CloudTrail endpoint does not exist (%v)", e.Region, e.Err)
	case ErrNotEnabled:
		return fmt.Sprintf("the credentials are not accepted%s: the Region may not be enabled for this account (opt-in Regions), or the access key is not valid (%s)", in, apiMessage(e.Err))
	case ErrThrottled:
		return fmt.Sprintf("LookupEvents is still throttled%s after backing off; run fetch again later to continue: %s", in, apiMessage(e.Err))
	case ErrUnavailable:
		return fmt.Sprintf("LookupEvents failed%s after retrying; run fetch again to continue: %v", in, e.Err)
	case ErrProfile:
		return fmt.Sprintf("AWS profile not found: %v (see 'aws configure list-profiles')", e.Err)
	case ErrBadCredentials:
		return fmt.Sprintf("the credentials are not valid (%s): check the access key, the profile (--profile) or AWS_PROFILE", apiMessage(e.Err))
	case ErrAccount:
		return fmt.Sprintf("cannot tell which account the credentials belong to (sts:GetCallerIdentity failed; pass --account to skip it): %v", e.Err)
	}
	return fmt.Sprintf("LookupEvents%s: %v", in, e.Err)
}

func apiMessage(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		if m := ae.ErrorMessage(); m != "" {
			return ae.ErrorCode() + ": " + m
		}
		return ae.ErrorCode()
	}
	return err.Error()
}

// classify turns an SDK error into an Error, and says whether asking again
// later may succeed.
func classify(region string, err error) (e *Error, transient bool) {
	e = &Error{Kind: ErrOther, Region: region, Err: err}
	var dns *net.DNSError
	if errors.As(err, &dns) && dns.IsNotFound {
		e.Kind = ErrUnknownRegion
		return e, false
	}
	var ae smithy.APIError
	if errors.As(err, &ae) {
		switch code := ae.ErrorCode(); code {
		case "AccessDeniedException", "AccessDenied", "UnauthorizedOperation", "NotAuthorized":
			e.Kind = ErrAccessDenied
		case "ExpiredTokenException", "ExpiredToken", "RequestExpired", "TokenRefreshRequired":
			e.Kind = ErrExpiredToken
		case "UnrecognizedClientException", "InvalidClientTokenId", "InvalidSignatureException", "SignatureDoesNotMatch", "AuthFailure":
			e.Kind = ErrNotEnabled
		default:
			if _, ok := retry.DefaultThrottleErrorCodes[code]; ok {
				e.Kind = ErrThrottled
				return e, true
			}
			if code == "InternalFailure" || code == "InternalError" || code == "ServiceUnavailable" || code == "ServiceUnavailableException" {
				e.Kind = ErrUnavailable
				return e, true
			}
		}
		if e.Kind != ErrOther {
			return e, false
		}
	}
	var re *smithyhttp.ResponseError
	if errors.As(err, &re) && re.HTTPStatusCode() >= 500 {
		e.Kind = ErrUnavailable
		return e, true
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return e, false
	}
	var se *smithyhttp.RequestSendError
	var ne net.Error
	if errors.As(err, &se) || errors.As(err, &ne) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		e.Kind = ErrUnavailable
		return e, true
	}
	return e, false
}
