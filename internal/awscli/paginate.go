package awscli

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Page is one service response: its items and the service's NextToken
// ("" on the last page).
type Page[T any] struct {
	Items     []T
	NextToken string
}

// PaginationConfig is the CLI's --max-items, --starting-token and the
// first request's token (from --cli-input-json); the page size is the
// fetch function's business.
type PaginationConfig struct {
	MaxItems      *int
	StartingToken string
	// FirstToken is sent with the first request when no StartingToken
	// is given.
	FirstToken string
}

// PaginationError is botocore's PaginationError; the CLI exits with 255.
type PaginationError struct{ Msg string }

func (e *PaginationError) Error() string { return "Error during pagination: " + e.Msg }

// maxPages bounds a walk whose service misbehaves; LookupEvents cannot
// reach it (90 days of events at 50 per page stay far below).
const maxPages = 10_000_000

// Paginate walks pages as the CLI's auto-pagination does (botocore
// PageIterator): it returns the items of every page, as the CLI printed
// them page by page (the json output merges them, the text output formats
// each page alone), and, when MaxItems stops it early, the resume token that
// --starting-token accepts. Resuming inside a page re-reads that page and
// skips the items already printed (boto_truncate_amount), so a resumed walk
// loses and repeats nothing as long as the page size stays the same.
func Paginate[T any](ctx context.Context, cfg PaginationConfig, fetch func(ctx context.Context, token string) (Page[T], error)) ([][]T, string, error) {
	token, skip := cfg.FirstToken, 0
	if cfg.StartingToken != "" {
		var err error
		token, skip, err = DecodeStartingToken(cfg.StartingToken)
		if err != nil {
			return nil, "", err
		}
	}
	var out [][]T
	total := 0
	first := true
	prev, hasPrev := "", false
	for pages := 0; pages < maxPages; pages++ {
		page, err := fetch(ctx, token)
		if err != nil {
			return out, "", err
		}
		items := page.Items
		startTrunc := 0
		if first {
			if cfg.StartingToken != "" {
				startTrunc = skip
				items = pySliceFrom(items, skip)
			}
			first = false
		}
		if cfg.MaxItems != nil {
			if cut := total + len(items) - *cfg.MaxItems; cut > 0 {
				keep := len(items) - cut
				out = append(out, pySliceTo(items, keep))
				return out, encodeResumeToken(token, keep+startTrunc, true), nil
			}
		}
		out = append(out, items)
		total += len(items)
		if page.NextToken == "" {
			return out, "", nil
		}
		if cfg.MaxItems != nil && total == *cfg.MaxItems {
			return out, encodeResumeToken(page.NextToken, 0, false), nil
		}
		if hasPrev && prev == page.NextToken {
			return out, "", &PaginationError{Msg: fmt.Sprintf("The same next token was received twice: {'NextToken': %s}", pyRepr(page.NextToken))}
		}
		prev, hasPrev = page.NextToken, true
		token = page.NextToken
	}
	return out, "", &PaginationError{Msg: "too many pages"}
}

// pySliceFrom and pySliceTo are Python's items[n:] and items[:n], negative
// indexes included, since botocore slices with whatever the token or
// --max-items holds.
func pySliceFrom[T any](items []T, n int) []T {
	if n < 0 {
		n = max(len(items)+n, 0)
	}
	if n > len(items) {
		n = len(items)
	}
	return items[n:]
}

func pySliceTo[T any](items []T, n int) []T {
	if n < 0 {
		n = max(len(items)+n, 0)
	}
	if n > len(items) {
		n = len(items)
	}
	return items[:n]
}

// encodeResumeToken is botocore's TokenEncoder: base64 of Python's
// json.dumps of {"NextToken": ..., "boto_truncate_amount": ...}.
func encodeResumeToken(serviceToken string, truncate int, withTruncate bool) string {
	var b strings.Builder
	b.WriteString(`{"NextToken": `)
	if serviceToken == "" {
		b.WriteString("null")
	} else {
		b.WriteString(pyJSONString(serviceToken))
	}
	if withTruncate {
		b.WriteString(`, "boto_truncate_amount": `)
		b.WriteString(strconv.Itoa(truncate))
	}
	b.WriteString("}")
	return base64.StdEncoding.EncodeToString([]byte(b.String()))
}

// pyJSONString is json.dumps of a string with ensure_ascii=True, the
// TokenEncoder's setting.
func pyJSONString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r > 0x7e:
			if r > 0xffff {
				r -= 0x10000
				fmt.Fprintf(&b, `\u%04x\u%04x`, 0xd800+(r>>10), 0xdc00+(r&0x3ff))
			} else {
				fmt.Fprintf(&b, `\u%04x`, r)
			}
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// DecodeStartingToken reads a --starting-token: a CLI resume token gives
// the service token and the number of items of its page already printed.
// Like botocore, a value that is not base64 of a JSON object falls back to
// the old "token___index" form, so a bare service token is accepted too.
func DecodeStartingToken(tok string) (string, int, error) {
	if raw, err := base64.StdEncoding.DecodeString(tok); err == nil && utf8.Valid(raw) {
		var m map[string]json.RawMessage
		if json.Unmarshal(raw, &m) == nil && m != nil {
			var svc *string
			if v, ok := m["NextToken"]; ok && string(v) != "null" {
				var s string
				if err := json.Unmarshal(v, &s); err != nil {
					return "", 0, errors.New("Bad starting token: NextToken is not a string")
				}
				svc = &s
			}
			skip := 0
			if v, ok := m["boto_truncate_amount"]; ok {
				if err := json.Unmarshal(v, &skip); err != nil {
					return "", 0, errors.New("Bad starting token: boto_truncate_amount is not an integer")
				}
			}
			if svc == nil || *svc == "None" {
				return "", skip, nil
			}
			return *svc, skip, nil
		}
	}
	parts := strings.Split(tok, "___")
	skip := 0
	if len(parts) == 2 {
		if n, err := strconv.Atoi(parts[1]); err == nil {
			skip = n
			parts = parts[:1]
		} else {
			parts = []string{tok}
		}
	}
	if len(parts) > 1 {
		return "", 0, fmt.Errorf("Bad starting token: %s", tok)
	}
	if parts[0] == "None" {
		return "", skip, nil
	}
	return parts[0], skip, nil
}
