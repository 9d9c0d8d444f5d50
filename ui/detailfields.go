package ui

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
)

// The detail view's field cursor: it moves over the summary's fields and
// every leaf of the record's JSON, and = and ! pivot on the value under
// it. The chosen value is drawn between brackets, so that it shows
// without colour, and in reverse.

// fieldSeg is one value on a detail line: a summary field ("User name:
// alice") or a JSON leaf ("bucketName": "x",).
type fieldSeg struct {
	sep   string              // drawn before it on the line
	label string              // "User name"; "" for none
	value string              // the text drawn for the value, unsanitized
	style func(string) string // draws the sanitized value; nil: as is
	pivot *pivotChosen        // what = and ! pivot on; nil: not a field
	// json is set for a leaf: prefix (indent and key) and suffix (a
	// comma) are the indented JSON line around value, already sanitized.
	json           bool
	prefix, suffix string
}

// fieldRef is a field the cursor can reach: a segment of a line.
type fieldRef struct{ line, seg int }

// jsonLeaf is a scalar of the record with its object keys (array
// indexes are not part of a filter path: an array matches when any
// element does).
type jsonLeaf struct {
	keys  []string
	value string // a string's text, a number's or literal's JSON text, "" for null
}

// recordLeaves lists the record's scalars in document order, which is
// the order of the lines that hold them in the indented JSON.
func recordLeaves(raw []byte) ([]jsonLeaf, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	type frame struct {
		object  bool
		wantKey bool
	}
	var stack []frame
	var keys []string
	var out []jsonLeaf
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		top := len(stack) - 1
		if top >= 0 && stack[top].object && stack[top].wantKey {
			if k, ok := tok.(string); ok {
				keys = append(keys, k)
				stack[top].wantKey = false
				continue
			}
		}
		switch t := tok.(type) {
		case json.Delim:
			if t == '{' || t == '[' {
				stack = append(stack, frame{object: t == '{', wantKey: t == '{'})
				continue
			}
			stack = stack[:top]
		default:
			out = append(out, jsonLeaf{keys: append([]string(nil), keys...), value: leafText(t)})
		}
		// A value is complete: its key is done, the object wants the next.
		if top = len(stack) - 1; top >= 0 && stack[top].object {
			keys = keys[:len(keys)-1]
			stack[top].wantKey = true
		}
	}
}

func leafText(tok json.Token) string {
	switch t := tok.(type) {
	case string:
		return t
	case json.Number:
		return t.String()
	case bool:
		if t {
			return "true"
		}
		return "false"
	}
	return "" // null: the filter's "has no value"
}

// isLeafLine reports whether a line of indented JSON holds a scalar: it
// does not open, close or hold an empty object or array.
func isLeafLine(line string) bool {
	t := strings.TrimSuffix(strings.TrimRight(line, " "), ",")
	return t != "" && !strings.ContainsAny(t[len(t)-1:], "{}[]")
}

// splitLeafLine cuts a leaf line into its indent and key, its value and
// its trailing comma.
func splitLeafLine(line string) (prefix, value, suffix string) {
	if strings.HasSuffix(line, ",") {
		line, suffix = line[:len(line)-1], ","
	}
	body := strings.TrimLeft(line, " ")
	indent := line[:len(line)-len(body)]
	if strings.HasPrefix(body, `"`) {
		end := 1
		for end < len(body) && body[end] != '"' {
			if body[end] == '\\' {
				end++
			}
			end++
		}
		if end+3 <= len(body) && body[end+1:end+3] == ": " {
			return indent + body[:end+3], body[end+3:], suffix
		}
	}
	return indent, body, suffix
}

// jsonSegs makes the record's lines, each leaf with its segment.
func (d *detailView) jsonSegs(indented string) (lines []string, segs [][]fieldSeg) {
	leaves, err := recordLeaves(d.ev.Raw)
	text := strings.Split(indented, "\n")
	n := 0
	for _, l := range text {
		if isLeafLine(l) {
			n++
		}
	}
	if err != nil || n != len(leaves) {
		leaves = nil // not the JSON the lines show: no fields rather than wrong ones
	}
	i := 0
	for _, l := range text {
		if leaves == nil || !isLeafLine(l) {
			lines = append(lines, colorJSON(Sanitize(l), d.styles))
			segs = append(segs, nil)
			continue
		}
		leaf := leaves[i]
		i++
		prefix, value, suffix := splitLeafLine(l)
		seg := fieldSeg{json: true, prefix: prefix, value: value, suffix: suffix,
			pivot: &pivotChosen{field: strings.Join(leaf.keys, "."), keys: leaf.keys, path: true, value: leaf.value}}
		segs = append(segs, []fieldSeg{seg})
		lines = append(lines, d.drawSegs([]fieldSeg{seg}, -1))
	}
	return lines, segs
}

