package live

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"

	"github.com/trailview/trailview/history/live/fakeapi"
)

func TestFetchErrorsAreClearAndKeepWhatWasStored(t *testing.T) {
	t.Parallel()
	srv := newServer(t, "AKIATESTERRORS")
	acct := testAccount("AKIATESTERRORS")
	now := time.Now().UTC()
	srv.AddEvents(acct, "us-east-1", fakeapi.Generate(acct, "us-east-1", 120, now, time.Hour, 10))
	srv.AddEvents(acct, "ap-east-2", fakeapi.Generate(acct, "ap-east-2", 10, now, time.Hour, 11))
	srv.Disable("ap-east-2")
	store := openStore(t)
	ctx := context.Background()

	// Access denied on the second page: the first stays stored.
	srv.Hook = func(r fakeapi.Request) fakeapi.Fault {
		if r.Page >= 2 {
			return fakeapi.AccessDenied
		}
		return fakeapi.None
	}
	_, err := run(t, ctx, store, testOptions(srv, "AKIATESTERRORS", "us-east-1"))
	if errorKind(err) != ErrAccessDenied || !strings.Contains(err.Error(), "cloudtrail:LookupEvents") || !strings.Contains(err.Error(), "us-east-1") {
		t.Errorf("access denied: %v", err)
	}
	if n := len(storedIDs(t, store)); n != 50 {
		t.Errorf("%d events kept", n)
	}
	srv.Hook = nil

	// An endless answer is cut off, not read into memory.
	srv.Hook = func(r fakeapi.Request) fakeapi.Fault { return fakeapi.Huge }
	_, err = run(t, ctx, store, testOptions(srv, "AKIATESTERRORS", "us-east-1"))
	if !errors.Is(err, errResponseTooLarge) {
		t.Errorf("huge answer: %v", err)
	}
	srv.Hook = nil

	// A Region the account has not enabled fails, or is skipped when
	// every commercial Region is asked.
	opts := testOptions(srv, "AKIATESTERRORS", "us-east-1", "ap-east-2")
	_, err = run(t, ctx, store, opts)
	if errorKind(err) != ErrNotEnabled || !strings.Contains(err.Error(), "ap-east-2") {
		t.Errorf("disabled Region: %v", err)
	}
	opts.SkipNotEnabled = true
	res, err := run(t, ctx, store, opts)
	if err != nil || len(res) != 2 || res[1].State != "skipped" || res[0].State != "done" {
		t.Errorf("skipped Region: %v %+v", err, res)
	}
	sameEvents(t, store, srv, acct, "us-east-1")
	noViolations(t, srv)
}

func TestFetchCredentialProblems(t *testing.T) {
	t.Parallel()
	srv := newServer(t, "AKIATESTCREDS")
	store := openStore(t)
	ctx := context.Background()

	opts := testOptions(srv, "AKIATESTCREDS", "us-east-1")
	opts.ConfigOptions = append(opts.ConfigOptions, config.WithCredentialsProvider(aws.CredentialsProviderFunc(
		func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{}, errors.New("no source of credentials")
		})))
	_, err := New(ctx, store, opts)
	if errorKind(err) != ErrNoCredentials || !strings.Contains(err.Error(), "no AWS credentials") {
		t.Errorf("no credentials: %v", err)
	}
	// Credentials the service does not know, found out by STS before any
	// Region is asked.
	_, err = New(ctx, store, testOptions(srv, "AKIAUNKNOWNKEY", "us-east-1"))
	if errorKind(err) != ErrBadCredentials || !strings.Contains(err.Error(), "InvalidClientTokenId") {
		t.Errorf("unknown key: %v", err)
	}
	if strings.Contains(err.Error(), "test-secret-not-real") {
		t.Errorf("the secret key appears in %q", err)
	}
	opts = testOptions(srv, "AKIATESTCREDS", "us-east-1")
	opts.Profile = "no-such-profile"
	opts.ConfigOptions = opts.ConfigOptions[1:] // no static credentials: the profile is looked up
	if _, err := New(ctx, store, opts); errorKind(err) != ErrProfile || !strings.Contains(err.Error(), "no-such-profile") {
		t.Errorf("missing profile: %v", err)
	}
	// --account skips STS.
	opts = testOptions(srv, "AKIATESTCREDS", "us-east-1")
	opts.Account = "999988887777"
	f, err := New(ctx, store, opts)
	if err != nil || f.Account() != "999988887777" {
		t.Errorf("--account: %v", err)
	}
	if _, err := New(ctx, store, testOptions(srv, "AKIATESTCREDS", "us east 1")); err == nil || !strings.Contains(err.Error(), "not a Region name") {
		t.Errorf("bad Region name: %v", err)
	}
	noViolations(t, srv)
}
