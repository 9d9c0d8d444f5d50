package store

import (
	"fmt"
	"strings"
	"testing"

	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/record"
)

// TestLongWordsCappedInIndex: words longer than record.MaxIndexedWord are
// indexed by their capped prefix (busy trees' 560-character session tokens
// cost the index their full length otherwise), and full-text search on them
// stays exact: the whole token, a long prefix of it, and a phrase with it
// find the record; a token that shares only the capped prefix does not.
func TestLongWordsCappedInIndex(t *testing.T) {
	token := "IQoJb3JpZ2luX2VjE" + strings.Repeat("Ab3x", 136)    // 561 characters
	sibling := token[:record.MaxIndexedWord] + "ZZZdifferentTail" // same capped prefix
	rec := func(id, tok string) string {
		return fmt.Sprintf(`{"eventVersion":"1.08","eventTime":"2025-03-01T10:00:00Z","eventSource":"sts.amazonaws.com","eventName":"AssumeRole","awsRegion":"us-east-1","eventID":"%s","readOnly":true,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management","responseElements":{"credentials":{"sessionToken":"%s","accessKeyId":"ASIAEXAMPLEKEY000001"}}}`, id, tok)
	}
	dir := t.TempDir()
	path := writeFile(t, dir, "r.json", []byte(`{"Records":[`+rec("11111111-1111-4111-8111-111111111111", token)+`,`+
		rec("22222222-2222-4222-8222-222222222222", "shortword")+`]}`))
	s := openTempStore(t)
	if res := mustLoad(t, s, path); res.Added != 2 {
		t.Fatalf("added %d, want 2", res.Added)
	}
	var longest int
	if _, err := s.db.Exec(`CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, words, 'row')`); err != nil {
		t.Fatal(err)
	}
	if err := s.db.QueryRow(`SELECT max(length(term)) FROM temp.vocab`).Scan(&longest); err != nil {
		t.Fatal(err)
	}
	if longest > record.MaxIndexedWord {
		t.Errorf("the index holds a term of %d bytes; cap is %d", longest, record.MaxIndexedWord)
	}
	for _, tc := range []struct {
		term history.TextTerm
		want int
	}{
		{history.TextTerm{Text: token}, 1},
		{history.TextTerm{Text: strings.ToLower(token)}, 1},
		{history.TextTerm{Text: token[:45], Prefix: true}, 1},
		{history.TextTerm{Text: token[:20], Prefix: true}, 1},
		{history.TextTerm{Text: "ASIAEXAMPLEKEY000001 " + token}, 0}, // not one value: not a phrase
		{history.TextTerm{Text: sibling}, 0},
		{history.TextTerm{Text: token[:record.MaxIndexedWord]}, 0}, // a word, not the token
		{history.TextTerm{Text: token[:45]}, 0},
		{history.TextTerm{Text: "shortword"}, 1},
	} {
		got := allEvents(t, s, history.Query{Pred: tc.term})
		if len(got) != tc.want {
			t.Errorf("%.50q prefix=%v: %d events, want %d", tc.term.Text, tc.term.Prefix, len(got), tc.want)
		}
	}
}
