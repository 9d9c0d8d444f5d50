package filter

import (
	"fmt"
	"strings"
)

// Error is a problem with the filter text, located so that the UI can
// underline it. Column and Length count runes, Column from 1.
type Error struct {
	Column int
	Length int
	Msg    string
	// Hint, when set, suggests a fix, such as the field the user probably
	// meant. Error() shows it in parentheses.
	Hint string
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "filter: %s at column %d", e.Msg, e.Column)
	if e.Hint != "" {
		b.WriteString(" (")
		b.WriteString(e.Hint)
		b.WriteString(")")
	}
	return b.String()
}

// errAt builds an Error for a span of the input.
func errAt(s span, format string, args ...any) *Error {
	n := s.len
	if n < 1 {
		n = 1
	}
	return &Error{Column: s.col, Length: n, Msg: fmt.Sprintf(format, args...)}
}

func (e *Error) hint(format string, args ...any) *Error {
	e.Hint = fmt.Sprintf(format, args...)
	return e
}

// didYouMean returns the candidate closest to s (ignoring case) when it is
// close enough to be a likely typo, or "".
func didYouMean(s string, candidates []string) string {
	s = strings.ToLower(s)
	best, bestDist := "", -1
	for _, c := range candidates {
		d := levenshtein(s, strings.ToLower(c))
		if bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	// One edit per three characters, at least one and at most three: close
	// enough to be a slip of the finger, far enough not to suggest noise.
	limit := min(max(len([]rune(s))/3, 1), 3)
	if bestDist < 0 || bestDist > limit {
		return ""
	}
	return best
}

// levenshtein is the edit distance between a and b in runes, counting a
// swap of two neighbours as one edit (optimal string alignment), since
// that is the commonest typing slip. Inputs are field names and values;
// longer ones are cut to keep the quadratic cost bounded.
func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	const maxLen = 64
	if len(ra) > maxLen {
		ra = ra[:maxLen]
	}
	if len(rb) > maxLen {
		rb = rb[:maxLen]
	}
	rows := make([][]int, len(ra)+1)
	for i := range rows {
		rows[i] = make([]int, len(rb)+1)
		rows[i][0] = i
	}
	for j := range rows[0] {
		rows[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d := min(rows[i-1][j]+1, rows[i][j-1]+1, rows[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d = min(d, rows[i-2][j-2]+1)
			}
			rows[i][j] = d
		}
	}
	return rows[len(ra)][len(rb)]
}
