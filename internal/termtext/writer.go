package termtext

import (
	"io"
	"sync"
	"unicode/utf8"
)

// Writer escapes everything written through it (AppendEscaped) before
// passing it on. A UTF-8 character cut in two by consecutive writes (a
// buffered writer flushes at any byte) is held until its end arrives, so
// that it is not taken for invalid bytes; Flush writes what is still held.
// Writes may come from several goroutines.
type Writer struct {
	mu   sync.Mutex
	w    io.Writer
	held []byte // the start of a character whose end has not come yet
	buf  []byte
}

// NewWriter returns a Writer escaping into w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

// Underlying is the writer that receives the escaped text: what the
// program itself draws (progress bars) goes there directly.
func (w *Writer) Underlying() io.Writer { return w.w }

// Write escapes p. It reports len(p) when the escaped text was written in
// full, whatever its length.
func (w *Writer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	in := p
	if len(w.held) > 0 {
		in = append(w.held, p...)
		w.held = nil
	}
	keep := incompleteTail(in)
	w.buf = AppendEscaped(w.buf[:0], in[:len(in)-keep])
	if keep > 0 {
		w.held = append([]byte(nil), in[len(in)-keep:]...)
	}
	if len(w.buf) == 0 {
		return len(p), nil
	}
	if _, err := w.w.Write(w.buf); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Flush writes the bytes held back as escapes: the text ended inside a
// character, so they are not UTF-8.
func (w *Writer) Flush() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.held) == 0 {
		return nil
	}
	w.buf = w.buf[:0]
	for _, c := range w.held {
		w.buf = appendByteEscape(w.buf, c)
	}
	w.held = nil
	_, err := w.w.Write(w.buf)
	return err
}

// incompleteTail returns how many bytes at the end of p begin a UTF-8
// character that the next bytes may complete.
func incompleteTail(p []byte) int {
	for n := 1; n < utf8.UTFMax && n <= len(p); n++ {
		c := p[len(p)-n]
		if c < utf8.RuneSelf {
			return 0
		}
		if utf8.RuneStart(c) {
			if utf8.FullRune(p[len(p)-n:]) {
				return 0
			}
			return n
		}
	}
	return 0
}
