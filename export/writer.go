package export

import (
	"bufio"
	"errors"
	"fmt"
	"io"

	"github.com/trailview/trailview/history"
)

// Writer writes events one by one in one format. The document's opening
// (CSV header, `{"Records":[`) is written with the first event or by Close,
// and Close writes its end, so an empty export is still a complete
// document. A Writer is not safe for concurrent use.
type Writer struct {
	w       *bufio.Writer
	opts    Options
	cols    []Column // CSV only
	console bool     // cols are the console's 16: the header is ConsoleHeader
	started bool
	closed  bool
	n       int64
	buf     []byte
	scratch []byte // a cell built by Column.appendTo
	err     error  // first write error; every later call returns it
}

// ErrNoRecord is returned by a JSON Writer for an event read without its
// record (store.Store.Iterate with withRaw false).
var ErrNoRecord = errors.New("event has no record: read events with their records for a JSON export")

// NewWriter returns a Writer on w. It fails only for bad options (an
// unknown format or column name).
func NewWriter(w io.Writer, opts Options) (*Writer, error) {
	x := &Writer{w: bufio.NewWriterSize(w, 64<<10), opts: opts}
	switch opts.Format {
	case CSV:
		if opts.Columns == nil {
			x.cols, x.console = ConsoleColumns(), true
		} else {
			cols, err := ColumnsByName(opts.Columns)
			if err != nil {
				return nil, err
			}
			x.cols = cols
		}
	case JSON, JSONLines:
	default:
		return nil, fmt.Errorf("unknown export format %v", opts.Format)
	}
	return x, nil
}

// NeedsRaw reports whether events given to Write must carry their record
// (Event.Raw): always for JSON formats, for CSV only with a column that
// reads it.
func (x *Writer) NeedsRaw() bool {
	if x.opts.Format != CSV {
		return true
	}
	for _, c := range x.cols {
		if c.NeedsRaw {
			return true
		}
	}
	return false
}

// Count is the number of events written so far.
func (x *Writer) Count() int64 { return x.n }

// Write writes one event. After an error, the Writer is unusable and every
// call returns that error.
func (x *Writer) Write(e *history.Event) error {
	if x.err != nil {
		return x.err
	}
	if x.closed {
		return errors.New("export: write after close")
	}
	x.start()
	b := x.buf[:0]
	switch x.opts.Format {
	case CSV:
		for i, c := range x.cols {
			if i > 0 {
				b = append(b, ',')
			}
			if c.appendTo != nil {
				x.scratch = c.appendTo(x.scratch[:0], e)
				b = appendCell(b, x.scratch, x.opts.Raw)
			} else {
				b = appendCell(b, c.Value(e), x.opts.Raw)
			}
		}
		b = append(b, '\n')
	case JSON:
		if len(e.Raw) == 0 {
			x.err = fmt.Errorf("event %s: %w", e.EventID, ErrNoRecord)
			return x.err
		}
		if x.n > 0 {
			b = append(b, ',')
		}
		b = append(b, e.Raw...)
	case JSONLines:
		if len(e.Raw) == 0 {
			x.err = fmt.Errorf("event %s: %w", e.EventID, ErrNoRecord)
			return x.err
		}
		b = append(b, e.Raw...)
		b = append(b, '\n')
	}
	x.buf = b
	if _, err := x.w.Write(b); err != nil {
		x.err = fmt.Errorf("write export: %w", err)
		return x.err
	}
	x.n++
	if x.opts.Progress != nil && x.n%progressEvery == 0 {
		x.opts.Progress(x.n)
	}
	return nil
}

// start writes the document's opening once.
func (x *Writer) start() {
	if x.started {
		return
	}
	x.started = true
	switch x.opts.Format {
	case CSV:
		if x.console {
			x.w.WriteString(ConsoleHeader)
		} else {
			b := x.buf[:0]
			for i, c := range x.cols {
				if i > 0 {
					b = append(b, ',')
				}
				// Column names are ours, never formulas: no neutralizing.
				b = appendCell(b, c.Name, true)
			}
			x.w.Write(b)
		}
		x.w.WriteByte('\n')
	case JSON:
		x.w.WriteString(`{"Records":[`)
	}
	// bufio.Writer keeps the first error and returns it from the next
	// Write or Flush, so these writes need no checks of their own.
}

// Close completes the document (the closing `]}` of JSON, or the header
// of an empty CSV) and flushes it. It does not close the underlying
// io.Writer. Calling Close again returns the first result.
func (x *Writer) Close() error {
	if x.closed || x.err != nil {
		return x.err
	}
	x.closed = true
	x.start()
	if x.opts.Format == JSON {
		// A final newline is not part of the console's shape [U] but keeps
		// terminals and line-oriented tools tidy; JSON parsers ignore it.
		x.w.WriteString("]}\n")
	}
	if err := x.w.Flush(); err != nil {
		x.err = fmt.Errorf("write export: %w", err)
		return x.err
	}
	if x.opts.Progress != nil {
		x.opts.Progress(x.n)
	}
	return nil
}
