package history

import (
	"net/netip"
	"strings"
	"time"
)

// SubjectKind is what a dossier is about: an access key, a user name, an
// identity ARN or a source IP.
type SubjectKind string

const (
	SubjectKey  SubjectKind = "key"
	SubjectUser SubjectKind = "user"
	SubjectARN  SubjectKind = "arn"
	SubjectIP   SubjectKind = "ip"
)

// SubjectKindOf guesses the kind of a value typed by a person: a key if
// it looks like an access key ID, an IP if it parses as one, an ARN if it
// starts with "arn:", otherwise a user name.
func SubjectKindOf(v string) SubjectKind {
	switch {
	case LooksLikeAccessKeyID(v):
		return SubjectKey
	case isIP(v):
		return SubjectIP
	case strings.HasPrefix(v, "arn:"):
		return SubjectARN
	}
	return SubjectUser
}

func isIP(v string) bool {
	_, err := netip.ParseAddr(v)
	return err == nil
}

// accessKeyPrefixes are the unique-ID prefixes IAM gives access keys:
// long-term (AKIA), temporary (ASIA), and the bearer-token and
// context-specific keys (ABIA, ACCA) IAM lists beside them.
var accessKeyPrefixes = []string{"AKIA", "ASIA", "ABIA", "ACCA"}

// LooksLikeAccessKeyID says whether v has the shape of an access key ID:
// IAM documents AccessKeyId as 16 to 128 word characters; the keys AWS
// issues are upper-case letters and digits after one of the prefixes.
func LooksLikeAccessKeyID(v string) bool {
	if len(v) < 16 || len(v) > 128 {
		return false
	}
	prefixed := false
	for _, p := range accessKeyPrefixes {
		prefixed = prefixed || strings.HasPrefix(v, p)
	}
	if !prefixed {
		return false
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		if (c < 'A' || c > 'Z') && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// IssuingEvents are the calls whose answer carries a new access key ID:
// STS's credential calls (responseElements.credentials.accessKeyId) and
// IAM's CreateAccessKey (responseElements.accessKey.accessKeyId).
var IssuingEvents = []string{"AssumeRole", "AssumeRoleWithSAML", "AssumeRoleWithWebIdentity",
	"GetSessionToken", "GetFederationToken", "CreateAccessKey"}

// WhoQuery asks for the dossier of one subject.
type WhoQuery struct {
	Kind  SubjectKind
	Value string // exact, as stored
	// Region and Accounts narrow the scope as in Query ("" and empty:
	// every Region and account); Start and End bound eventTime, zero
	// meaning open.
	Region     string
	Accounts   []string
	Start, End time.Time
	// NewWithin marks values first seen within this long before the
	// subject's last event; zero means 7 days.
	NewWithin time.Duration
}

// DefaultNewWithin is how recent a first sighting must be to count as new.
const DefaultNewWithin = 7 * 24 * time.Hour

// ValueCount is a value and how many of the subject's events hold it.
type ValueCount struct {
	Value string
	Count int64
}

// Sighting is a value of the subject's events with its first and last
// time; New says it was first seen within NewWithin of the subject's last
// event.
type Sighting struct {
	Value               string
	Count               int64
	Errors              int64 // events with an error code
	FirstSeen, LastSeen time.Time
	New                 bool
}

// ChainLink is one event that issued an access key.
type ChainLink struct {
	RowID     int64 // the event's row in the store, to open it
	EventID   string
	EventName string
	EventTime time.Time
	Region    string
	Account   string
	// CallerARN and CallerAccessKeyID are the identity that called the
	// event; the key is empty for callers without one (an AWS service,
	// a SAML or web identity).
	CallerARN         string
	CallerAccessKeyID string
	AccessKeyID       string // the key the event issued
}

// Dossier is a subject's activity across a scope.
type Dossier struct {
	Kind                SubjectKind
	Value               string
	FirstSeen, LastSeen time.Time
	Events              int64
	Regions, Accounts   []ValueCount
	SourceIPs           []Sighting
	UserAgents          []Sighting
	Calls               []Sighting // "eventSource:eventName"
	ErrorCodes          []ValueCount
	// Resources are the resource names the subject's events touched
	// (the most used, at most 50).
	Resources []ValueCount
	// IssuedBy is the chain above a key, nearest link first; Issued the
	// keys the subject issued, and those issued with them, breadth first.
	IssuedBy []ChainLink
	Issued   []ChainLink
}

// FirstSighting is a value seen in a window and never before its start.
type FirstSighting struct {
	Value     string
	Count     int64 // events of the window holding it
	FirstSeen time.Time
}
