package record

import (
	"errors"
	"fmt"
	"io"
	"sync"
)

// MaxRecordBytes bounds one record (or lookup event) as read from input,
// whitespace included. CloudTrail caps requestParameters and
// responseElements at 100 KB each and additionalEventData at 28 KB, so a
// real record is far below this; anything larger is hostile or not
// CloudTrail, and refusing it keeps memory bounded.
const MaxRecordBytes = 4 << 20

// splitter finds the records in a stream, whatever the container:
// {"Records":[...]}, {"Events":[...]} (LookupEvents), a bare array, JSON
// lines, or concatenated objects. It only tracks strings and nesting, so it
// is cheap; each record is fully validated later, in parallel.
type Splitter struct {
	r    io.Reader
	buf  []byte
	pos  int
	end  int
	base int64 // stream offset of buf[0]
	eof  bool
	rerr error

	// state of the container being walked
	inArray      bool // inside a record array (bare or under Records/Events)
	arrayInObj   bool // that array is the value of a container object's key
	afterElement bool // an element was just read; a ',' or ']' must follow
	sawValue     bool // any top-level value seen (to reject empty input)
	sawJSON      bool // a record was returned
}

// errNoJSON marks input that does not start like JSON at all.
var ErrNoJSON = errors.New("not JSON (expected a JSON object or array)")

var splitBufPool = sync.Pool{New: func() any { return make([]byte, 256<<10) }}

func NewSplitter(r io.Reader) *Splitter {
	return &Splitter{r: r, buf: splitBufPool.Get().([]byte)}
}

// release returns the splitter's buffer for the next input; the splitter
// must not be used afterwards.
func (s *Splitter) Release() {
	if cap(s.buf) <= 1<<20 {
		splitBufPool.Put(s.buf[:cap(s.buf)])
	}
	s.buf = nil
}

// inputError is a problem in one input at a byte offset of its (decompressed) content.
type OffsetError struct {
	Offset int64
	Err    error
}

func (e *OffsetError) Error() string { return fmt.Sprintf("offset %d: %v", e.Offset, e.Err) }
func (e *OffsetError) Unwrap() error { return e.Err }

func (s *Splitter) offset() int64 { return s.base + int64(s.pos) }

func (s *Splitter) errAt(off int64, format string, args ...any) error {
	return &OffsetError{Offset: off, Err: fmt.Errorf(format, args...)}
}

// fill makes at least one unread byte available; false at end of input.
func (s *Splitter) fill() bool {
	if s.pos < s.end {
		return true
	}
	if s.eof {
		return false
	}
	s.base += int64(s.end)
	s.pos, s.end = 0, 0
	for s.end == 0 {
		n, err := s.r.Read(s.buf)
		s.end = n
		if err != nil {
			s.eof = true
			if err != io.EOF {
				s.rerr = err
			}
			break
		}
	}
	return s.pos < s.end
}

func (s *Splitter) skipWS() bool {
	for s.fill() {
		switch s.buf[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		case 0xEF: // a UTF-8 byte-order mark, which some tools write
			if s.pos+2 < s.end && s.buf[s.pos+1] == 0xBB && s.buf[s.pos+2] == 0xBF {
				s.pos += 3
				continue
			}
			return true
		default:
			return true
		}
	}
	return false
}

