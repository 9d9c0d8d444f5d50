package export

import (
	"fmt"
	"strings"
)

// Format is an export file format.
type Format int

// Formats. CSV is the zero value because it is the console's first choice.
const (
	CSV Format = iota
	JSON
	JSONLines
)

// String returns the name ParseFormat accepts.
func (f Format) String() string {
	switch f {
	case CSV:
		return "csv"
	case JSON:
		return "json"
	case JSONLines:
		return "jsonl"
	}
	return fmt.Sprintf("Format(%d)", int(f))
}

// Ext is the file extension (with its dot) usual for the format.
func (f Format) Ext() string {
	if f == JSONLines {
		return ".jsonl"
	}
	return "." + f.String()
}

// ParseFormat reads a format name: csv, json or jsonl (any case; "ndjson"
// and "jsonlines" are accepted for jsonl).
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "csv":
		return CSV, nil
	case "json":
		return JSON, nil
	case "jsonl", "jsonlines", "ndjson":
		return JSONLines, nil
	}
	return 0, fmt.Errorf("unknown export format %q: use csv, json or jsonl", s)
}

// Options adjusts a Writer, ToFile and ToWriter.
type Options struct {
	Format Format
	// Columns names the CSV columns, in order (see Columns and
	// ConsoleColumns for the names); nil means the console's 16 columns
	// with its exact header. Ignored for JSON formats.
	Columns []string
	// Raw turns off the neutralizing of cells a spreadsheet would read as
	// a formula, giving bytes identical to the console's download.
	Raw bool
	// Split is the most events per file for ToFile (0: unlimited). The
	// console stops at 200,000 events per file. Ignored by ToWriter.
	Split int
	// Progress, if set, is called with the number of events written so
	// far, every progressEvery events and once at the end. It runs on the
	// exporting goroutine: keep it quick.
	Progress func(n int64)
}

// ConsoleSplit is the console's limit of events per downloaded file.
const ConsoleSplit = 200_000

// progressEvery is how often Progress is called: often enough for a
// smooth bar, rarely enough to cost nothing.
const progressEvery = 4096
