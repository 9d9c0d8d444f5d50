package ui

import (
	"context"
	"os"
	"reflect"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/store"
	"github.com/trailview/trailview/internal/benchstore"
)

// The speed goals of issue 7, measured on the shared 1,000,000-event
// store with the real model: every figure includes Update, the store
// queries the key caused, and View.
//
//	go test ./ui -run '^$' -bench . -benchtime 2000x

const benchEvents = 1_000_000

// asyncDriver runs commands the way Bubble Tea does, each on its own
// goroutine, and delivers their messages one at a time.
type asyncDriver struct {
	m    *Model
	msgs chan tea.Msg
	busy int
}

func (d *asyncDriver) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	d.busy++
	go func() { d.msgs <- cmd() }()
}

// step delivers one message and runs what it asks for.
func (d *asyncDriver) step() {
	msg := <-d.msgs
	d.busy--
	switch msg := msg.(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			d.run(c)
		}
	case nil:
	default:
		if strings.HasPrefix(reflect.TypeOf(msg).String(), "ui.") {
			_, cmd := d.m.Update(msg)
			d.run(cmd)
		}
	}
}

// until delivers messages until cond holds.
func (d *asyncDriver) until(cond func() bool) {
	for !cond() {
		d.step()
	}
}

// drain delivers everything still running (counts, prefetches).
func (d *asyncDriver) drain() {
	for d.busy > 0 {
		d.step()
	}
}

func (d *asyncDriver) key(k string) {
	for _, msg := range keyMsgs(k) {
		_, cmd := d.m.Update(msg)
		d.run(cmd)
	}
}

func benchOptions(st *store.Store) Options {
	// No watch ticks (WatchEvery < 0): drain waits for every command, and
	// a tick schedules the next one forever.
	return Options{Store: st, Now: func() time.Time { return benchstore.Now }, Local: time.UTC, WatchEvery: -1}
}

// BenchmarkFirstScreen is trailview's start: open the store, pick the
// Region and window, fetch and draw the first full screen of rows.
func BenchmarkFirstScreen(b *testing.B) {
	path := benchstore.Path(b, benchEvents)
	for _, region := range []string{"", "us-east-1"} {
		name := "busiest-region"
		if region != "" {
			name = "region-given"
		}
		b.Run(name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				st, err := store.Open(context.Background(), path, store.OpenOptions{ReadOnly: true})
				if err != nil {
					b.Fatal(err)
				}
				o := benchOptions(st)
				o.Region = region
				d := &asyncDriver{m: New(o), msgs: make(chan tea.Msg, 64)}
				d.run(d.m.Init())
				_, cmd := d.m.Update(tea.WindowSizeMsg{Width: 160, Height: 50})
				d.run(cmd)
				d.until(func() bool { return d.m.started && !d.m.tbl.resetting && len(d.m.tbl.rows) > 0 })
				_ = d.m.View()
				b.StopTimer()
				d.drain()
				st.Close()
				b.StartTimer()
			}
		})
	}
}