// next returns the next record's bytes (appended to dst[:0]) and the offset
// where it starts, or io.EOF after the last one.
func (s *Splitter) Next(dst []byte) ([]byte, int64, error) {
	for {
		if !s.skipWS() {
			if s.rerr != nil {
				return nil, s.offset(), s.errAt(s.offset(), "read: %v", s.rerr)
			}
			if s.inArray {
				return nil, s.offset(), s.errAt(s.offset(), "unexpected end of input inside the record array (truncated file?)")
			}
			// An empty input (an export of zero events as JSON lines, an
			// empty download) holds no records; it is not an error.
			return nil, s.offset(), io.EOF
		}
		b := s.buf[s.pos]
		if s.inArray {
			if s.afterElement {
				switch b {
				case ',':
					s.pos++
					s.afterElement = false
					continue
				case ']':
					s.pos++
					s.inArray, s.afterElement = false, false
					if s.arrayInObj {
						if err := s.finishContainerObject(); err != nil {
							return nil, s.offset(), err
						}
					}
					continue
				}
				return nil, s.offset(), s.errAt(s.offset(), "expected ',' or ']' after a record, found %q", b)
			}
			if b == ']' {
				s.pos++
				s.inArray = false
				if s.arrayInObj {
					if err := s.finishContainerObject(); err != nil {
						return nil, s.offset(), err
					}
				}
				continue
			}
			start := s.offset()
			if b != '{' {
				return nil, start, s.errAt(start, "array element is not a JSON object")
			}
			rec, _, err := s.capture(dst[:0], false)
			if err != nil {
				return nil, start, err
			}
			s.afterElement = true
			s.sawJSON = true
			return rec, start, nil
		}
		start := s.offset()
		s.sawValue = true
		switch b {
		case '[':
			s.pos++
			s.inArray, s.arrayInObj, s.afterElement = true, false, false
			continue
		case '{':
			rec, container, err := s.capture(dst[:0], true)
			if err != nil {
				return nil, start, err
			}
			if container {
				s.inArray, s.arrayInObj, s.afterElement = true, true, false
				continue
			}
			s.sawJSON = true
			return rec, start, nil
		}
		if start == 0 || !s.sawJSON {
			return nil, start, &OffsetError{Offset: start, Err: fmt.Errorf("%w: found %q", ErrNoJSON, b)}
		}
		return nil, start, s.errAt(start, "expected a JSON object or array, found %q", b)
	}
}

// finishContainerObject skips what follows the record array inside
// {"Records":[...], ...}: other keys such as the CLI's NextToken, which the
// importer must ignore (spec 3.2).
func (s *Splitter) finishContainerObject() error {
	var scratch []byte
	for {
		if !s.skipWS() {
			return s.errAt(s.offset(), "unexpected end of input after the record array")
		}
		switch s.buf[s.pos] {
		case '}':
			s.pos++
			return nil
		case ',':
			s.pos++
			if !s.skipWS() || s.buf[s.pos] != '"' {
				return s.errAt(s.offset(), "expected a key")
			}
			var err error
			if scratch, err = s.captureString(scratch[:0]); err != nil {
				return err
			}
			if !s.skipWS() || s.buf[s.pos] != ':' {
				return s.errAt(s.offset(), "expected ':'")
			}
			s.pos++
			if !s.skipWS() {
				return s.errAt(s.offset(), "unexpected end of input")
			}
			if scratch, _, err = s.capture(scratch[:0], false); err != nil {
				return err
			}
		default:
			return s.errAt(s.offset(), "expected ',' or '}' after the record array")
		}
	}
}

func (s *Splitter) captureString(dst []byte) ([]byte, error) {
	start := s.offset()
	dst = append(dst, '"')
	s.pos++
	esc := false
	for s.fill() {
		i := s.pos
		for i < s.end {
			c := s.buf[i]
			i++
			if esc {
				esc = false
				continue
			}
			if c == '\\' {
				esc = true
			} else if c == '"' {
				dst = append(dst, s.buf[s.pos:i]...)
				s.pos = i
				return dst, nil
			}
		}
		if len(dst)+i-s.pos > MaxRecordBytes {
			return dst, s.errAt(start, "string longer than %d bytes", MaxRecordBytes)
		}
		dst = append(dst, s.buf[s.pos:i]...)
		s.pos = i
	}
	return dst, s.errAt(s.offset(), "unterminated string (truncated file?)")
}

var errTooLarge = errors.New("record too large")

// capture appends the JSON value at the current position to dst. With
// watch set, the value is a top-level object and capture stops early,
// reporting container=true, when one of its keys is "Records" or "Events"
// holding an array: the reader is then positioned just inside that array.
func (s *Splitter) capture(dst []byte, watch bool) (out []byte, container bool, err error) {
	start := s.offset()
	st := captureState{watch: watch}
	for s.fill() {
		i := s.pos
		for i < s.end {
			var step captureStep
			switch {
			case st.scalar:
				if isDelim(s.buf[i]) {
					step = captureValue
				} else {
					i++
				}
			case st.inStr:
				i, dst, step = s.stringByte(&st, dst, i)
			default:
				i, dst, step = s.structuralByte(&st, dst, i)
			}
			switch step {
			case captureValue:
				dst = append(dst, s.buf[s.pos:i]...)
				s.pos = i
				return dst, false, nil
			case captureContainer:
				return dst[:0], true, nil
			}
		}
		if len(dst)+i-s.pos > MaxRecordBytes {
			return dst, false, s.errAt(start, "%w: a single JSON value is larger than %d MiB (CloudTrail records are far smaller)", errTooLarge, MaxRecordBytes>>20)
		}
		dst = append(dst, s.buf[s.pos:i]...)
		s.pos = i
	}
	if st.scalar {
		return dst, false, nil
	}
	if s.rerr != nil {
		return dst, false, s.errAt(s.offset(), "read: %v", s.rerr)
	}
	return dst, false, s.errAt(s.offset(), "unexpected end of input inside a record that starts at offset %d (truncated file?)", start)
}

