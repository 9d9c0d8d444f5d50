package history

import (
	"errors"
	"fmt"
	"time"
)

// Coverage is a span of Event history that 'trailview fetch' has copied
// completely: every event of the account, Region and category with an
// eventTime from Start to End (both inclusive) is in the store.
type Coverage struct {
	Account  string
	Region   string
	Category Category // Management or Insight
	Start    time.Time
	End      time.Time
	Updated  time.Time // when the span last grew; set by the store
}

func (c Coverage) Validate() error {
	switch {
	case c.Account == "" || c.Region == "":
		return errors.New("coverage needs an account and a Region")
	case c.Category != Management && c.Category != Insight:
		return fmt.Errorf("coverage of category %v: only Management and Insight exist in Event history", c.Category)
	case c.Start.IsZero() || c.End.IsZero() || c.End.Before(c.Start):
		return fmt.Errorf("coverage span %v .. %v is empty", c.Start, c.End)
	}
	return nil
}
