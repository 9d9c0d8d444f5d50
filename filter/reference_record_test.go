package filter

import (
	"encoding/json"
	"strings"

	"github.com/trailview/trailview/history"
)

// refEvent is an event with its record decoded once for the reference
// matcher, which then answers every term of every filter from the decoded
// form instead of decoding the JSON again per term.
type refEvent struct {
	*history.Event
	rec *refNode
	// words holds SplitWords of every value full text searches: each
	// string and number at any depth, except the record's own eventID
	// and requestID; nil when the record does not decode.
	words [][]string
}

func newRefEvents(events []history.Event) []refEvent {
	out := make([]refEvent, len(events))
	for i := range events {
		e := &events[i]
		out[i] = refEvent{Event: e, rec: newRefNode(e.Raw), words: refSearchedWords(e.Raw)}
	}
	return out
}

// refNode is one JSON value of a record: its bytes as written and, for an
// object or array that decodes, its members or elements.
type refNode struct {
	raw json.RawMessage
	obj map[string]*refNode // nil unless raw is an object that decodes
	arr []*refNode          // nil unless raw is an array that decodes
	str *string             // the decoded text of a string
}

func newRefNode(raw json.RawMessage) *refNode {
	n := &refNode{raw: json.RawMessage(strings.TrimSpace(string(raw)))}
	if len(n.raw) == 0 {
		return n
	}
	switch n.raw[0] {
	case '{':
		var obj map[string]json.RawMessage
		if json.Unmarshal(n.raw, &obj) == nil {
			n.obj = make(map[string]*refNode, len(obj))
			for k, v := range obj {
				n.obj[k] = newRefNode(v)
			}
		}
	case '[':
		var els []json.RawMessage
		if json.Unmarshal(n.raw, &els) == nil {
			n.arr = make([]*refNode, len(els))
			for i, el := range els {
				n.arr[i] = newRefNode(el)
			}
		}
	case '"':
		var s string
		if json.Unmarshal(n.raw, &s) == nil {
			n.str = &s
		}
	}
	return n
}

// values calls fn with the text of every value at the path keys: strings
// decoded, numbers and booleans as written, objects and arrays at the end
// as their compact JSON; arrays along the way (and at the end) are
// entered, and null is no value.
func (n *refNode) values(keys []string, fn func(string)) {
	if len(n.raw) == 0 {
		return
	}
	if n.raw[0] == '[' {
		for _, el := range n.arr {
			el.values(keys, fn)
		}
		return
	}
	if len(keys) == 0 {
		switch {
		case string(n.raw) == "null":
		case n.raw[0] == '"':
			if n.str != nil {
				fn(*n.str)
			}
		default:
			fn(string(n.raw))
		}
		return
	}
	if child, ok := n.obj[keys[0]]; ok {
		child.values(keys[1:], fn)
	}
}

// refSearchedWords decodes the record plainly (numbers kept as written)
// and splits every string and number value into words, leaving out the
// record's own eventID and requestID, as full text does.
func refSearchedWords(rec []byte) [][]string {
	dec := json.NewDecoder(strings.NewReader(string(rec)))
	dec.UseNumber()
	var doc any
	if dec.Decode(&doc) != nil {
		return nil
	}
	var out [][]string
	var collect func(v any, top bool)
	collect = func(v any, top bool) {
		switch x := v.(type) {
		case map[string]any:
			for k, c := range x {
				if top && (k == "eventID" || k == "requestID") {
					continue
				}
				collect(c, false)
			}
		case []any:
			for _, c := range x {
				collect(c, false)
			}
		case string:
			out = append(out, history.SplitWords(x))
		case json.Number:
			out = append(out, history.SplitWords(string(x)))
		}
	}
	collect(doc, true)
	return out
}
