package export

// CSV cells follow the console's download (spec 4.3.1): RFC 4180 quoting,
// applied only when needed. A cell is wrapped in double quotes when it
// holds a comma, a double quote, CR or LF, and an embedded double quote is
// doubled. Anything else, leading or trailing spaces included, is written
// as is ("[]" stays unquoted), unlike encoding/csv, which also quotes cells
// starting with a space. Rows end with "\n" and the file has no byte-order
// mark [U: the console's line ending and BOM are unknown; the spec
// recommends LF and no BOM].

// needsQuotes reports whether a cell must be quoted.
func needsQuotes[T string | []byte](s T) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ',', '"', '\r', '\n':
			return true
		}
	}
	return false
}

// formulaLead reports whether a spreadsheet would read a cell starting
// with c as a formula (or shift it into one): '=', '+', '-', '@', tab and
// carriage return, the list OWASP gives for CSV injection.
func formulaLead(c byte) bool {
	switch c {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	return false
}

// appendCell appends one CSV cell. Unless raw, a cell a spreadsheet would
// evaluate is neutralized by prefixing a single quote, as OWASP recommends
// against CSV injection (https://owasp.org/www-community/attacks/CSV_Injection):
// spreadsheets then show the text instead of running it, and the quote is
// visibly added rather than silently dropping content. AWS warns about CSV
// injection in Event history downloads but writes cells unchanged; raw
// mode keeps that, byte for byte.
func appendCell[T string | []byte](dst []byte, s T, raw bool) []byte {
	neutralize := !raw && len(s) > 0 && formulaLead(s[0])
	if !neutralize && !needsQuotes(s) {
		return append(dst, s...)
	}
	quote := needsQuotes(s)
	if quote {
		dst = append(dst, '"')
	}
	if neutralize {
		dst = append(dst, '\'')
	}
	if !quote {
		return append(dst, s...)
	}
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			dst = append(dst, '"', '"')
		} else {
			dst = append(dst, s[i])
		}
	}
	return append(dst, '"')
}
