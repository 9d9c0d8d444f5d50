package awscli

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// ParamError is an error the AWS CLI reports before it calls the service:
// a parameter it could not parse or that failed client-side validation.
// The CLI exits with code 252 for these. Error() is the text the CLI
// prints (it adds a blank line before it on stderr).
type ParamError struct {
	Msg string
}

func (e *ParamError) Error() string { return e.Msg }

// parsingError is the CLI's "Error parsing parameter" form (awscli
// argprocess.ParamError).
func parsingError(param, format string, args ...any) *ParamError {
	return &ParamError{Msg: fmt.Sprintf("Error parsing parameter '%s': ", param) + fmt.Sprintf(format, args...)}
}

// ValidationError joins botocore parameter-validation reports the way
// botocore's ParamValidationError does.
func ValidationError(reports ...string) *ParamError {
	return &ParamError{Msg: "Parameter validation failed:\n" + strings.Join(reports, "\n")}
}

// InvalidTimestampReport is botocore's report for a timestamp parameter it
// cannot parse, e.g. for StartTime.
func InvalidTimestampReport(name, value string) string {
	return fmt.Sprintf("Invalid type for parameter %s, value: %s, type: <class 'str'>, valid types: <class 'datetime.datetime'>, timestamp-string", name, value)
}

// pyStr renders a value as Python's str() would inside botocore's messages.
func pyStr(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return pyRepr(v)
}

// pyRepr renders decoded JSON or shorthand values as Python's repr(),
// which botocore uses in its validation messages.
func pyRepr(v any) string {
	switch x := v.(type) {
	case nil:
		return "None"
	case string:
		if strings.Contains(x, "'") && !strings.Contains(x, `"`) {
			return `"` + x + `"`
		}
		return "'" + strings.ReplaceAll(strings.ReplaceAll(x, `\`, `\\`), "'", `\'`) + "'"
	case bool:
		if x {
			return "True"
		}
		return "False"
	case float64:
		if x == float64(int64(x)) && x < 1e15 && x > -1e15 {
			return strconv.FormatInt(int64(x), 10)
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = pyRepr(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case object:
		parts := make([]string, len(x))
		for i, kv := range x {
			parts[i] = pyRepr(kv.key) + ": " + pyRepr(kv.value)
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = pyRepr(k) + ": " + pyRepr(x[k])
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return fmt.Sprint(v)
}

// pyType is Python's type() of a decoded value, as botocore prints it.
func pyType(v any) string {
	switch x := v.(type) {
	case nil:
		return "<class 'NoneType'>"
	case string:
		return "<class 'str'>"
	case bool:
		return "<class 'bool'>"
	case float64:
		if x == float64(int64(x)) {
			return "<class 'int'>"
		}
		return "<class 'float'>"
	case []any:
		return "<class 'list'>"
	case object, map[string]any:
		// The CLI decodes JSON with object_pairs_hook=OrderedDict and the
		// shorthand parser builds plain dicts; botocore prints either.
		return "<class 'dict'>"
	}
	return "<class 'object'>"
}

// member is one key of an object, in input order.
type member struct {
	key   string
	value any
}

// object keeps an object's members in input order, as the CLI's
// OrderedDict does, so that messages list keys as the user wrote them.
type object []member

func (o object) get(k string) (any, bool) {
	for _, m := range o {
		if m.key == k {
			return m.value, true
		}
	}
	return nil, false
}
