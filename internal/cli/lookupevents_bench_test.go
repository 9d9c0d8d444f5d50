package cli

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/store"
	"github.com/trailview/trailview/internal/benchstore"
)

// BenchmarkLookupEvents1M measures one LookupEvents page of 50 on the
// 1,000,000-event benchmark store: the first page, and the last full page
// reached by following NextToken through the whole answer. Keyset paging
// makes both cost the same; OFFSET paging would make the deep one scan
// everything before it.
//
//	go test -run '^$' -bench 'LookupEvents1M' -benchtime 200x -timeout 60m ./internal/cli
func BenchmarkLookupEvents1M(b *testing.B) {
	ctx := context.Background()
	s, err := store.Open(ctx, benchstore.Path(b, 1_000_000), store.OpenOptions{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	region, err := s.BusiestRegion(ctx)
	if err != nil {
		b.Fatal(err)
	}
	name := mostCommon(b, s, "SELECT name_id AS x FROM events WHERE region_id = (SELECT id FROM dict WHERE kind = 1 AND value = ?) AND cat = 0", region)
	rtype := mostCommon(b, s, "SELECT type_id AS x FROM resource_types WHERE region_id = (SELECT id FROM dict WHERE kind = 1 AND value = ?) AND cat = 0", region)
	deepTokens := map[string]string{}
	for _, c := range []struct {
		name string
		attr []history.LookupAttribute
	}{
		{"EventName", []history.LookupAttribute{{Key: history.AttrEventName, Value: name}}},
		{"ResourceType", []history.LookupAttribute{{Key: history.AttrResourceType, Value: rtype}}},
		{"NoAttribute", nil},
	} {
		in := history.LookupInput{Region: region, LookupAttributes: c.attr, Now: benchstore.Now}
		// Walk the whole answer once to find the deepest token.
		pages, deep := 0, ""
		for tok := ""; ; pages++ {
			in.NextToken = tok
			out, err := s.LookupEvents(ctx, in)
			if err != nil {
				b.Fatal(err)
			}
			if out.NextToken == "" {
				break
			}
			deep, tok = tok, out.NextToken
		}
		deepTokens[c.name] = deep
		for _, p := range []struct {
			name, token string
		}{{"first", ""}, {fmt.Sprintf("page%d", pages), deep}} {
			b.Run(c.name+"/"+p.name, func(b *testing.B) {
				in.NextToken = p.token
				for b.Loop() {
					out, err := s.LookupEvents(ctx, in)
					if err != nil {
						b.Fatal(err)
					}
					if len(out.Events) != 50 || out.NextToken == "" {
						b.Fatalf("%d events, token %q", len(out.Events), out.NextToken)
					}
				}
				b.ReportMetric(float64(pages*50), "events-in-answer")
			})
		}
	}
	benchmarkCommand(b, region, name, deepTokens["EventName"])
}

// benchmarkCommand measures the whole command, store opening and JSON
// output included, for the first 50 events of an attribute lookup and for
// 50 events resumed with --starting-token at the deepest page. The command
// opens its store for writing, so it runs on a copy of the shared one (the
// copy keeps the token secret, so the engine's token stays valid).
func benchmarkCommand(b *testing.B, region, name, deep string) {
	src := benchstore.Path(b, 1_000_000)
	db := filepath.Join(b.TempDir(), "copy.db")
	if err := copyFile(src, db); err != nil {
		b.Fatal(err)
	}
	resume := base64.StdEncoding.EncodeToString([]byte(`{"NextToken": "` + deep + `"}`))
	common := []string{"--db", db, "--region", region, "--now", benchstore.Now.Format(time.RFC3339),
		"--lookup-attributes", "AttributeKey=EventName,AttributeValue=" + name, "--max-items", "50"}
	for _, c := range []struct {
		name string
		args []string
	}{{"first", common}, {"deep", append(append([]string{}, common...), "--starting-token", resume)}} {
		b.Run("Command/EventName/"+c.name, func(b *testing.B) {
			env := Env{Stdout: io.Discard, Stderr: io.Discard, Getenv: func(string) string { return "UTC" }, Now: time.Now}
			for b.Loop() {
				if code := LookupEvents(context.Background(), env, c.args); code != 0 {
					b.Fatalf("exit %d", code)
				}
			}
		})
	}
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// mostCommon returns the text of the dictionary ID that query (returning
// one ID column named x) yields most often.
func mostCommon(b *testing.B, s *store.Store, query string, args ...any) string {
	b.Helper()
	var v string
	err := s.QueryRowForTest(context.Background(), "SELECT value FROM dict WHERE id = (SELECT x FROM ("+query+") GROUP BY x ORDER BY count(*) DESC LIMIT 1)", args...).Scan(&v)
	if err != nil {
		b.Fatalf("most common value: %v", err)
	}
	return v
}
