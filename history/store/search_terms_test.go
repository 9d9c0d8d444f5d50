package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/store"
)

// The search benchmark's term set is drawn from the store it runs on, so
// that the same benchmark measures any shape of data: words sampled from
// records across the window, banded by how many 64-event groups of the
// full-text index hold them, plus absent words, prefixes, phrases, JSON
// paths, field terms and pairs.

// searchCase is one filter of a class.
type searchCase struct {
	class string
	text  string
}

// sampledRecord is what the term builder keeps of a sampled record.
type sampledRecord struct {
	leaves map[string]string // dotted path -> string value (last one wins)
	words  []string
	ev     history.Event
}

// sampleRecords reads pages at evenly spaced times of the window, so that
// the sample covers the whole window and not only its newest day.
func sampleRecords(ctx context.Context, tb testing.TB, s *store.Store, q history.Query, points, per int) []sampledRecord {
	tb.Helper()
	var out []sampledRecord
	span := q.End.Sub(q.Start)
	for i := range points {
		pq := q
		pq.End = q.End.Add(-span * time.Duration(i) / time.Duration(points))
		evs, err := s.Page(ctx, pq, store.PageOptions{Limit: per, WithRaw: true})
		if err != nil {
			tb.Fatal(err)
		}
		for _, e := range evs {
			var v any
			if err := json.Unmarshal(e.Raw, &v); err != nil {
				tb.Fatalf("record of %s: %v", e.EventID, err)
			}
			r := sampledRecord{leaves: map[string]string{}, ev: e}
			walkLeaves("", v, r.leaves)
			seen := map[string]bool{}
			for _, val := range r.leaves {
				for _, w := range splitWords(val) {
					if len(w) >= 3 && !seen[w] {
						seen[w] = true
						r.words = append(r.words, w)
					}
				}
			}
			out = append(out, r)
		}
	}
	return out
}

// walkLeaves records the string leaves of v under their dotted paths;
// array elements share their array's path, as the filter's paths do. The
// record's own eventID and requestID are left out, as full text does.
func walkLeaves(path string, v any, out map[string]string) {
	switch x := v.(type) {
	case map[string]any:
		for k, c := range x {
			if path == "" && (k == "eventID" || k == "requestID") {
				continue
			}
			p := k
			if path != "" {
				p = path + "." + k
			}
			walkLeaves(p, c, out)
		}
	case []any:
		for _, c := range x {
			walkLeaves(path, c, out)
		}
	case string:
		out[path] = x
	}
}

func splitWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return r > unicode.MaxASCII || !(unicode.IsLetter(r) || unicode.IsDigit(r))
	})
}

// wordGroups is how many 64-event groups of the whole store hold word.
func wordGroups(ctx context.Context, tb testing.TB, s *store.Store, word string) int64 {
	tb.Helper()
	var n int64
	if err := s.QueryRowForTest(ctx, `SELECT count(*) FROM words WHERE words MATCH ?`, `"`+word+`"`).Scan(&n); err != nil {
		tb.Fatalf("groups of %q: %v", word, err)
	}
	return n
}