// captureState is where capture is inside the value it copies.
type captureState struct {
	watch      bool // looking for a "Records" or "Events" array (capture)
	depth      int
	inStr, esc bool
	scalar     bool // a top-level scalar, which runs to the next delimiter
	// Tracking of depth-1 keys, used only when watch is set.
	kstate         keyState
	keyStart       int // where the key being read starts in dst
	isContainerKey bool
}

type keyState int

const (
	kNone keyState = iota
	kWantKey
	kInKey
	kWantColon
	kWantValue
)

// captureStep is what one step of capture found.
type captureStep int

const (
	captureMore      captureStep = iota // go on
	captureValue                        // the value ends before the returned index
	captureContainer                    // a container array starts; s.pos is inside it
)

// stringByte handles the byte at i inside a string and returns the index
// of the next byte to look at.
func (s *Splitter) stringByte(st *captureState, dst []byte, i int) (int, []byte, captureStep) {
	c := s.buf[i]
	if !st.esc && c != '"' && c != '\\' {
		// Most of a record is string bytes: jump to the next quote or
		// backslash.
		if j := indexQuoteOrBackslash(s.buf[i:s.end]); j >= 0 {
			return i + j, dst, captureMore
		}
		return s.end, dst, captureMore
	}
	i++
	switch {
	case st.esc:
		st.esc = false
	case c == '\\':
		st.esc = true
	default: // the closing quote
		st.inStr = false
		if st.depth == 0 {
			return i, dst, captureValue
		}
		if st.kstate == kInKey {
			dst = append(dst, s.buf[s.pos:i]...)
			s.pos = i
			key := string(dst[st.keyStart+1 : len(dst)-1])
			st.isContainerKey = key == "Records" || key == "Events"
			st.kstate = kWantColon
		}
	}
	return i, dst, captureMore
}

// structuralByte handles the byte at i outside strings and returns the
// index of the next byte to look at.
func (s *Splitter) structuralByte(st *captureState, dst []byte, i int) (int, []byte, captureStep) {
	watchKeys := st.watch && st.depth == 1
	switch c := s.buf[i]; c {
	case '"':
		st.inStr = true
		if watchKeys && st.kstate == kWantKey {
			dst = append(dst, s.buf[s.pos:i]...)
			s.pos = i
			st.keyStart = len(dst)
			st.kstate = kInKey
		}
	case '{', '[':
		if watchKeys && st.kstate == kWantValue && st.isContainerKey && c == '[' {
			s.pos = i + 1
			return i, dst, captureContainer
		}
		st.depth++
		if st.watch && st.depth == 1 {
			st.kstate = kWantKey
		} else if st.depth == 2 && st.kstate == kWantValue {
			st.kstate = kNone
		}
	case '}', ']':
		st.depth--
		if st.depth == 0 {
			return i + 1, dst, captureValue
		}
	case ',':
		if watchKeys {
			st.kstate = kWantKey
		}
	case ':':
		if watchKeys && st.kstate == kWantColon {
			st.kstate = kWantValue
		}
	case ' ', '\t', '\n', '\r':
	default:
		if st.depth == 0 {
			// A scalar value runs to the next delimiter.
			st.scalar = true
			return i, dst, captureMore
		}
		if watchKeys && st.kstate == kWantValue {
			st.kstate = kNone
		}
	}
	return i + 1, dst, captureMore
}

func isDelim(c byte) bool {
	switch c {
	case ',', ']', '}', ' ', '\t', '\n', '\r':
		return true
	}
	return false
}
