package awscli

import (
	"regexp"
	"strings"
)

// ArgKind says how many values an option takes.
type ArgKind int

const (
	// ArgValue takes exactly one value: --name V or --name=V.
	ArgValue ArgKind = iota
	// ArgList takes one or more values (argparse nargs='+'): every
	// following word up to the next option.
	ArgList
	// ArgFlag takes none.
	ArgFlag
)

// ArgSpec declares one option, named without dashes.
type ArgSpec struct {
	Name string
	Kind ArgKind
}

// ArgError is an argparse-level usage error; the CLI exits with 252.
type ArgError struct{ Msg string }

func (e *ArgError) Error() string { return e.Msg }

// negativeNumber is argparse's test for a word that starts with "-" but
// is a value, not an option.
var negativeNumber = regexp.MustCompile(`^-\d+$|^-\d*\.\d+$`)

func looksLikeOption(s string) bool {
	return len(s) > 1 && s[0] == '-' && !negativeNumber.MatchString(s)
}

// ParseArgs parses args as the CLI's argparse does: "--name value" or
// "--name=value" (a single dash works too, as with Go's flag package),
// list options take every word up to the next option, a repeated option
// keeps its last occurrence, and anything unknown is reported together as
// "Unknown options". The result maps each option given to its values.
func ParseArgs(specs []ArgSpec, args []string) (map[string][]string, error) {
	byName := map[string]ArgSpec{}
	for _, s := range specs {
		byName[s.Name] = s
	}
	out := map[string][]string{}
	var unknown []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			unknown = append(unknown, args[i+1:]...)
			break
		}
		if !looksLikeOption(a) {
			unknown = append(unknown, a)
			continue
		}
		name := strings.TrimLeft(a, "-")
		value, hasValue := "", false
		if k, v, ok := strings.Cut(name, "="); ok {
			name, value, hasValue = k, v, true
		}
		spec, ok := byName[name]
		if !ok {
			unknown = append(unknown, a)
			continue
		}
		option := "--" + name
		switch spec.Kind {
		case ArgFlag:
			if hasValue {
				return nil, &ArgError{Msg: "argument " + option + ": ignored explicit argument '" + value + "'"}
			}
			out[name] = nil
		case ArgValue:
			if !hasValue {
				if i+1 >= len(args) || looksLikeOption(args[i+1]) {
					return nil, &ArgError{Msg: "argument " + option + ": expected one argument"}
				}
				i++
				value = args[i]
			}
			out[name] = []string{value}
		case ArgList:
			var vals []string
			if hasValue {
				vals = append(vals, value)
			}
			for i+1 < len(args) && !looksLikeOption(args[i+1]) && args[i+1] != "--" {
				i++
				vals = append(vals, args[i])
			}
			if len(vals) == 0 {
				return nil, &ArgError{Msg: "argument " + option + ": expected at least one argument"}
			}
			out[name] = vals
		}
	}
	if len(unknown) > 0 {
		return nil, &ArgError{Msg: "Unknown options: " + strings.Join(unknown, ", ")}
	}
	return out, nil
}
