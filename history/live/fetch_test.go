package live

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/live/fakeapi"
	"github.com/trailview/trailview/history/store"
)

// Every test here talks to a real SDK client paced at the real rate, so a
// ten-page history takes about five seconds: the tests run in parallel.

func TestFetchTwoRegionsInParallel(t *testing.T) {
	t.Parallel()
	srv := newServer(t, "AKIATESTPARALLEL")
	acct := testAccount("AKIATESTPARALLEL")
	now := time.Now().UTC()
	srv.AddEvents(acct, "us-east-1", fakeapi.Generate(acct, "us-east-1", 430, now.Add(-time.Hour), 2*time.Hour, 1))
	srv.AddEvents(acct, "eu-west-1", fakeapi.Generate(acct, "eu-west-1", 260, now.Add(-time.Minute), 3*time.Hour, 2))
	// Outside the 90-day window: never asked for.
	srv.AddEvents(acct, "eu-west-1", fakeapi.Generate(acct, "eu-west-1", 3, now.Add(-100*24*time.Hour), time.Hour, 3))
	st := openStore(t)
	var updates int
	opts := testOptions(srv, "AKIATESTPARALLEL", "us-east-1", "eu-west-1")
	opts.Progress = func(p Progress) { updates++ }
	res, err := run(t, context.Background(), st, opts)
	if err != nil {
		t.Fatal(err)
	}
	noViolations(t, srv)
	sameEventsExcept(t, st, srv, acct, 3)
	if len(res) != 2 || res[0].State != "done" || res[1].State != "done" || res[0].Added != 430 || res[1].Added != 260 {
		t.Fatalf("results: %+v", res)
	}
	// Nine distinct pages asked for. A loaded machine (the race detector
	// beside other packages' tests) makes Go's transport or the SDK send a
	// request again after a transport error (one that may never reach the
	// server), so extra requests are allowed as long as every one the
	// server saw beyond the nine is a repeat of a page, never a new page.
	distinct, repeats := 0, 0
	for _, r := range srv.Log() {
		if r.Region != "us-east-1" {
			continue
		}
		if r.Repeat {
			repeats++
		} else {
			distinct++
		}
	}
	if res[0].Pages != 9 || distinct != 9 || res[0].Requests < int64(distinct+repeats) {
		t.Errorf("us-east-1: %d pages in %d requests; the server saw %d distinct requests and %d repeats, want 9 distinct",
			res[0].Pages, res[0].Requests, distinct, repeats)
	}
	if updates < 15 {
		t.Errorf("%d progress updates", updates)
	}
	// The two Regions ran at the same time: their requests interleave.
	log := srv.Log()
	first, last := map[string]time.Time{}, map[string]time.Time{}
	for _, r := range log {
		if first[r.Region].IsZero() {
			first[r.Region] = r.At
		}
		last[r.Region] = r.At
	}
	if first["eu-west-1"].After(last["us-east-1"]) {
		t.Error("Regions were fetched one after the other")
	}
	cov, err := st.Coverage(context.Background())
	if err != nil || len(cov) != 2 {
		t.Fatalf("coverage %+v %v", cov, err)
	}
	for _, c := range cov {
		if c.Account != acct || now.Sub(c.End) > time.Minute || c.End.Sub(c.Start) < history.RetentionWindow-time.Minute {
			t.Errorf("coverage %+v", c)
		}
	}
}

// sameEventsExcept is sameEvents for eu-west-1 and us-east-1 when the
// server holds n events of eu-west-1 older than the window.
func sameEventsExcept(t *testing.T, st *store.Store, srv *fakeapi.Server, acct string, n int) {
	t.Helper()
	got := storedIDs(t, st)
	want := len(srv.Events(acct, "us-east-1")) + len(srv.Events(acct, "eu-west-1")) - n
	if len(got) != want {
		t.Errorf("%d events stored, want %d", len(got), want)
	}
	for _, r := range []string{"us-east-1", "eu-west-1"} {
		for _, e := range srv.Events(acct, r) {
			old := time.Since(e.Time) > history.RetentionWindow
			if _, ok := got[e.ID]; ok == old {
				t.Errorf("event %s at %v: stored %v", e.ID, e.Time, ok)
			}
		}
	}
}

