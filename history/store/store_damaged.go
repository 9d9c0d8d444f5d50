package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strconv"
	"strings"

	"modernc.org/sqlite"
)

// ErrDamaged is returned when the store is a SQLite file that SQLite
// cannot read: truncated, or overwritten in part.
var ErrDamaged = errors.New("the store is damaged")

// sqliteMagic starts every SQLite database file.
var sqliteMagic = []byte("SQLite format 3\x00")

// integrityLines bounds how much of PRAGMA integrity_check is shown: the
// first problems say what happened; a damaged file may have thousands.
const integrityLines = 5

// explainUnreadable turns SQLite's "not a database" and "malformed"
// errors into what they mean here. A file that does not start like a
// SQLite database is some other file given as the store; one that does is
// a store (or other database) that was damaged, and saying "not a
// trailview store" then would send the user looking for another file.
func (s *Store) explainUnreadable(ctx context.Context, err error) error {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return err
	}
	if code := se.Code() & 0xff; code != 26 /* SQLITE_NOTADB */ && code != 11 /* SQLITE_CORRUPT */ {
		return err
	}
	head, rerr := readHead(s.path, len(sqliteMagic))
	if rerr != nil {
		return fmt.Errorf("%w (reading its first bytes: %v)", err, rerr)
	}
	if !bytes.Equal(head, sqliteMagic) {
		return fmt.Errorf("%w: the file is not a SQLite database", ErrForeignFile)
	}
	// Open names the file first; the hint names it again because it is
	// the thing to act on.
	return fmt.Errorf("%w: SQLite cannot read it (%s); restore %s from a backup, or move it aside and load or fetch again to make a new store",
		ErrDamaged, s.integrityReport(ctx, err), s.path)
}

// integrityReport gives the first lines of PRAGMA integrity_check, or
// SQLite's error when even that cannot run. The lines can hold names from
// the file itself, so control characters are escaped.
func (s *Store) integrityReport(ctx context.Context, openErr error) string {
	// writable_schema lets SQLite go on past a file shorter than its
	// header says (the usual damage: a copy or a disk cut short), so that
	// integrity_check can say which pages are gone. The connection is
	// read-only: nothing is written to the damaged file.
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: s.path}).EscapedPath()+"?mode=ro&_pragma=writable_schema(1)&_pragma=query_only(1)")
	if err != nil {
		return "SQLite: " + escapeControl(openErr.Error())
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, fmt.Sprintf("PRAGMA integrity_check(%d)", integrityLines))
	if err != nil {
		return "SQLite: " + escapeControl(openErr.Error())
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return "SQLite: " + escapeControl(err.Error())
		}
		// The first problem comes in one row with the header line.
		for _, l := range strings.Split(line, "\n") {
			if l != "" && !strings.HasPrefix(l, "*** in database") {
				lines = append(lines, escapeControl(l))
			}
		}
	}
	if err := rows.Err(); err != nil && len(lines) == 0 {
		// integrity_check may stop at a page it cannot read after naming
		// the first problems: those lines still say what is missing.
		return "SQLite: " + escapeControl(err.Error())
	}
	if len(lines) == 0 || (len(lines) == 1 && lines[0] == "ok") {
		// The damage is where integrity_check does not look (the header,
		// the freelist's tail): what failed is all there is to say.
		return "SQLite: " + escapeControl(openErr.Error())
	}
	more := ""
	if len(lines) > integrityLines {
		lines, more = lines[:integrityLines], "; …"
	}
	return "PRAGMA integrity_check: " + strings.Join(lines, "; ") + more
}

// readHead reads up to n bytes from the start of the file at path.
func readHead(path string, n int) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	buf := make([]byte, n)
	m, err := io.ReadFull(f, buf)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, err
	}
	return buf[:m], nil
}

// escapeControl shows control characters as Go escapes and keeps the rest.
func escapeControl(s string) string {
	q := strconv.Quote(s)
	return strings.ReplaceAll(q[1:len(q)-1], `\"`, `"`)
}
