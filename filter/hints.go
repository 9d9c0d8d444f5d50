package filter

import "strings"

// Hints lists what text probably meant where it is valid but likely not
// what was intended: a lower-case or, and or not is a full-text search
// for that word, not an operator, and field=value with a known field is a
// full-text search for both words, not a field term. Each hint is the
// intended form ("OR", "user:alice"). The filter still runs as written:
// these are suggestions, not errors. Text that does not lex has none.
func Hints(text string) []string {
	toks, err := lex(text)
	if err != nil {
		return nil
	}
	var out []string
	for _, t := range toks {
		if t.kind != tTerm || t.hasField || t.val.quoted || t.val.escWild > 0 {
			continue
		}
		word := t.val.text
		switch up := strings.ToUpper(word); {
		case word != up && (up == "OR" || up == "AND" || up == "NOT"):
			out = append(out, up)
		case strings.Contains(word, "="):
			name, value, _ := strings.Cut(word, "=")
			if value != "" && !strings.Contains(value, "=") && lookupField(name) != nil {
				out = append(out, name+":"+value)
			}
		}
	}
	return out
}