func TestFetchSurvivesThrottlingErrorsAndDroppedConnections(t *testing.T) {
	t.Parallel()
	srv := newServer(t, "AKIATESTFAULTS")
	acct := testAccount("AKIATESTFAULTS")
	now := time.Now().UTC()
	srv.AddEvents(acct, "us-east-1", fakeapi.Generate(acct, "us-east-1", 400, now, 3*time.Hour, 4))
	faults := map[int]fakeapi.Fault{
		2: fakeapi.Throttle, 3: fakeapi.Throttle, 4: fakeapi.Throttle, 5: fakeapi.Throttle, // beyond the SDK's 3 attempts
		7: fakeapi.InternalError, 8: fakeapi.InternalError,
		10: fakeapi.Drop,
		12: fakeapi.Throttle, 13: fakeapi.InternalError, 14: fakeapi.Drop,
	}
	srv.Hook = func(r fakeapi.Request) fakeapi.Fault { return faults[r.N] }
	st := openStore(t)
	res, err := run(t, context.Background(), st, testOptions(srv, "AKIATESTFAULTS", "us-east-1"))
	if err != nil {
		t.Fatal(err)
	}
	noViolations(t, srv)
	sameEvents(t, st, srv, acct, "us-east-1")
	log := srv.Log()
	// At least what the server saw: under load a resent request may fail
	// in the transport before it reaches the server.
	if res[0].Requests < int64(len(srv.Log())) || res[0].Retries == 0 {
		t.Errorf("progress counted %d requests and %d page retries; the server saw %d", res[0].Requests, res[0].Retries, len(srv.Log()))
	}
	// Every attempt, retries included, waited for its turn: the SDK's
	// 5 ms back-off never shortened the pacing.
	for i := 1; i < len(log); i++ {
		if gap := log[i].At.Sub(log[i-1].At); gap < DefaultInterval*8/10 {
			t.Errorf("requests %d and %d only %v apart", log[i-1].N, log[i].N, gap)
		}
	}
	// Every retry asked for the same page again.
	for i := 1; i < len(log); i++ {
		if faults[log[i-1].N] != fakeapi.None && log[i].Page != log[i-1].Page {
			t.Errorf("request %d after a failure asked another page", log[i].N)
		}
	}
}

func TestFetchStopsOnExpiredTokenAndContinuesNextRun(t *testing.T) {
	t.Parallel()
	srv := newServer(t, "AKIATESTEXPIRED")
	acct := testAccount("AKIATESTEXPIRED")
	now := time.Now().UTC()
	srv.AddEvents(acct, "us-east-1", fakeapi.Generate(acct, "us-east-1", 450, now, 4*time.Hour, 5))
	expired := true
	srv.Hook = func(r fakeapi.Request) fakeapi.Fault {
		if expired && r.Page == 5 {
			return fakeapi.ExpiredToken
		}
		return fakeapi.None
	}
	st := openStore(t)
	opts := testOptions(srv, "AKIATESTEXPIRED", "us-east-1")
	res, err := run(t, context.Background(), st, opts)
	if errorKind(err) != ErrExpiredToken || !strings.Contains(err.Error(), "expired") {
		t.Fatalf("want an expired-token error, got %v", err)
	}
	// Four pages came before the expired one, and all are kept.
	kept := len(storedIDs(t, st))
	if res[0].State != "failed" || res[0].Added != kept || kept != 200 {
		t.Fatalf("first run kept %d events: %+v; want the 4 pages of 50 fetched before the expiry", kept, res[0])
	}
	cov, _ := st.Coverage(context.Background())
	if len(cov) != 1 {
		t.Fatalf("coverage after the failure: %+v", cov)
	}
	before := len(srv.Log())
	expired = false
	res, err = run(t, context.Background(), st, opts)
	if err != nil {
		t.Fatal(err)
	}
	noViolations(t, srv)
	sameEvents(t, st, srv, acct, "us-east-1")
	// The second run asked for the few seconds since the first and then
	// resumed below what was stored (plus the overlap), not from the top:
	// one request for the new span, five pages of the rest, perhaps one
	// page of overlap.
	second := srv.Log()[before:]
	if max := 2 + (450-kept)/50 + 1; pagesAsked(second) > max {
		t.Errorf("second run asked for %d pages, want at most %d: %+v", pagesAsked(second), max, second)
	}
	for _, r := range second {
		if r.End.After(cov[0].Start.Add(6*time.Minute)) && r.Start.Before(cov[0].End.Add(-6*time.Minute)) {
			t.Errorf("second run asked again for stored span %v .. %v: %+v", cov[0].Start, cov[0].End, r)
		}
	}
	if res[0].Added != 450-kept {
		t.Errorf("second run added %d, want the %d not kept before", res[0].Added, 450-kept)
	}
}

