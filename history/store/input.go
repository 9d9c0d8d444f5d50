package store

import (
	"archive/zip"
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"syscall"

	kgzip "github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
	"github.com/trailview/trailview/history/record"
)

// InputError is a problem with one input. Loading goes on with the other
// inputs; the failed one leaves nothing behind in the store.
type InputError struct {
	File   string
	Offset int64 // byte offset in the (decompressed) content, or -1
	Err    error
}

func (e *InputError) Error() string {
	if e.Offset >= 0 {
		return fmt.Sprintf("%s: offset %d: %v", e.File, e.Offset, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

func (e *InputError) Unwrap() error { return e.Err }

func newInputError(name string, err error) *InputError {
	var ie *record.OffsetError
	if errors.As(err, &ie) {
		return &InputError{File: name, Offset: ie.Offset, Err: ie.Err}
	}
	var ip *InputError
	if errors.As(err, &ip) {
		return ip
	}
	return &InputError{File: name, Offset: -1, Err: err}
}

// input is one stream of records: a file, a member of a zip archive, or
// standard input.
type input struct {
	name    string // shown to the user
	path    string // file on disk, "" for zip members and stdin
	size    int64  // bytes as stored (compressed); -1 when unknown
	mtimeNS int64
	// open reads an input that is not a plain file (stdin, a zip
	// member); plain files are opened by path, which saves a closure per
	// file on trees of hundreds of thousands.
	open func() (io.ReadCloser, error)
	// Facts taken from the S3 key (spec 6): the account in the file name,
	// and whether the file is an Insights or digest file.
	pathAccount string
	insight     bool
	digest      bool
	hidden      bool // a zip member named like a hidden file, or macOS's __MACOSX copies
	// fromWalk marks files found by walking a directory: one whose name
	// does not say it holds CloudTrail data (namedAsData) and that holds
	// no JSON at all (a README, a licence) is skipped, not an error.
	fromWalk bool
}

// dataSuffixes are the name endings of files that say they hold CloudTrail
// records: what CloudTrail writes (.json.gz), what the console, the CLI and
// archivers make of it (.json, .jsonl, .ndjson, .zip), and other
// compressions (.gz, .zst). A file so named that cannot be read is an
// error even in a directory walk: skipping it would lose its events
// without a word.
var dataSuffixes = []string{".json", ".jsonl", ".ndjson", ".gz", ".zip", ".zst"}

// namedAsData reports whether a file's name says it holds CloudTrail data.
func namedAsData(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	for _, s := range dataSuffixes {
		if ext == s {
			return true
		}
	}
	return false
}

var (
	reLogFile    = regexp.MustCompile(`^(\d{12})_CloudTrail(-Insight)?_([A-Za-z0-9-]+)_(\d{8}T\d{4}Z)_?([A-Za-z0-9]+)\.json(\.gz)?$`)
	reDigestFile = regexp.MustCompile(`^(\d{12})_CloudTrail-Digest_.*\.json(\.gz)?$`)
)

func describePath(in *input, p string) {
	base := filepath.Base(p)
	slashed := filepath.ToSlash(p)
	if m := reLogFile.FindStringSubmatch(base); m != nil {
		in.pathAccount = m[1]
		in.insight = m[2] != ""
	}
	if reDigestFile.MatchString(base) || strings.Contains(slashed, "/CloudTrail-Digest/") {
		in.digest = true
	}
	if strings.Contains(slashed, "/CloudTrail-Insight/") {
		in.insight = true
	}
}

// hintMisnamed adds to a "not JSON" error of a file named as compressed
// the reason it was read as plain text: the magic bytes its name promises
// are not there (the file is damaged, or named for something it is not).
func hintMisnamed(name string, err error) error {
	var ie *record.OffsetError
	if !errors.As(err, &ie) {
		return err
	}
	format := map[string]string{".gz": "gzip's magic bytes 1f 8b", ".zst": "zstd's magic bytes 28 b5 2f fd",
		".zip": "a zip archive's magic bytes PK\\x03\\x04"}[strings.ToLower(filepath.Ext(name))]
	if format == "" {
		return err
	}
	return &record.OffsetError{Offset: ie.Offset, Err: fmt.Errorf("%w; the name says it is compressed, but it does not start with %s", ie.Err, format)}
}

// discover expands the command-line paths into inputs, handing each to
// emit as it is found (emit returns false to stop), each problem to fail
// and each entry left out (hidden, not a regular file) to skip, which may
// be nil: directories are walked recursively (following symbolic links, but
// never twice into the same directory). Inputs are streamed rather than
// listed because a tree of a busy organization has millions of files, and
// a list of them all was the largest part of a load's memory.
func discover(paths []string, stdin io.Reader, emit func(*input) bool, fail func(*InputError), skip func(name, why string)) {
	if skip == nil {
		skip = func(string, string) {}
	}
	visited := map[fileID]bool{}
	for _, p := range paths {
		if p == "-" {
			if stdin == nil {
				stdin = os.Stdin
			}
			r := stdin
			in := &input{name: "(stdin)", size: -1, open: func() (io.ReadCloser, error) {
				return io.NopCloser(r), nil
			}}
			if !emit(in) {
				return
			}
			continue
		}
		st, err := os.Stat(p)
		if err != nil {
			fail(&InputError{File: p, Offset: -1, Err: cleanPathError(err)})
			continue
		}
		if st.IsDir() {
			if !walkDir(p, visited, emit, fail, skip) {
				return
			}
			continue
		}
		if !emit(fileInput(p, st)) {
			return
		}
	}
}

type fileID struct{ dev, ino uint64 }

func idOf(st fs.FileInfo) (fileID, bool) {
	if sys, ok := st.Sys().(*syscall.Stat_t); ok {
		return fileID{uint64(sys.Dev), uint64(sys.Ino)}, true
	}
	return fileID{}, false
}

// walkDir walks one directory for discover; false when emit said stop.
func walkDir(root string, visited map[fileID]bool, emit func(*input) bool, fail func(*InputError), skip func(name, why string)) bool {
	st, err := os.Stat(root)
	if err != nil {
		fail(&InputError{File: root, Offset: -1, Err: cleanPathError(err)})
		return true
	}
	if id, ok := idOf(st); ok {
		if visited[id] {
			return true // a symbolic link led back to a directory already read
		}
		visited[id] = true
	}
	entries, err := os.ReadDir(root)
	if err != nil {
		fail(&InputError{File: root, Offset: -1, Err: cleanPathError(err)})
	}
	// Newest first: CloudTrail's S3 layout names day folders YYYY/MM/DD
	// and files by their delivery time, so reverse name order loads the
	// last day of each account and Region before its older days, and a
	// browser opened with `trailview PATH` shows the newest events while
	// the rest loads (Event history's use: the last day matters first).
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() > entries[j].Name() })
	for _, e := range entries {
		name := e.Name()
		p := filepath.Join(root, name)
		if strings.HasPrefix(name, ".") {
			// Editor and OS droppings such as .DS_Store, and version
			// control directories.
			skip(p, "hidden (its name starts with a dot)")
			continue
		}
		if e.Type()&fs.ModeSymlink != 0 {
			target, err := os.Stat(p)
			if err != nil {
				fail(&InputError{File: p, Offset: -1, Err: cleanPathError(err)})
				continue
			}
			if target.IsDir() {
				if !walkDir(p, visited, emit, fail, skip) {
					return false
				}
			} else if target.Mode().IsRegular() {
				in := fileInput(p, target)
				in.fromWalk = true
				if !emit(in) {
					return false
				}
			} else {
				skip(p, "not a regular file")
			}
			continue
		}
		if e.IsDir() {
			if !walkDir(p, visited, emit, fail, skip) {
				return false
			}
			continue
		}
		if !e.Type().IsRegular() {
			skip(p, "not a regular file")
			continue
		}
		info, err := e.Info()
		if err != nil {
			fail(&InputError{File: p, Offset: -1, Err: cleanPathError(err)})
			continue
		}
		in := fileInput(p, info)
		in.fromWalk = true
		if !emit(in) {
			return false
		}
	}
	return true
}

func fileInput(p string, st fs.FileInfo) *input {
	in := &input{name: p, path: p, size: st.Size(), mtimeNS: st.ModTime().UnixNano()}
	describePath(in, p)
	return in
}

// openInput opens an input for reading.
func (in *input) openInput() (io.ReadCloser, error) {
	if in.open != nil {
		return in.open()
	}
	return os.Open(in.path)
}

// cleanPathError drops the operation and path from an *fs.PathError, since
// the message is printed after the path already.
func cleanPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		if errors.Is(pe.Err, syscall.ELOOP) {
			return errors.New("too many levels of symbolic links (a link loop?)")
		}
		return pe.Err
	}
	return err
}

