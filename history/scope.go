package history

import "time"

// Scope describes what the store holds for one Region and account: enough
// for the UI's Region switcher, the default Region and the default window.
type Scope struct {
	Region     string
	Account    string
	Management int64
	Insights   int64
	Oldest     time.Time // eventTime of the oldest event (any category)
	Newest     time.Time
}

// ScopeCount is the number of events of one Region or account.
type ScopeCount struct {
	Name       string
	Management int64
	Insights   int64
}