func TestFetchResumesAfterCancel(t *testing.T) {
	t.Parallel()
	srv := newServer(t, "AKIATESTRESUME")
	acct := testAccount("AKIATESTRESUME")
	now := time.Now().UTC()
	srv.AddEvents(acct, "eu-central-1", fakeapi.Generate(acct, "eu-central-1", 480, now, 4*time.Hour, 6))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv.Hook = func(r fakeapi.Request) fakeapi.Fault {
		if r.Page == 5 {
			cancel() // half way: the fifth page is never committed
		}
		return fakeapi.None
	}
	st := openStore(t)
	opts := testOptions(srv, "AKIATESTRESUME", "eu-central-1")
	res, err := run(t, ctx, st, opts)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("want cancellation, got %v", err)
	}
	// The fifth page was being answered when the run was cancelled: it
	// may have arrived (and then it is kept, as a page that arrived before
	// Ctrl-C is) or not.
	kept := len(storedIDs(t, st))
	if (kept != 200 && kept != 250) || res[0].Added != kept {
		t.Fatalf("%d events kept after cancelling at page 5: %+v", kept, res)
	}
	srv.Hook = nil
	before := len(srv.Log())
	if _, err := run(t, context.Background(), st, opts); err != nil {
		t.Fatal(err)
	}
	noViolations(t, srv)
	sameEvents(t, st, srv, acct, "eu-central-1")
	// The second run fetched the rest, not everything again: one request
	// for the new span, the pages below what was kept, a page of overlap
	// and perhaps an empty last page (events are generated around the
	// clock, so where page boundaries fall varies from run to run).
	if n := pagesAsked(srv.Log()[before:]); n > 2+(480-kept)/50+1 {
		t.Errorf("the resumed run asked for %d pages; 10 pages in all, %d events were kept", n, kept)
	}
	cov, _ := st.Coverage(context.Background())
	if len(cov) != 1 {
		t.Errorf("coverage not merged into one span: %+v", cov)
	}
}

func TestFetchIncrementalFetchesOnlyWhatIsNew(t *testing.T) {
	t.Parallel()
	srv := newServer(t, "AKIATESTINCR")
	acct := testAccount("AKIATESTINCR")
	now := time.Now().UTC().Add(-2 * time.Hour)
	srv.AddEvents(acct, "us-west-2", fakeapi.Generate(acct, "us-west-2", 120, now, 6*time.Hour, 7))
	st := openStore(t)
	opts := testOptions(srv, "AKIATESTINCR", "us-west-2")
	opts.Now = func() time.Time { return now }
	if _, err := run(t, context.Background(), st, opts); err != nil {
		t.Fatal(err)
	}
	// An hour later: 30 new events, and one that arrived late with a time
	// inside the overlap.
	later := now.Add(time.Hour)
	fresh := fakeapi.Generate(acct, "us-west-2", 30, later.Add(-time.Minute), time.Minute, 8)
	late := fakeapi.Generate(acct, "us-west-2", 1, now.Add(-2*time.Minute), time.Minute, 9)
	srv.AddEvents(acct, "us-west-2", append(fresh, late...))
	opts.Now = func() time.Time { return later }
	before := len(srv.Log())
	res, err := run(t, context.Background(), st, opts)
	if err != nil {
		t.Fatal(err)
	}
	noViolations(t, srv)
	sameEvents(t, st, srv, acct, "us-west-2")
	// One request for the new span (sent again, it is the same page).
	reqs := srv.Log()[before:]
	for _, r := range reqs {
		if r.Start.Before(now.Add(-6 * time.Minute)) {
			t.Errorf("incremental run asked from %v; the previous run ended %v", r.Start, now)
		}
	}
	if n := pagesAsked(reqs); n != 1 {
		t.Errorf("incremental run: %d distinct requests, want 1: %+v", n, reqs)
	}
	if res[0].Added != 31 {
		t.Errorf("added %d, want 31", res[0].Added)
	}
	cov, _ := st.Coverage(context.Background())
	if len(cov) != 1 || !cov[0].End.Equal(later.Truncate(time.Second)) {
		t.Errorf("coverage %+v", cov)
	}
}

