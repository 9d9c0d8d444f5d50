package history

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
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
	return fmt.Errorf("%w: %s is a SQLite file that cannot be read (%s); restore it from a backup, or move it aside and load or fetch again into a new store",
		ErrDamaged, s.path, s.integrityReport(ctx, err))
}

// integrityReport gives the first lines of PRAGMA integrity_check, or
// SQLite's error when even that cannot run. The lines can hold names from
// the file itself, so control characters are escaped.
func (s *Store) integrityReport(ctx context.Context, openErr error) string {
	rows, err := s.db.QueryContext(ctx, fmt.Sprintf("PRAGMA integrity_check(%d)", integrityLines))
	if err != nil {
		return "SQLite: " + escapeControl(err.Error())
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return "SQLite: " + escapeControl(err.Error())
		}
		lines = append(lines, escapeControl(line))
	}
	if err := rows.Err(); err != nil {
		return "SQLite: " + escapeControl(err.Error())
	}
	if len(lines) == 0 || (len(lines) == 1 && lines[0] == "ok") {
		// The damage is where integrity_check does not look (the header,
		// the freelist's tail): what failed is all there is to say.
		return "SQLite: " + escapeControl(openErr.Error())
	}
	return "integrity_check: " + strings.Join(lines, "; ")
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
