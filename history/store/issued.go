package store

import (
	"context"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/record"
	"modernc.org/sqlite"
)

// The issued table (migration 0007) maps an access key to the event that
// issued it. The writer fills it as it stores events (noteIssued); stores
// written before schema 7 are filled by the migration, which decodes only
// the issuing events' records through tv_issued_key.

func init() {
	sqlite.MustRegisterDeterministicScalarFunction("tv_issued_key", 4, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		rec, err := recordArg(args[1:])
		if err != nil {
			return nil, err
		}
		if k := issuedKey(textArg(args[0]), rec); k != "" {
			return k, nil
		}
		return nil, nil
	})
}

// issuedKey returns the access key ID an event's answer issued, or "".
// A value that does not look like an access key ID is ignored: the record
// is outside text, and a chain is only ever asked about keys.
func issuedKey(eventName string, rec []byte) string {
	if !slices.Contains(history.IssuingEvents, eventName) {
		return ""
	}
	resp, ok := record.GetMember(rec, "responseElements")
	if !ok {
		return ""
	}
	holder := "credentials"
	if eventName == "CreateAccessKey" {
		holder = "accessKey"
	}
	obj, ok := record.GetMember(resp, holder)
	if !ok {
		return ""
	}
	raw, ok := record.GetMember(obj, "accessKeyId")
	if !ok {
		return ""
	}
	var key string
	if json.Unmarshal(raw, &key) != nil || !history.LooksLikeAccessKeyID(key) {
		return ""
	}
	return key
}

// noteIssued records the key an issuing event issued, in the writer's
// transaction (so a unit rolled back takes its rows with it).
func (w *writer) noteIssued(ctx context.Context, id int64, p *record.Parsed) error {
	key := issuedKey(p.EventName, p.Record)
	if key == "" {
		return nil
	}
	var caller any
	if p.AccessKeyID != "" {
		caller = p.AccessKeyID
	}
	st, err := w.stmt(ctx, "INSERT INTO issued(key, event, caller) VALUES (?, ?, ?)")
	if err != nil {
		return fmt.Errorf("issued key %s: %w", key, err)
	}
	if _, err := st.ExecContext(ctx, key, id, caller); err != nil {
		return fmt.Errorf("issued key %s: %w", key, err)
	}
	return nil
}
