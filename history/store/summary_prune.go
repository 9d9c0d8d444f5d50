package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
)

// Prune deletes the events before a cutoff, which may fall inside an hour
// and a day, and keeps the events without a time (time 0, in hour and
// day 0): recounting from the events every hour and day up to the one
// holding the cutoff keeps the summaries exact for what remains.

const (
	hourSQL = "(e.time_us - (e.time_us < 0) * 3599999999) / 3600000000"
	daySQL  = "(e.time_us - (e.time_us < 0) * 86399999999) / 86400000000"
	// dayBoundsSQL is summary_day's first_off and span_us of a group.
	dayBoundsSQL = "min(e.time_us) - " + daySQL + " * 86400000000, max(e.time_us) - min(e.time_us)"
)

// summaryRecountSQL is the statements that count, into the summary
// tables, the events e for which cond holds (the same counts as
// migration 0006 and countSummary).
func summaryRecountSQL(cond string) []string {
	out := []string{`INSERT INTO summary_hour
		SELECT e.region_id, e.cat, ` + hourSQL + ` AS h, e.account_id, coalesce(e.read_only, 2) AS r,
			count(*), count(e.error_id), min(e.time_us), max(e.time_us)
		FROM events e WHERE ` + cond + ` GROUP BY e.region_id, e.cat, h, e.account_id, r`}
	for _, k := range summaryKinds {
		out = append(out, `INSERT INTO summary_day
			SELECT `+strconv.Itoa(int(k.kind))+`, e.region_id, e.cat, `+daySQL+` AS d, e.`+k.col+`, e.account_id, coalesce(e.read_only, 2) AS r,
				count(*), `+dayBoundsSQL+`
			FROM events e WHERE e.`+k.col+` IS NOT NULL AND `+cond+` GROUP BY e.region_id, e.cat, d, e.`+k.col+`, e.account_id, r`)
	}
	for _, k := range []struct {
		kind dictKind
		col  string
	}{{kindResourceType, "type_id"}, {kindResourceName, "name_id"}} {
		kind := strconv.Itoa(int(k.kind))
		out = append(out, `INSERT INTO summary_day
			SELECT `+kind+`, e.region_id, e.cat, `+daySQL+` AS d, rf.`+k.col+`, e.account_id, coalesce(e.read_only, 2) AS r,
				count(*), `+dayBoundsSQL+`
			FROM `+resourceTableOf(k.col)+` rf JOIN events e ON e.id = rf.event WHERE rf.`+k.col+` IS NOT NULL AND `+cond+`
			GROUP BY e.region_id, e.cat, d, rf.`+k.col+`, e.account_id, r`,
			`INSERT INTO summary_day
			SELECT `+kind+`, e.region_id, e.cat, `+daySQL+` AS d, 0, e.account_id, coalesce(e.read_only, 2) AS r,
				count(*), `+dayBoundsSQL+`
			FROM events e WHERE `+cond+` AND EXISTS (SELECT 1 FROM `+resourceTableOf(k.col)+` rf WHERE rf.event = e.id AND rf.`+k.col+` IS NOT NULL
				AND rf.`+k.col+` NOT IN (SELECT id FROM dict WHERE kind = `+kind+` AND value = '' COLLATE NOCASE))
			GROUP BY e.region_id, e.cat, d, e.account_id, r`)
	}
	return out
}

// recountSummariesBefore recounts, within tx, the summaries of every
// hour and day up to those holding cut, after the events before cut were
// deleted.
func recountSummariesBefore(ctx context.Context, tx *sql.Tx, cut int64) error {
	lastHour, lastDay := floorDiv(cut, hourUS), floorDiv(cut, dayUS)
	if _, err := tx.ExecContext(ctx, "DELETE FROM summary_hour WHERE hour <= ?", lastHour); err != nil {
		return fmt.Errorf("prune: recount hours: %w", err)
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM summary_day WHERE day <= ?", lastDay); err != nil {
		return fmt.Errorf("prune: recount days: %w", err)
	}
	stmts := summaryRecountSQL("e.time_us < ?")
	for i, q := range stmts {
		end := (lastDay + 1) * dayUS
		if i == 0 {
			end = (lastHour + 1) * hourUS
		}
		if _, err := tx.ExecContext(ctx, q, end); err != nil {
			return fmt.Errorf("prune: recount summaries: %w", err)
		}
	}
	// Counts over all time: recounted whole from the days, as a prune
	// is rare and changes the counts of every value it touched.
	stmts = append(append([]string{"DELETE FROM summary_rank"}, summaryRankRecountSQL()...), "DELETE FROM summary_values", summaryValuesRecountSQL())
	for _, q := range stmts {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("prune: recount values: %w", err)
		}
	}
	return nil
}
