package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"sort"
	"sync"

	"github.com/trailview/trailview/history"
	"github.com/trailview/trailview/history/record"
)

// unit is one all-or-nothing piece of input: a file, or a member of a zip
// archive. Its events are committed together or not at all.
type unit struct {
	name    string
	path    string // on disk; "" for zip members and stdin
	size    int64
	mtimeNS int64
	sha     [32]byte
	hasSHA  bool
	skip    string // why the unit was skipped whole: "unchanged", "digest", "not JSON" or "hidden"
	skipWhy string // the reason in words, for 'load -v'
	changed bool   // loaded before with the same path, size and mtime, but its content differs

	records     int64 // records read, whatever became of them
	skippedData int64 // data and network-activity events (not Event history)
}

// unitMsg carries parsed records from a worker to the writer. A unit's
// messages are some chunks and then one with end set.
type unitMsg struct {
	unit   *unit
	recs   []record.Parsed
	groups []string // full-text documents, one per 64 records of recs
	last   bool     // no more chunks follow for this unit
	end    bool
	err    *InputError
}

// whyDigestName is the reason a digest file recognised by its name is skipped.
const whyDigestName = "a CloudTrail digest file (by its name or its CloudTrail-Digest folder)"

const chunkRecords = 4096

// Files up to this size are read into memory whole, which lets an
// unchanged file be recognised by its hash before any parsing. A variable
// so that tests can send small files down the large files' path.
var smallFileBytes int64 = 32 << 20

// knownFiles remembers which files the store already holds. A tree of a
// busy account has hundreds of thousands of files, so it keeps 16-byte
// digests rather than paths: the table of a million-event tree took ~60 MB
// as strings.
type knownFiles struct {
	mu      sync.RWMutex
	byStat  map[fileDigest]struct{} // path, size and mtime
	byHash  map[fileDigest]struct{} // content hash and size
	nextID  int64
	loading bool
}

// fileDigest identifies a file by the first 16 bytes of a SHA-256: a false
// match (which would skip a file) needs a 128-bit collision.
type fileDigest [16]byte

func newKnownFiles() *knownFiles {
	return &knownFiles{byStat: map[fileDigest]struct{}{}, byHash: map[fileDigest]struct{}{}}
}

func statDigest(path string, size, mtimeNS int64) fileDigest {
	h := sha256.New()
	var n [16]byte
	binary.LittleEndian.PutUint64(n[:8], uint64(size))
	binary.LittleEndian.PutUint64(n[8:], uint64(mtimeNS))
	h.Write(n[:])
	io.WriteString(h, path)
	var d fileDigest
	copy(d[:], h.Sum(nil))
	return d
}

func hashDigest(sha [32]byte, size int64) fileDigest {
	var d fileDigest
	copy(d[:], sha[:16])
	binary.LittleEndian.PutUint64(d[8:], binary.LittleEndian.Uint64(d[8:])^uint64(size))
	return d
}

func (k *knownFiles) hasStat(u *unit) bool {
	if u.path == "" {
		return false
	}
	d := statDigest(u.path, u.size, u.mtimeNS)
	k.mu.RLock()
	defer k.mu.RUnlock()
	_, ok := k.byStat[d]
	return ok
}

func (k *knownFiles) hasHash(sha [32]byte, size int64) bool {
	d := hashDigest(sha, size)
	k.mu.RLock()
	defer k.mu.RUnlock()
	_, ok := k.byHash[d]
	return ok
}

