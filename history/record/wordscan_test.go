package record

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/trailview/trailview/history"
)

// referenceWords is the definition of a record's full-text words: those of
// the values forEachSearchedValue gives, split by forEachWord, as tv_text
// sees them.
func referenceWords(rec []byte) map[string]struct{} {
	set := map[string]struct{}{}
	forEachSearchedValue(rec, func(s string) {
		history.ForEachWord(s, func(w string) {
			w, _ = capWord(w) // the index keeps long words' first bytes (MaxIndexedWord)
			set[w] = struct{}{}
		})
	})
	return set
}

func sortedWords(set map[string]struct{}) []string {
	out := make([]string, 0, len(set))
	for w := range set {
		out = append(out, w)
	}
	sort.Strings(out)
	return out
}

// docWordsOnce returns the words of a document sorted, failing if one is
// there twice.
func docWordsOnce(t *testing.T, doc string) []string {
	t.Helper()
	set := map[string]struct{}{}
	for _, w := range strings.Fields(doc) {
		if _, dup := set[w]; dup {
			t.Fatalf("word %q twice in one document", w)
		}
		set[w] = struct{}{}
	}
	if doc != "" && len(set) != strings.Count(doc, " ")+1 {
		t.Fatalf("document %q is not single-spaced", doc)
	}
	return sortedWords(set)
}

func checkWordScanner(t *testing.T, rec []byte) {
	t.Helper()
	compact, err := CompactJSON(nil, rec)
	if err != nil {
		return // not JSON: the loader refuses it before any words
	}
	var ws WordScanner
	ws.set.Reset()
	ws.Add(compact)
	got, want := docWordsOnce(t, string(ws.set.doc)), sortedWords(referenceWords(compact))
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("words of %.200s\n got %v\nwant %v", compact, got, want)
	}
}

// TestWordScannerMatchesDefinition: the one-pass scanner the loader uses
// gives exactly the reference words, on awkward values and on every real
// record.
func TestWordScannerMatchesDefinition(t *testing.T) {
	for _, rec := range []string{
		record("11111111-2222-3333-4444-555555555555", "RunInstances", ""),
		`{"eventID":"aaa-bbb","requestID":"CCC","x":{"eventID":"nested-id-kept","requestID":7}}`,
		`{"a":"Ünïcödé Straße ΣΊΣΥΦΟΣ 東京 x"}`,
		`{"a":"esc\"aped \\ \n new\u00e9line \u0041BC","b":["x\ty","Z"]}`,
		`{"n":-12.5e+10,"m":0,"t":true,"f":false,"z":null,"arr":[1,2,[3,{"k":"v"}]],"e":{},"l":[]}`,
		`{"":"empty key","k\"ey":"v"}`,
		`["top","array",{"eventID":"in-array-kept"}]`,
		`"just a string"`,
		`{"a":"--- ... ///","b":"MiXeD CaSe WoRdS","c":"a1b2-C3D4"}`,
		`{"eventID":{"odd":"object value"},"requestID":["list"],"next":"after"}`,
	} {
		checkWordScanner(t, []byte(rec))
	}
	dir := requireRealData(t)
	n := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".json") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		sp := NewSplitter(strings.NewReader(string(data)))
		defer sp.Release()
		for {
			rec, _, err := sp.Next(nil)
			if err != nil {
				break
			}
			checkWordScanner(t, rec)
			n++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 100 {
		t.Fatalf("only %d real records checked", n)
	}
}

func FuzzWordScanner(f *testing.F) {
	f.Add([]byte(`{"eventID":"x","a":["b",1,{"c":"D e"}]}`))
	f.Add([]byte(`{"a":"\u00e9\"q"}`))
	f.Fuzz(func(t *testing.T, rec []byte) { checkWordScanner(t, rec) })
}

// TestWordSetKeepsEachWordOnce: across growth of its table and from one
// document to the next, every word is in the document exactly once.
func TestWordSetKeepsEachWordOnce(t *testing.T) {
	var s WordSet
	for round := 0; round < 3; round++ {
		s.Reset()
		n := 100 + 3000*round
		want := map[string]struct{}{}
		for i := 0; i < 2*n; i++ {
			w := fmt.Sprintf("w%d", (i*7)%n)
			s.Add([]byte(w))
			want[w] = struct{}{}
		}
		if got := docWordsOnce(t, string(s.doc)); strings.Join(got, " ") != strings.Join(sortedWords(want), " ") {
			t.Fatalf("round %d: %d words in the document, want %d", round, len(got), len(want))
		}
	}
}