// Compression and container formats are told apart by their first bytes,
// never by the file name (spec 6.5).
var (
	magicGzip = []byte{0x1f, 0x8b}
	magicZip  = []byte("PK\x03\x04")
	magicZip0 = []byte("PK\x05\x06") // empty archive
	magicZstd = []byte{0x28, 0xb5, 0x2f, 0xfd}
)

// decoded wraps a raw stream with the decompressor its magic bytes call for.
type decoded struct {
	io.Reader
	close      func()
	compressed bool // gzip or zstd, which an inflateBudget bounds
}

// errZip marks a zip archive, which must be expanded into member inputs.
var errZip = errors.New("zip archive")

// Readers are pooled: a tree of small log files opens tens of thousands of
// them, and their buffers cost more to allocate than the files to parse.
var (
	bufioPool = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, 64<<10) }}
	gzipPool  sync.Pool // *kgzip.Reader
)

func decode(r io.Reader) (*decoded, error) {
	br := bufioPool.Get().(*bufio.Reader)
	br.Reset(r)
	release := func() { br.Reset(nil); bufioPool.Put(br) }
	head, err := br.Peek(4)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		release()
		return nil, err
	}
	switch {
	case bytes.HasPrefix(head, magicGzip):
		zr, _ := gzipPool.Get().(*kgzip.Reader)
		if zr == nil {
			zr = new(kgzip.Reader)
		}
		if err := zr.Reset(br); err != nil {
			release()
			return nil, &record.OffsetError{Offset: 0, Err: fmt.Errorf("corrupt gzip header: %v", err)}
		}
		return &decoded{Reader: &gzipErrors{zr}, compressed: true, close: func() {
			zr.Close()
			gzipPool.Put(zr)
			release()
		}}, nil
	case bytes.HasPrefix(head, magicZstd):
		zr, err := zstd.NewReader(br, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(256<<20))
		if err != nil {
			release()
			return nil, err
		}
		return &decoded{Reader: zr, compressed: true, close: func() { zr.Close(); release() }}, nil
	case bytes.HasPrefix(head, magicZip), bytes.HasPrefix(head, magicZip0):
		// The caller needs the bytes read so far to spool the archive; the
		// reader is not returned to the pool.
		return &decoded{Reader: br, close: func() {}}, errZip
	}
	return &decoded{Reader: br, close: release}, nil
}

