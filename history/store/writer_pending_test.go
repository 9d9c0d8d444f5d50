package store

import "testing"

// TestMergeDocsKeepsEachWordOnce: the documents of the files in one group
// merge into one with every word once, in the order first met.
func TestMergeDocsKeepsEachWordOnce(t *testing.T) {
	for _, c := range []struct {
		parts []string
		want  string
	}{
		{[]string{"a b c", "b c d", "", "d e a"}, "a b c d e"},
		{[]string{"only"}, "only"},
		{[]string{"", ""}, ""},
	} {
		if got := mergeDocs(c.parts); got != c.want {
			t.Errorf("mergeDocs(%q) = %q, want %q", c.parts, got, c.want)
		}
	}
}