func TestFetchInsightsAndRealData(t *testing.T) {
	t.Parallel()
	dir := realData(t)
	src := openStore(t)
	if _, err := src.Load(context.Background(), []string{dir}, store.LoadOptions{}); err != nil {
		t.Fatal(err)
	}
	evs, err := fakeapi.FromStore(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	insights := 0
	var newest time.Time
	for _, e := range evs {
		if e.Insight {
			insights++
		}
		if e.Time.After(newest) {
			newest = e.Time
		}
	}
	if len(evs) < 400 || insights == 0 {
		t.Fatalf("real data gave %d events, %d insights", len(evs), insights)
	}
	srv := newServer(t, "AKIATESTREAL")
	acct := testAccount("AKIATESTREAL")
	srv.AddEvents(acct, "us-east-1", evs)
	st := openStore(t)
	opts := testOptions(srv, "AKIATESTREAL", "us-east-1")
	opts.Insights = true
	opts.Now = func() time.Time { return newest.Add(time.Hour) }
	opts.Retention = newest.Sub(time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC)) // the data spans ten years
	res, err := run(t, context.Background(), st, opts)
	if err != nil {
		t.Fatal(err)
	}
	noViolations(t, srv)
	sameEvents(t, st, srv, acct, "us-east-1")
	if len(res) != 2 || res[1].Category != history.Insight || res[1].Added != insights {
		t.Errorf("results %+v", res)
	}
	// Records arrive unchanged, and Username and Resources as the API
	// gave them.
	ctx := context.Background()
	n := 0
	src.Iterate(ctx, history.Query{}, true, func(want *history.Event) error {
		if n++; n > 60 || want.Time.IsZero() {
			return nil
		}
		got, err := st.Page(ctx, history.Query{Region: want.Region, Lookup: &history.LookupAttribute{Key: history.AttrEventID, Value: want.EventID}}, store.PageOptions{WithRaw: true})
		if err != nil || len(got) != 1 {
			t.Errorf("event %s: %v %d", want.EventID, err, len(got))
			return nil
		}
		if string(got[0].Raw) != string(want.Raw) || got[0].Username != want.Username || !got[0].ResourcesFromAPI || len(got[0].Resources) != len(want.Resources) {
			t.Errorf("event %s changed on the way:\n got %+v\nwant %+v", want.EventID, got[0], *want)
		}
		return nil
	})
}

func TestFetchListsAgainWhenTheServiceRefusesItsToken(t *testing.T) {
	t.Parallel()
	srv := newServer(t, "AKIATESTSTALE")
	acct := testAccount("AKIATESTSTALE")
	now := time.Now().UTC()
	srv.AddEvents(acct, "sa-east-1", fakeapi.Generate(acct, "sa-east-1", 230, now, 5*time.Hour, 12))
	// The third page's token is refused once.
	var mu sync.Mutex
	refused := -1
	srv.Hook = func(r fakeapi.Request) fakeapi.Fault {
		mu.Lock()
		defer mu.Unlock()
		if r.Page == 3 && refused < 0 {
			refused = r.N
			return fakeapi.StaleToken
		}
		return fakeapi.None
	}
	st := openStore(t)
	res, err := run(t, context.Background(), st, testOptions(srv, "AKIATESTSTALE", "sa-east-1"))
	if err != nil {
		t.Fatal(err)
	}
	noViolations(t, srv)
	sameEvents(t, st, srv, acct, "sa-east-1")
	// The request after the refused one lists again, without a token,
	// from below what was stored.
	log := srv.Log()
	mu.Lock()
	after := refused // N is 1-based: log[refused] is the next request
	mu.Unlock()
	if after < 0 || len(log) <= after || log[after].Token != "" || !log[after].End.Before(now.Add(-24*time.Hour)) {
		t.Errorf("after the refused token (request %d): %+v", after, log[min(max(after, 0), len(log)-1)])
	}
	if !strings.Contains(res[0].Note, "NextToken") {
		t.Errorf("note %q", res[0].Note)
	}
}