func (k *knownFiles) add(u *unit) {
	// Hash before taking the lock: the workers' lookups wait on it.
	var byStat, byHash fileDigest
	if u.path != "" {
		byStat = statDigest(u.path, u.size, u.mtimeNS)
	}
	if u.hasSHA {
		byHash = hashDigest(u.sha, u.size)
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if u.path != "" {
		k.byStat[byStat] = struct{}{}
	}
	if u.hasSHA {
		k.byHash[byHash] = struct{}{}
	}
}

// worker turns inputs into parsed chunks.
type worker struct {
	known    *knownFiles
	checksum bool   // compare the content of files whose stat matches (LoadOptions.Checksum)
	buf      []byte // reused splitter output
	words    record.WordScanner

	// maxInflateRatio bounds decompression (LoadOptions.MaxInflateRatio).
	maxInflateRatio float64
}

func (w *worker) process(ctx context.Context, in *input, out chan<- unitMsg) {
	defer close(out)
	u := &unit{name: in.name, path: in.path, size: in.size, mtimeNS: in.mtimeNS}
	send := func(m unitMsg) bool {
		select {
		case out <- m:
			return true
		case <-ctx.Done():
			return false
		}
	}
	fail := func(u *unit, err error) {
		send(unitMsg{unit: u, end: true, err: newInputError(u.name, err)})
	}
	if err := w.skipBeforeParsing(u, in); err != nil {
		fail(u, cleanPathError(err))
		return
	}
	if u.skip != "" {
		send(unitMsg{unit: u, end: true})
		return
	}
	rc, err := in.openInput()
	if err != nil {
		fail(u, cleanPathError(err))
		return
	}
	defer rc.Close()

	var src io.Reader = rc
	var hasher hash.Hash
	if in.size >= 0 && in.size <= smallFileBytes {
		// Sized from the stat, so the read needs no growing (io.ReadAll
		// starts at 512 bytes and doubles).
		buf := bytes.NewBuffer(make([]byte, 0, in.size+bytes.MinRead))
		_, err := buf.ReadFrom(io.LimitReader(rc, smallFileBytes+1))
		data := buf.Bytes()
		if err != nil {
			fail(u, cleanPathError(err))
			return
		}
		u.sha, u.hasSHA = sha256.Sum256(data), true
		if w.known.hasHash(u.sha, int64(len(data))) {
			u.changed = false
			u.skip, u.skipWhy = "unchanged", "its content was loaded before (same SHA-256)"
			send(unitMsg{unit: u, end: true})
			return
		}
		u.size = int64(len(data))
		src = bytes.NewReader(data)
	} else {
		hasher = sha256.New()
		src = io.TeeReader(rc, hasher)
	}

	budget, src := newInflateBudget(w.maxInflateRatio, u.size, src)
	dec, err := decode(src)
	if errors.Is(err, errZip) {
		w.processZip(ctx, in, dec, send)
		return
	}
	if err != nil {
		fail(u, err)
		return
	}
	defer dec.close()
	if !w.parseStream(ctx, u, in, budget.bound(dec), send) {
		return
	}
	if hasher != nil {
		// Drain so the hash covers the whole file even if the JSON ended early.
		io.Copy(io.Discard, src)
		copy(u.sha[:], hasher.Sum(nil))
		u.hasSHA = true
	}
	send(unitMsg{unit: u, end: true})
}

// skipBeforeParsing sets u.skip when the input's name or the table of
// loaded files says it need not be parsed, and u.changed when Checksum
// is to load again a file whose path, size and time match.
func (w *worker) skipBeforeParsing(u *unit, in *input) error {
	if in.digest {
		u.skip, u.skipWhy = "digest", whyDigestName
		return nil
	}
	statMatch := w.known.hasStat(u)
	if statMatch && !w.checksum {
		u.skip, u.skipWhy = "unchanged", "unchanged since it was loaded (same path, size and modification time)"
		return nil
	}
	if statMatch && in.size > smallFileBytes {
		// A large file is hashed as it is parsed; here the hash must come
		// first, or an unchanged file would be read into the store again.
		sha, err := hashFile(in.path)
		if err != nil {
			return err
		}
		if w.known.hasHash(sha, in.size) {
			u.skip, u.skipWhy = "unchanged", "its content was loaded before (same SHA-256)"
			return nil
		}
	}
	u.changed = statMatch
	return nil
}

// hashFile returns the SHA-256 of a file's content.
func hashFile(path string) ([32]byte, error) {
	var sum [32]byte
	f, err := os.Open(path)
	if err != nil {
		return sum, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return sum, err
	}
	copy(sum[:], h.Sum(nil))
	return sum, nil
}

// processZip expands a zip archive: each member is its own unit.
func (w *worker) processZip(ctx context.Context, in *input, src io.Reader, send func(unitMsg) bool) {
	path, size := in.path, in.size
	if path == "" {
		// A zip on standard input (or inside another archive) needs random
		// access: spool it to a private temporary file.
		tmp, err := os.CreateTemp("", "trailview-zip-*")
		if err != nil {
			send(unitMsg{unit: &unit{name: in.name}, end: true, err: newInputError(in.name, err)})
			return
		}
		defer os.Remove(tmp.Name())
		defer tmp.Close()
		n, err := io.Copy(tmp, src)
		if err != nil {
			send(unitMsg{unit: &unit{name: in.name}, end: true, err: newInputError(in.name, err)})
			return
		}
		path, size = tmp.Name(), n
	}
	// One budget for all the members: an archive's bytes may be inflated
	// once, not once per entry that points at them.
	budget, _ := newInflateBudget(w.maxInflateRatio, size, nil)
	budget.archive = true
	members, closer, err := zipMembers(in, path, budget)
	if err != nil {
		send(unitMsg{unit: &unit{name: in.name}, end: true, err: newInputError(in.name, err)})
		return
	}
	defer closer.Close()
	for _, m := range members {
		if ctx.Err() != nil {
			return
		}
		u := &unit{name: m.name, size: m.size, mtimeNS: m.mtimeNS}
		if m.hidden {
			u.skip, u.skipWhy = "hidden", "hidden (its name starts with a dot, or macOS's __MACOSX folder)"
			send(unitMsg{unit: u, end: true})
			continue
		}
		if m.digest {
			u.skip, u.skipWhy = "digest", whyDigestName
			send(unitMsg{unit: u, end: true})
			continue
		}
		rc, err := m.open()
		if err != nil {
			send(unitMsg{unit: u, end: true, err: newInputError(u.name, fmt.Errorf("corrupt zip member: %v", err))})
			continue
		}
		dec, err := decode(rc)
		switch {
		case errors.Is(err, errZip):
			err = errors.New("zip archives inside zip archives are not supported; unpack the outer one first")
		case err == nil:
			if w.parseStream(ctx, u, m, budget.limited(dec), send) {
				send(unitMsg{unit: u, end: true})
			}
			dec.close()
			rc.Close()
			if budget.exceeded() {
				return // the member's error says the rest is not read
			}
			continue
		}
		rc.Close()
		send(unitMsg{unit: u, end: true, err: newInputError(u.name, err)})
	}
}

// parseStream reads one unit's records and sends them in chunks. It returns
// false when it has already ended the unit (with an error) or the context
// was cancelled.
func (w *worker) parseStream(ctx context.Context, u *unit, in *input, r io.Reader, send func(unitMsg) bool) bool {
	sp := record.NewSplitter(r)
	defer sp.Release()
	var chunk []record.Parsed
	first := true
	for {
		if ctx.Err() != nil {
			return false
		}
		rec, off, err := sp.Next(w.buf)
		if err == io.EOF {
			break
		}
		if first && in.fromWalk && errors.Is(err, record.ErrNoJSON) && !namedAsData(in.name) {
			u.skip, u.skipWhy = "not JSON", "not CloudTrail data: its name does not say so and it does not start like JSON"
			return true
		}
		if err != nil {
			if first && errors.Is(err, record.ErrNoJSON) {
				err = hintMisnamed(in.name, err)
			}
			send(unitMsg{unit: u, end: true, err: newInputError(u.name, err)})
			return false
		}
		w.buf = rec[:0]
		u.records++
		compact, err := record.CompactJSON(make([]byte, 0, len(rec)), rec)
		if err != nil {
			send(unitMsg{unit: u, end: true, err: &InputError{File: u.name, Offset: off + int64(syntaxOffset(err)), Err: err}})
			return false
		}
		p, err := record.ParseRecordJSON(compact, in.pathAccount)
		if err != nil {
			if first && errors.Is(err, record.ErrNotRecord) && looksLikeDigest(compact) {
				u.skip, u.skipWhy = "digest", "a CloudTrail digest file (its first object has digestStartTime and logFiles)"
				return true
			}
			send(unitMsg{unit: u, end: true, err: &InputError{File: u.name, Offset: off, Err: err}})
			return false
		}
		first = false
		if in.insight && p.Category == history.Management && p.EventType == "AwsCloudTrailInsight" {
			p.Category = history.Insight
		}
		if p.Category == history.Data || p.Category == history.NetworkActivity {
			u.skippedData++
			continue
		}
		// The writer compresses the record with its block's neighbours;
		// the full-text words come from the same compact form.
		p.Words = compact
		chunk = append(chunk, p)
		if len(chunk) >= chunkRecords {
			if !send(w.chunkMsg(u, chunk, false)) {
				return false
			}
			chunk = nil
		}
	}
	return send(w.chunkMsg(u, chunk, true))
}

func syntaxOffset(err error) int {
	var se *record.SyntaxError
	if errors.As(err, &se) {
		return se.Offset
	}
	return 0
}

func looksLikeDigest(obj []byte) bool {
	_, a := record.GetMember(obj, "digestStartTime")
	_, b := record.GetMember(obj, "logFiles")
	return a && b
}

// chunkMsg orders a chunk by Region and time, so that neighbouring rows are
// neighbours in the indexes too, and builds its full-text documents.
func (w *worker) chunkMsg(u *unit, recs []record.Parsed, last bool) unitMsg {
	sort.SliceStable(recs, func(i, j int) bool {
		if recs[i].Region != recs[j].Region {
			return recs[i].Region < recs[j].Region
		}
		return recs[i].TimeUS < recs[j].TimeUS
	})
	var groups []string
	ws := &w.words
	for g := 0; g < len(recs); g += 64 {
		ws.Reset()
		for i := g; i < min(g+64, len(recs)); i++ {
			ws.Add(recs[i].Words)
			recs[i].Words = nil
		}
		groups = append(groups, string(ws.Doc()))
	}
	return unitMsg{unit: u, recs: recs, groups: groups, last: last}
}
