package store

import (
	"strconv"
	"strings"
)

// The dictionary has one index besides its IDs, dict_nocase on (kind,
// value COLLATE NOCASE) (migration 0012): filters match values
// case-insensitively, and an exact lookup is a case-insensitive one that
// also compares the bytes, which the index holds (it is covering). A
// second index on (kind, value) only for exact lookups cost about 20
// bytes per event on busy accounts. A term compared without NOCASE
// cannot use the index beyond kind, so every exact lookup says both.

// dictExactSQL selects the ID of one exact string: ?1 is the kind, ?2 the
// value.
const dictExactSQL = "SELECT id FROM dict WHERE kind = ?1 AND value = ?2 COLLATE NOCASE AND value = ?2"

// dictLookupSQL selects the IDs and values of up to n exact strings of one
// kind: ?1 is the kind, ?2 to ?n+1 the values.
func dictLookupSQL(n int) string {
	var list strings.Builder
	for i := range n {
		if i > 0 {
			list.WriteByte(',')
		}
		list.WriteString("?" + strconv.Itoa(i+2))
	}
	return "SELECT id, value FROM dict WHERE kind = ?1 AND value COLLATE NOCASE IN (" + list.String() + ") AND value IN (" + list.String() + ")"
}
