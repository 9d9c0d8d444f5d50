package store

import (
	"context"
	"errors"
	"testing"
)

// TestFlushLeavesBlocksStillCompressing: a flush of whole statements
// (not at a commit) does not wait for a block whose compression is still
// running; it writes the statement's blocks once all of them are done,
// and a flush of everything (a commit) waits for them.
func TestFlushLeavesBlocksStillCompressing(t *testing.T) {
	ctx := context.Background()
	s := openTempStore(t)
	w, err := newWriter(ctx, s, newKnownFiles(), &loadStats{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.abort()
	if err := w.begin(ctx); err != nil {
		t.Fatal(err)
	}
	const per = 4
	newJobs := func(first int64) []*blockJob {
		var jobs []*blockJob
		for i := range int64(per) {
			jobs = append(jobs, &blockJob{id: first + i, done: make(chan struct{}), z: []byte{1}})
		}
		return jobs
	}
	written := 0
	row := func(j *blockJob) ([]any, error) {
		if !j.finished() {
			return nil, errors.New("the flush waited for a block still being compressed")
		}
		written++
		return []any{j.id, j.z}, nil
	}
	jobs := newJobs(0)
	for _, j := range jobs[:per-1] {
		close(j.done)
	}
	if err := flushJobs(ctx, w, &jobs, false, per, blocksTable, (*blockJob).finished, row); err != nil {
		t.Fatal(err)
	}
	if len(jobs) != per || written != 0 {
		t.Fatalf("after a flush with one block compressing: %d blocks left, %d written; want %d and 0", len(jobs), written, per)
	}
	close(jobs[per-1].done)
	if err := flushJobs(ctx, w, &jobs, false, per, blocksTable, (*blockJob).finished, row); err != nil {
		t.Fatal(err)
	}
	if len(jobs) != 0 || written != per {
		t.Fatalf("after the last block finished: %d blocks left, %d written; want 0 and %d", len(jobs), written, per)
	}
	// At a commit every block goes in: a flush of all waits.
	jobs = newJobs(per)
	compressing := append([]*blockJob(nil), jobs...)
	go func() {
		for _, j := range compressing {
			close(j.done)
		}
	}()
	waiting := func(j *blockJob) ([]any, error) { <-j.done; return row(j) }
	if err := flushJobs(ctx, w, &jobs, true, per, blocksTable, (*blockJob).finished, waiting); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := w.tx.QueryRowContext(ctx, "SELECT count(*) FROM blocks").Scan(&n); err != nil || n != 2*per {
		t.Fatalf("blocks rows: %d (%v), want %d", n, err, 2*per)
	}
}

// TestFlushWaitsPastTheBacklog: a flush leaves unfinished blocks for
// later only up to backlogJobs statements' worth; past that it waits for
// the oldest, so the blocks held in memory stay bounded.
func TestFlushWaitsPastTheBacklog(t *testing.T) {
	ctx := context.Background()
	s := openTempStore(t)
	w, err := newWriter(ctx, s, newKnownFiles(), &loadStats{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.abort()
	if err := w.begin(ctx); err != nil {
		t.Fatal(err)
	}
	const per = 4
	var jobs []*blockJob
	for i := range int64(backlogJobs * per) {
		jobs = append(jobs, &blockJob{id: i, done: make(chan struct{}), z: []byte{1}})
	}
	waited := 0
	row := func(j *blockJob) ([]any, error) {
		if !j.finished() {
			waited++
			close(j.done) // the compression the flush waits for ends
		}
		return []any{j.id, j.z}, nil
	}
	below := jobs[: len(jobs)-1 : len(jobs)-1]
	if err := flushJobs(ctx, w, &below, false, per, blocksTable, (*blockJob).finished, row); err != nil {
		t.Fatal(err)
	}
	if waited != 0 {
		t.Fatalf("below the backlog the flush waited for %d blocks, want none", waited)
	}
	if err := flushJobs(ctx, w, &jobs, false, per, blocksTable, (*blockJob).finished, row); err != nil {
		t.Fatal(err)
	}
	if waited == 0 || len(jobs) >= backlogJobs*per {
		t.Fatalf("at the backlog the flush waited for %d blocks and left %d, want a wait and fewer than %d", waited, len(jobs), backlogJobs*per)
	}
}