// gzipErrors gives decompression failures a message a user understands.
type gzipErrors struct{ r io.Reader }

func (g *gzipErrors) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	if err != nil && err != io.EOF {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			err = errors.New("gzip stream is truncated")
		} else {
			err = fmt.Errorf("corrupt gzip data: %v", err)
		}
	}
	return n, err
}

// zipMembers lists the members of a zip archive on disk as inputs, after
// checking that its layout is not a zip bomb's (checkZipLayout). The
// archive stays open until the returned closer is called.
func zipMembers(in *input, path string, budget *inflateBudget) ([]*input, io.Closer, error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, nil, fmt.Errorf("corrupt zip archive: %v", err)
	}
	if err := checkZipLayout(zr.File, budget); err != nil {
		zr.Close()
		return nil, nil, fmt.Errorf("zip archive: %w", err)
	}
	var out []*input
	for _, f := range zr.File {
		if f.FileInfo().IsDir() {
			continue
		}
		f := f
		m := &input{
			name:    in.name + "!" + f.Name,
			size:    int64(f.UncompressedSize64),
			mtimeNS: f.Modified.UnixNano(),
			hidden:  strings.HasPrefix(filepath.Base(f.Name), ".") || strings.HasPrefix(f.Name, "__MACOSX/"),
		}
		m.open = func() (io.ReadCloser, error) { return f.Open() }
		describePath(m, f.Name)
		out = append(out, m)
	}
	return out, zr, nil
}