// latencies reports percentiles of per-key times.
func latencies(b *testing.B, ds []time.Duration) {
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	pct := func(p float64) float64 {
		return float64(ds[min(int(p*float64(len(ds))), len(ds)-1)]) / float64(time.Millisecond)
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(pct(1), "max-ms")
}

// benchScroll presses k b.N times on the whole store, timing each press
// from Update to View, including any page fetch it waits for: when the
// selection reaches the end of the buffer, the press is not done until
// the next page is there.
//
// paced lets the prefetches a press started finish before the next press,
// as at key-repeat speed (30 presses a second leave 33 ms between keys);
// burst sends the next key at once, so presses catch up with the pages
// still being read and wait for them.
func benchScroll(b *testing.B, k string, paced bool) {
	st, err := store.Open(context.Background(), benchstore.Path(b, benchEvents), store.OpenOptions{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	o := benchOptions(st)
	o.Region = "us-east-1"
	d := &asyncDriver{m: New(o), msgs: make(chan tea.Msg, 64)}
	d.run(d.m.Init())
	_, cmd := d.m.Update(tea.WindowSizeMsg{Width: 160, Height: 50})
	d.run(cmd)
	d.until(func() bool { return d.m.started && !d.m.tbl.resetting })
	d.key("x") // read and write events: the largest result
	d.until(func() bool { return !d.m.tbl.resetting })
	d.drain()
	ds := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if d.m.tbl.atEnd && d.m.tbl.cursor >= len(d.m.tbl.rows)-1 {
			b.StopTimer()
			d.key("g")
			d.until(func() bool { return !d.m.tbl.resetting })
			d.drain()
			b.StartTimer()
		}
		start := time.Now()
		before := d.m.selectedID()
		d.key(k)
		// A press that could not move waits for the page it asked for.
		for d.m.selectedID() == before && d.busy > 0 {
			d.step()
			d.key(k)
		}
		_ = d.m.View()
		ds = append(ds, time.Since(start))
		if paced {
			b.StopTimer()
			d.drain()
			b.StartTimer()
		} else {
			// Prefetches finish in the background, as in the program.
			for d.busy > 0 && len(d.msgs) > 0 {
				d.step()
			}
		}
	}
	b.StopTimer()
	d.drain()
	latencies(b, ds)
	b.ReportMetric(peakRSS(), "peak-RSS-MB")
}

func BenchmarkScrollLine(b *testing.B) {
	b.Run("paced", func(b *testing.B) { benchScroll(b, "j", true) })
	b.Run("burst", func(b *testing.B) { benchScroll(b, "j", false) })
}

func BenchmarkScrollPage(b *testing.B) {
	b.Run("paced", func(b *testing.B) { benchScroll(b, "pgdown", true) })
	b.Run("burst", func(b *testing.B) { benchScroll(b, "pgdown", false) })
}

// BenchmarkFilterIndexed applies a filter on an indexed field and times
// until its rows are on screen; the total count arrives later, in the
// background, as in the program. "filter" types it in the filter bar
// (package filter's SQL); "lookup" uses the lookup attribute dialog
// (LookupEvents' exact match). Common and rare values are both measured:
// a rare value is where a plan that walks the time index instead of the
// field's index costs the most.
func BenchmarkFilterIndexed(b *testing.B) {
	st, err := store.Open(context.Background(), benchstore.Path(b, benchEvents), store.OpenOptions{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	cases := []struct {
		name, filter string
		lookup       *history.LookupAttribute
	}{
		{"filter/event-common", "event:RunInstances", nil},
		{"filter/event-rare", "event:DeleteTrail", nil},
		{"filter/user-absent", "user:alice", nil},
		{"lookup/event-common", "", &history.LookupAttribute{Key: history.AttrEventName, Value: "RunInstances"}},
		{"lookup/event-rare", "", &history.LookupAttribute{Key: history.AttrEventName, Value: "DeleteTrail"}},
		{"lookup/user-absent", "", &history.LookupAttribute{Key: history.AttrUsername, Value: "alice"}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			o := benchOptions(st)
			o.Region = "us-east-1"
			d := &asyncDriver{m: New(o), msgs: make(chan tea.Msg, 64)}
			d.run(d.m.Init())
			_, cmd := d.m.Update(tea.WindowSizeMsg{Width: 160, Height: 50})
			d.run(cmd)
			d.until(func() bool { return d.m.started && !d.m.tbl.resetting })
			d.drain()
			ds := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				start := time.Now()
				if c.lookup != nil {
					d.m.q.lookup = c.lookup // what the dialog sets on enter
					d.run(d.m.requery())
				} else {
					d.key("/")
					d.m.top().(*filterBar).input.SetValue(c.filter)
					d.key("enter")
				}
				d.until(func() bool { return !d.m.tbl.resetting })
				_ = d.m.View()
				ds = append(ds, time.Since(start))
				b.StopTimer()
				d.drain()
				d.m.q.text, d.m.q.pred = "", nil // next press filters again
				b.StartTimer()
			}
			b.StopTimer()
			latencies(b, ds)
		})
	}
}

// peakRSS is the process's peak resident memory (VmHWM) in MB.
func peakRSS() float64 {
	runtime.GC()
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(l, "VmHWM:") {
			f := strings.Fields(l)
			kb, _ := strconv.Atoi(f[1])
			return float64(kb) / 1024
		}
	}
	return 0
}