// drawSegs draws a line of segments, the one at sel between brackets.
func (d *detailView) drawSegs(segs []fieldSeg, sel int) string {
	s := d.styles
	var b strings.Builder
	for i, g := range segs {
		b.WriteString(g.sep)
		v := Sanitize(g.value)
		switch {
		case g.json:
			b.WriteString(colorJSON(Sanitize(g.prefix), s))
			if i == sel {
				b.WriteString(s.SelectedRow.Reverse(true).Render("[" + v + "]"))
			} else {
				b.WriteString(colorJSON(v, s))
			}
			b.WriteString(colorJSON(g.suffix, s))
			continue
		case g.label != "":
			b.WriteString(s.Label.Render(g.label+":") + " ")
		}
		switch {
		case i == sel:
			b.WriteString(s.SelectedRow.Reverse(true).Render("[" + v + "]"))
		case g.style != nil:
			b.WriteString(g.style(v))
		default:
			b.WriteString(v)
		}
	}
	return b.String()
}

// indexFields lists the segments the cursor can reach, in line order.
func (d *detailView) indexFields() {
	d.fields = d.fields[:0]
	for i, segs := range d.segs {
		for j, g := range segs {
			if g.pivot != nil {
				d.fields = append(d.fields, fieldRef{line: i, seg: j})
			}
		}
	}
	d.cur = max(min(d.cur, len(d.fields)-1), 0)
}

// redrawLine draws line i again, with the cursor if it is on it.
func (d *detailView) redrawLine(i int) {
	if i < 0 || i >= len(d.segs) || d.segs[i] == nil {
		return
	}
	sel := -1
	if d.cur < len(d.fields) && d.fields[d.cur].line == i {
		sel = d.fields[d.cur].seg
	}
	d.lines[i] = d.drawSegs(d.segs[i], sel)
	d.wrapped = nil
}

// moveField moves the cursor by delta fields and keeps it on screen;
// past the first or last field the view scrolls, so that the title and
// the closing lines can still be reached.
func (d *detailView) moveField(delta int) {
	next := d.cur + delta
	if len(d.fields) == 0 || next < 0 || next >= len(d.fields) {
		d.scroll(delta)
		return
	}
	old := d.fields[d.cur].line
	d.cur = next
	d.redrawLine(old)
	d.redrawLine(d.fields[d.cur].line)
	d.follow = true
}

// pageFields moves the cursor to the first field about a page of lines
// away, so that PgUp and PgDn scroll long records as before.
func (d *detailView) pageFields(lines int) {
	if len(d.fields) == 0 {
		d.scroll(lines)
		return
	}
	target := d.fields[d.cur].line + lines
	next := d.cur
	if lines > 0 {
		for next < len(d.fields)-1 && d.fields[next].line < target {
			next++
		}
	} else {
		for next > 0 && d.fields[next].line > target {
			next--
		}
	}
	if next == d.cur {
		d.scroll(lines)
		return
	}
	d.moveField(next - d.cur)
}

// pivot reports the pivot on the field under the cursor and closes the
// view, so that the table shows what it selects.
func (d *detailView) pivot(exclude, alone bool) {
	if d.cur >= len(d.fields) {
		d.report(statusReport{text: "no field to filter on here", isErr: true})
		return
	}
	f := d.fields[d.cur]
	p := *d.segs[f.line][f.seg].pivot
	p.exclude, p.alone = exclude, alone
	d.close(p)
}

// keepCursorInView scrolls so that the cursor's line is on screen, after
// a cursor move; lineStart maps a line to its first wrapped line.
func (d *detailView) keepCursorInView(lineStart []int, height int) {
	if !d.follow || d.cur >= len(d.fields) {
		return
	}
	d.follow = false
	first := lineStart[d.fields[d.cur].line]
	last := len(d.wrapped) - 1
	if l := d.fields[d.cur].line + 1; l < len(lineStart) {
		last = lineStart[l] - 1
	}
	switch {
	case first < d.offset:
		d.offset = first
	case last >= d.offset+height:
		d.offset = min(last-height+1, first)
	}
}
