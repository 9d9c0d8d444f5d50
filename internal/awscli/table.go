package awscli

import (
	"bufio"
	"io"
	"sort"
	"strings"
	"unicode/utf8"
)

// WriteTable writes v as the CLI's table output does (awscli
// formatter.TableFormatter): a titled box; an object's scalar members as
// one header row and one value row (a single scalar as a key/value row);
// each list of objects as a nested section with a sorted header and one
// row per object; nested lists as deeper sections. Unlike the CLI it does
// not shrink columns to the terminal's width: CloudTrailEvent alone is
// wider than any terminal.
func WriteTable(w io.Writer, title string, v any) error {
	t := &table{}
	t.build(title, v, 0)
	bw := bufio.NewWriterSize(w, 64<<10)
	t.render(bw)
	return bw.Flush()
}

type tableSection struct {
	title   string
	indent  int
	headers []string
	rows    [][]string
}

type table struct{ sections []*tableSection }

func (t *table) newSection(title string, indent int) {
	t.sections = append(t.sections, &tableSection{title: title, indent: indent})
}

func (t *table) cur() *tableSection { return t.sections[len(t.sections)-1] }

func (t *table) build(title string, v any, indent int) {
	switch x := v.(type) {
	case []any:
		if len(x) == 0 {
			return
		}
		t.newSection(title, indent)
		if _, ok := x[0].(Object); ok {
			t.fromList(x, indent, title)
			return
		}
		for _, e := range x {
			if isScalar(e) {
				t.cur().rows = append(t.cur().rows, []string{textScalar(e)})
			}
		}
	case Object:
		if len(x) == 0 {
			return
		}
		t.newSection(title, indent)
		t.fromObject(x, indent)
	}
}

func splitKeys(o Object) (scalars, more []string) {
	for _, m := range o {
		if isScalar(m.Value) {
			scalars = append(scalars, m.Key)
		} else {
			more = append(more, m.Key)
		}
	}
	sort.Strings(scalars)
	sort.Strings(more)
	return scalars, more
}

func (t *table) fromObject(o Object, indent int) {
	headers, more := splitKeys(o)
	get := func(k string) any { v, _ := object(toInternal(o)).get(k); return v }
	s := t.cur()
	switch {
	case len(headers) == 1:
		s.rows = append(s.rows, []string{headers[0], textScalar(get(headers[0]))})
	case len(headers) > 1:
		s.headers = headers
		row := make([]string, len(headers))
		for i, h := range headers {
			row[i] = textScalar(get(h))
		}
		s.rows = append(s.rows, row)
	}
	for _, k := range more {
		t.build(k, get(k), indent+1)
	}
}

func (t *table) fromList(list []any, indent int, title string) {
	hs, ms := map[string]bool{}, map[string]bool{}
	for _, e := range list {
		if o, ok := e.(Object); ok {
			h, m := splitKeys(o)
			for _, k := range h {
				hs[k] = true
			}
			for _, k := range m {
				ms[k] = true
			}
		}
	}
	headers, more := sortedKeys(hs), sortedKeys(ms)
	t.cur().headers = headers
	for i, e := range list {
		o, _ := e.(Object)
		if i > 0 && len(more) > 0 {
			t.newSection(title, indent)
			t.cur().headers = headers
		}
		in := object(toInternal(o))
		row := make([]string, len(headers))
		for j, h := range headers {
			if v, ok := in.get(h); ok {
				row[j] = textScalar(v)
			}
		}
		t.cur().rows = append(t.cur().rows, row)
		for _, k := range more {
			if v, ok := in.get(k); ok {
				t.build(k, v, indent+1)
			}
		}
	}
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func toInternal(o Object) []member {
	out := make([]member, len(o))
	for i, m := range o {
		out[i] = member{m.Key, m.Value}
	}
	return out
}

func width(s string) int { return utf8.RuneCountInString(s) }

// colWidths gives a section's column widths (two spaces of padding on
// each side), widening the last column to fill inner.
func (s *tableSection) colWidths(inner int) []int {
	n := len(s.headers)
	for _, r := range s.rows {
		n = max(n, len(r))
	}
	if n == 0 {
		return nil
	}
	ws := make([]int, n)
	for i, h := range s.headers {
		ws[i] = max(ws[i], width(h)+4)
	}
	for _, r := range s.rows {
		for i, c := range r {
			ws[i] = max(ws[i], width(c)+4)
		}
	}
	if inner > 0 {
		sum := n - 1
		for _, w := range ws {
			sum += w
		}
		if sum < inner {
			ws[n-1] += inner - sum
		}
	}
	return ws
}

func (t *table) render(w *bufio.Writer) {
	inner := 0
	for _, s := range t.sections {
		need := width(s.title) + 4
		ws := s.colWidths(0)
		sum := len(ws) - 1
		for _, x := range ws {
			sum += x
		}
		inner = max(inner, max(need, sum)+2*s.indent)
	}
	for i, s := range t.sections {
		pre, suf := strings.Repeat("|", s.indent), strings.Repeat("|", s.indent)
		in := inner - 2*s.indent
		if i == 0 {
			w.WriteString(strings.Repeat("-", inner+2) + "\n")
		}
		w.WriteString(pre + "|" + center(s.title, in) + "|" + suf + "\n")
		ws := s.colWidths(in)
		sep := pre + "+" + joinWidths(ws, in) + "+" + suf + "\n"
		if len(s.headers) == 0 && len(s.rows) == 0 {
			continue
		}
		w.WriteString(sep)
		if len(s.headers) > 0 {
			cells := make([]string, len(ws))
			for j := range ws {
				h := ""
				if j < len(s.headers) {
					h = s.headers[j]
				}
				cells[j] = center(h, ws[j])
			}
			w.WriteString(pre + "|" + strings.Join(cells, "|") + "|" + suf + "\n")
			w.WriteString(sep)
		}
		for _, r := range s.rows {
			cells := make([]string, len(ws))
			for j := range ws {
				c := ""
				if j < len(r) {
					c = r[j]
				}
				cells[j] = "  " + c + strings.Repeat(" ", max(ws[j]-2-width(c), 0))
			}
			w.WriteString(pre + "|" + strings.Join(cells, "|") + "|" + suf + "\n")
		}
		w.WriteString(sep)
	}
}

func joinWidths(ws []int, inner int) string {
	if len(ws) == 0 {
		return strings.Repeat("-", inner)
	}
	parts := make([]string, len(ws))
	for i, x := range ws {
		parts[i] = strings.Repeat("-", x)
	}
	return strings.Join(parts, "+")
}

func center(s string, w int) string {
	gap := max(w-width(s), 0)
	left := gap / 2
	return strings.Repeat(" ", left) + s + strings.Repeat(" ", gap-left)
}
