package store_test

import (
	"compress/gzip"
	"database/sql"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// plainLoad is the baseline issue 3 compares against: what a careful first
// version would do with the same driver. One writer, 10,000-row
// transactions, indexes built after the rows, the raw record stored as text,
// and the columns of the spec's recommended schema (section 9), resources in
// a side table. It returns the number of events written.
func plainLoad(tb testing.TB, dir, dbPath string) int {
	db, err := sql.Open("sqlite", dbPath+"?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)")
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	for _, ddl := range []string{
		`CREATE TABLE events(event_id TEXT PRIMARY KEY, account_id TEXT, region TEXT, event_time INTEGER,
			event_name TEXT, event_source TEXT, read_only TEXT, access_key_id TEXT, username TEXT, error_code TEXT,
			source_ip TEXT, user_agent TEXT, request_id TEXT, event_type TEXT, event_category TEXT,
			recipient_account_id TEXT, raw_json TEXT, resources_origin TEXT)`,
		`CREATE TABLE event_resources(event_id TEXT, ord INTEGER, resource_type TEXT, resource_name TEXT)`,
	} {
		if _, err := db.Exec(ddl); err != nil {
			tb.Fatal(err)
		}
	}
	type identity struct {
		Type        string `json:"type"`
		UserName    string `json:"userName"`
		AccessKeyID string `json:"accessKeyId"`
		Arn         string `json:"arn"`
	}
	type rec struct {
		EventID      string   `json:"eventID"`
		EventTime    string   `json:"eventTime"`
		EventName    string   `json:"eventName"`
		EventSource  string   `json:"eventSource"`
		AwsRegion    string   `json:"awsRegion"`
		ReadOnly     *bool    `json:"readOnly"`
		ErrorCode    string   `json:"errorCode"`
		SourceIP     string   `json:"sourceIPAddress"`
		UserAgent    string   `json:"userAgent"`
		RequestID    string   `json:"requestID"`
		EventType    string   `json:"eventType"`
		Category     string   `json:"eventCategory"`
		Recipient    string   `json:"recipientAccountId"`
		UserIdentity identity `json:"userIdentity"`
		Resources    []struct {
			ARN  string `json:"ARN"`
			Type string `json:"type"`
		} `json:"resources"`
	}
	tx, _ := db.Begin()
	ins, _ := tx.Prepare(`INSERT OR IGNORE INTO events VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`)
	insRes, _ := tx.Prepare(`INSERT INTO event_resources VALUES(?,?,?,?)`)
	n, inTx := 0, 0
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".json.gz") {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		zr, err := gzip.NewReader(f)
		if err != nil {
			return err
		}
		var file struct{ Records []json.RawMessage }
		if err := json.NewDecoder(zr).Decode(&file); err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		for _, raw := range file.Records {
			var r rec
			if err := json.Unmarshal(raw, &r); err != nil {
				return err
			}
			ro := ""
			if r.ReadOnly != nil {
				ro = fmt.Sprint(*r.ReadOnly)
			}
			user := r.UserIdentity.UserName
			if i := strings.LastIndexByte(r.UserIdentity.Arn, '/'); r.UserIdentity.Type == "AssumedRole" && i >= 0 {
				user = r.UserIdentity.Arn[i+1:]
			}
			if _, err := ins.Exec(r.EventID, r.Recipient, r.AwsRegion, r.EventTime, r.EventName, r.EventSource, ro,
				r.UserIdentity.AccessKeyID, user, r.ErrorCode, r.SourceIP, r.UserAgent, r.RequestID, r.EventType,
				r.Category, r.Recipient, string(raw), "derived"); err != nil {
				return err
			}
			for i, res := range r.Resources {
				if _, err := insRes.Exec(r.EventID, i, res.Type, res.ARN); err != nil {
					return err
				}
			}
			n++
			if inTx++; inTx == 10000 {
				if err := tx.Commit(); err != nil {
					return err
				}
				tx, _ = db.Begin()
				ins, _ = tx.Prepare(`INSERT OR IGNORE INTO events VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`)
				insRes, _ = tx.Prepare(`INSERT INTO event_resources VALUES(?,?,?,?)`)
				inTx = 0
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
	for _, idx := range []string{
		`CREATE INDEX ev_scope ON events(account_id, region, event_time DESC, event_id DESC)`,
		`CREATE INDEX ev_name ON events(event_name, region, event_time)`,
		`CREATE INDEX ev_source ON events(event_source, region, event_time)`,
		`CREATE INDEX ev_user ON events(username, region, event_time)`,
		`CREATE INDEX ev_key ON events(access_key_id, region, event_time)`,
		`CREATE INDEX ev_ro ON events(read_only, region, event_time)`,
		`CREATE INDEX res_name ON event_resources(resource_name)`,
		`CREATE INDEX res_type ON event_resources(resource_type)`,
	} {
		if _, err := db.Exec(idx); err != nil {
			tb.Fatal(err)
		}
	}
	return n
}
