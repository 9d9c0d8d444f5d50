package awscli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/trailview/trailview/history"
)

// LookupAttributesFlag is the option name used in messages.
const LookupAttributesFlag = "--lookup-attributes"

// maxParamBytes bounds one parameter value: the CLI has no limit, but a
// command line is never this long and hostile input must stay bounded.
const maxParamBytes = 1 << 20

// ParseLookupAttributes turns the values given after --lookup-attributes
// into attributes, as the AWS CLI v2 does:
//
//   - shorthand, one attribute per value: AttributeKey=EventName,AttributeValue=RunInstances
//     (several values, i.e. space-separated words after the flag, give several attributes);
//   - a JSON list: [{"AttributeKey":"EventName","AttributeValue":"RunInstances"}];
//   - JSON objects, one per value: {"AttributeKey":"EventName","AttributeValue":"RunInstances"}.
//
// The CLI decides by the first value: JSON when it starts with "[" or "{".
// Parameter checks are botocore's client-side ones (required members,
// unknown members, types, minimum value length); everything else, such as
// an unknown key, more than one attribute or a value longer than 2000
// characters, is the service's to reject, so it is returned as given.
// Errors are *ParamError with the CLI's wording.
func ParseLookupAttributes(values []string) ([]history.LookupAttribute, error) {
	items, err := lookupAttributeItems(values)
	if err != nil {
		return nil, err
	}
	attrs, reports := validateAttributes(items, "LookupAttributes")
	if len(reports) > 0 {
		return nil, ValidationError(reports...)
	}
	return attrs, nil
}

// lookupAttributeItems parses the values into the list the CLI hands to
// botocore, before validation.
func lookupAttributeItems(values []string) ([]any, error) {
	if len(values) == 0 {
		return nil, &ArgError{Msg: "argument " + LookupAttributesFlag + ": expected at least one argument"}
	}
	for _, v := range values {
		if len(v) > maxParamBytes {
			return nil, parsingError(LookupAttributesFlag, "value longer than %d bytes", maxParamBytes)
		}
	}
	var items []any
	first := strings.TrimSpace(values[0])
	switch {
	case len(values) == 1 && strings.HasPrefix(first, "["):
		v, err := decodeJSON(LookupAttributesFlag, values[0])
		if err != nil {
			return nil, err
		}
		list, _ := v.([]any) // text starting with "[" decodes to a list
		return list, nil
	case strings.HasPrefix(first, "[") || strings.HasPrefix(first, "{"):
		for _, s := range values {
			v, err := decodeJSON(LookupAttributesFlag, s)
			if err != nil {
				return nil, err
			}
			items = append(items, v)
		}
	default:
		for _, s := range values {
			o, err := parseShorthand(s)
			if err != nil {
				return nil, parsingError(LookupAttributesFlag, "%s", err.Error())
			}
			items = append(items, o)
		}
	}
	return items, nil
}

func invalidType(name string, v any, valid string) string {
	return fmt.Sprintf("Invalid type for parameter %s, value: %s, type: %s, valid types: %s", name, pyStr(v), pyType(v), valid)
}

// validateAttributes applies botocore's ParamValidator to the list named
// name, in its order: per item, required members, unknown members, then
// member types and lengths. It returns every report, as botocore does.
func validateAttributes(items []any, name string) ([]history.LookupAttribute, []string) {
	var reports []string
	out := make([]history.LookupAttribute, 0, len(items))
	for i, it := range items {
		item := fmt.Sprintf("%s[%d]", name, i)
		o, ok := it.(object)
		if !ok {
			reports = append(reports, invalidType(item, it, "<class 'dict'>"))
			continue
		}
		for _, req := range []string{"AttributeKey", "AttributeValue"} {
			if _, ok := o.get(req); !ok {
				reports = append(reports, fmt.Sprintf("Missing required parameter in %s: \"%s\"", item, req))
			}
		}
		for _, m := range o {
			if m.key != "AttributeKey" && m.key != "AttributeValue" {
				reports = append(reports, fmt.Sprintf("Unknown parameter in %s: \"%s\", must be one of: AttributeKey, AttributeValue", item, m.key))
			}
		}
		var a history.LookupAttribute
		if k, ok := o.get("AttributeKey"); ok {
			s, isStr := k.(string)
			if !isStr {
				reports = append(reports, invalidType(item+".AttributeKey", k, "<class 'str'>"))
			}
			a.Key = s
		}
		if v, ok := o.get("AttributeValue"); ok {
			s, isStr := v.(string)
			switch {
			case !isStr:
				reports = append(reports, invalidType(item+".AttributeValue", v, "<class 'str'>"))
			case s == "":
				reports = append(reports, fmt.Sprintf("Invalid length for parameter %s.AttributeValue, value: 0, valid min length: 1", item))
			}
			a.Value = s
		}
		out = append(out, a)
	}
	return out, reports
}

// decodeJSON decodes one JSON parameter keeping object member order, and
// reports errors in the CLI's "Invalid JSON" form.
func decodeJSON(param, s string) (any, error) {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	v, err := decodeValue(dec, 0)
	if err == nil {
		if _, extra := dec.Token(); extra != io.EOF {
			err = errors.New("extra data after the JSON value")
		}
	}
	if err != nil {
		return nil, parsingError(param, "Invalid JSON: %v\nJSON received: %s", err, s)
	}
	return v, nil
}

// maxDepth bounds nesting so hostile input cannot exhaust the stack.
const maxDepth = 64

func decodeValue(dec *json.Decoder, depth int) (any, error) {
	if depth > maxDepth {
		return nil, errors.New("nesting too deep")
	}
	tok, err := dec.Token()
	if err != nil {
		if err == io.EOF {
			return nil, errors.New("expecting value")
		}
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '[':
			list := []any{}
			for dec.More() {
				v, err := decodeValue(dec, depth+1)
				if err != nil {
					return nil, err
				}
				list = append(list, v)
			}
			if _, err := dec.Token(); err != nil {
				return nil, err
			}
			return list, nil
		case '{':
			o := object{}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				k, _ := kt.(string)
				v, err := decodeValue(dec, depth+1)
				if err != nil {
					return nil, err
				}
				// Python's json keeps the last of repeated keys.
				replaced := false
				for i := range o {
					if o[i].key == k {
						o[i].value, replaced = v, true
					}
				}
				if !replaced {
					o = append(o, member{k, v})
				}
			}
			if _, err := dec.Token(); err != nil {
				return nil, err
			}
			return o, nil
		}
		return nil, fmt.Errorf("unexpected %v", t)
	case json.Number:
		f, err := t.Float64()
		if err != nil {
			return nil, err
		}
		return f, nil
	default:
		return t, nil // string, bool or nil
	}
}