// plainValue is a value that needs no quoting in a filter.
var plainValue = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._/@-]{1,60}$`)

// buildSearchCases draws perClass filters of every class from recs.
func buildSearchCases(ctx context.Context, tb testing.TB, s *store.Store, recs []sampledRecord, perClass int) []searchCase {
	tb.Helper()
	rng := rand.New(rand.NewPCG(16, 16))
	var groups int64
	if err := s.QueryRowForTest(ctx, `SELECT count(*) FROM blocks`).Scan(&groups); err != nil {
		tb.Fatal(err)
	}
	bands := bandWords(ctx, tb, s, recs, groups, rng)
	var cases []searchCase
	add := func(class string, texts []string) {
		for _, t := range pick(rng, texts, perClass) {
			cases = append(cases, searchCase{class, t})
		}
	}
	for _, band := range []string{"rare", "middle", "common"} {
		add("word-"+band, bands[band])
	}
	var absent []string
	for i := 0; len(absent) < perClass && i < 100; i++ {
		w := fmt.Sprintf("zq%xvk", rng.Uint32())
		if wordGroups(ctx, tb, s, w) == 0 {
			absent = append(absent, w)
		}
	}
	add("word-absent", absent)
	var prefixes []string
	for i, band := range []string{"rare", "middle", "common"} {
		for _, w := range pick(rng, bands[band], perClass) {
			prefixes = append(prefixes, w[:min(len(w), 3+i%3)]+"*")
		}
	}
	add("prefix", prefixes)
	add("phrase", phrases(recs))
	presence, values := pathTerms(recs)
	add("path-present", presence)
	add("path-value", values)
	add("field", fieldTerms(recs))
	var pairs []string
	for i := range perClass {
		a := pick(rng, bands["middle"], 1)
		b := pick(rng, bands["common"], 1)
		f := pick(rng, fieldTerms(recs), 1)
		if len(a) == 0 || len(b) == 0 || len(f) == 0 {
			break
		}
		if i%2 == 0 {
			pairs = append(pairs, a[0]+" "+b[0])
		} else {
			pairs = append(pairs, b[0]+" "+f[0])
		}
	}
	add("pair", pairs)
	cases = append(cases, searchCase{"multi-prefix", "a* b* c* d* e*"}, searchCase{"multi-prefix", "de* st* re* us* ac*"},
		searchCase{"multi-prefix", "acc* des* sta* use* res*"})
	return cases
}

// bandWords sorts sampled words by the share of the store's groups that
// hold them: rare (at most 0.1%), middle, common (at least 10%).
func bandWords(ctx context.Context, tb testing.TB, s *store.Store, recs []sampledRecord, groups int64, rng *rand.Rand) map[string][]string {
	tb.Helper()
	seen := map[string]bool{}
	var all []string
	for _, r := range recs {
		for _, w := range r.words {
			if !seen[w] {
				seen[w] = true
				all = append(all, w)
			}
		}
	}
	sort.Strings(all)
	rng.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
	bands := map[string][]string{}
	for _, w := range all[:min(len(all), 600)] {
		n := wordGroups(ctx, tb, s, w)
		switch {
		case n == 0:
			// a word of a value full text leaves out (an own ID)
		case n*1000 <= groups:
			bands["rare"] = append(bands["rare"], w)
		case n*10 >= groups:
			bands["common"] = append(bands["common"], w)
		default:
			bands["middle"] = append(bands["middle"], w)
		}
	}
	return bands
}

// phrases are the first two or three words of multi-word values, quoted.
func phrases(recs []sampledRecord) []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range recs {
		for _, path := range sortedKeys(r.leaves) {
			ws := splitWords(r.leaves[path])
			if len(ws) < 3 {
				continue
			}
			p := `"` + strings.Join(ws[:2+len(out)%2], " ") + `"`
			if !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	return out
}

// pathTerms are presence (path:*) and exact-value terms on the sampled
// records' nested paths (the top-level fields have columns of their own).
func pathTerms(recs []sampledRecord) (presence, values []string) {
	seenP, seenV := map[string]bool{}, map[string]bool{}
	for _, r := range recs {
		for _, path := range sortedKeys(r.leaves) {
			if !strings.Contains(path, ".") || strings.HasPrefix(path, "userIdentity.") {
				continue
			}
			if !seenP[path] {
				seenP[path] = true
				presence = append(presence, path+":*")
			}
			if v := r.leaves[path]; plainValue.MatchString(v) && !strings.Contains(v, ":") && !seenV[path] {
				seenV[path] = true
				values = append(values, path+":"+v)
			}
		}
	}
	return presence, values
}

// fieldTerms are indexed-field terms of sampled events, and one that
// matches nothing.
func fieldTerms(recs []sampledRecord) []string {
	seen := map[string]bool{"user:nobody-has-this-name": true}
	out := []string{"user:nobody-has-this-name"}
	addTerm := func(field, v, suffix string) {
		t := field + ":" + v + suffix
		if v != "" && plainValue.MatchString(v) && !strings.Contains(v, ":") && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	for _, r := range recs {
		addTerm("event", r.ev.EventName, "")
		addTerm("user", r.ev.Username, "")
		addTerm("error", r.ev.ErrorCode, "")
		if len(r.ev.EventName) > 6 {
			addTerm("event", r.ev.EventName[:6], "*")
		}
	}
	return out
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// pick returns up to n elements of xs chosen at random, in a stable order
// for a seed.
func pick(rng *rand.Rand, xs []string, n int) []string {
	idx := rng.Perm(len(xs))
	out := make([]string, 0, n)
	for _, i := range idx[:min(n, len(idx))] {
		out = append(out, xs[i])
	}
	return out
}
