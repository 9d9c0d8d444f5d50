package store_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/trailview/trailview/filter"
	"github.com/trailview/trailview/history/store"
)

// sqlVocabulary is every word compiled SQL may contain. The check below
// proves that no input leaks text into the SQL: values travel as ? args.
var sqlVocabulary = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`AND OR NOT IN IS NULL SELECT id FROM dict WHERE kind value COLLATE NOCASE
		e r resource_names resource_types event name_id type_id source_id user_id region_id account_id key_id error_id ip_id agent_id
		itype_id iarn_id event_id request_id read_only cat time_us raw rowid words MATCH
		tv_glob tv_cidr tv_match tv_text tv_match_cached tv_text_cached COALESCE tv_eid_text exists eq glob
		CASE WHEN length THEN END blocks z`) {
		sqlVocabulary[w] = true
	}
}

var (
	sqlWord  = regexp.MustCompile(`[A-Za-z_][A-Za-z0-9_]*`)
	sqlOther = regexp.MustCompile(`^[\s(),.?=<>!0-9']*$`)
)

// checkSQLShape fails when the SQL the store compiled a filter's
// predicate to holds anything but the fixed vocabulary, punctuation,
// numbers and the quoted constants the compiler writes itself; and when
// placeholders and args disagree.
func checkSQLShape(t testing.TB, text string, c store.SQLForTest) {
	t.Helper()
	s := c.Where
	for _, lit := range []string{"'exists'", "'eq'", "'glob'", "''"} {
		s = strings.ReplaceAll(s, lit, " ")
	}
	if strings.Contains(s, "'") || strings.Contains(s, "--") || strings.Contains(s, ";") || strings.Contains(s, "/*") {
		t.Fatalf("filter %q: SQL has a quote or comment: %s", text, c.Where)
	}
	for _, w := range sqlWord.FindAllString(s, -1) {
		if !sqlVocabulary[w] {
			t.Fatalf("filter %q: SQL has the word %q outside the vocabulary: %s", text, w, c.Where)
		}
	}
	if rest := sqlWord.ReplaceAllString(s, " "); !sqlOther.MatchString(rest) {
		t.Fatalf("filter %q: SQL has unexpected characters: %q", text, rest)
	}
	if n := strings.Count(c.Where, "?"); n != len(c.Args) {
		t.Fatalf("filter %q: %d placeholders, %d args", text, n, len(c.Args))
	}
}

// TestCheapTermsFirst checks that AND puts column tests before terms that
// decompress records, whatever order they were typed in.
func TestCheapTermsFirst(t *testing.T) {
	f, err := filter.Compile("requestParameters.bucketName:x deleted event:DeleteBucket readonly:false", fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := compiledSQL(t, openStore(t), f)
	ro := strings.Index(c.Where, "e.read_only")
	ev := strings.Index(c.Where, "e.name_id")
	fts := strings.Index(c.Where, "tv_text")
	path := strings.Index(c.Where, "tv_match")
	if !(ro < ev && ev < fts && fts < path) {
		t.Errorf("terms not ordered by cost: %s", c.Where)
	}
}
