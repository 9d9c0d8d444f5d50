package assets

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"time"
)

// TestShapesUnchanged pins the bytes of the sample and of the padded
// benchmark shape: adding the busy shape (or any later shape) must not move
// a single random draw of the existing ones, whose caches and benchmark
// figures depend on them. A deliberate change of the sample (sampleRevision)
// updates its hash here; revision 3 added the chained sessions.
func TestShapesUnchanged(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts Options
		want string
	}{
		{"sample", SampleOptions(time.Date(2025, 6, 1, 9, 30, 0, 0, time.UTC)), "c786b113af4e6103aed6903bd5c4c13a04470727b585276e1f3e44e608c83405"},
		{"padded", BenchOptions(5_000), "15afea2b62e250ad7cd9748019d7e52b4c2f7bf7bab54f854e34e9ac0f27250d"},
	} {
		h := sha256.New()
		if err := WriteJSONLines(h, tc.opts); err != nil {
			t.Fatal(err)
		}
		if got := hex.EncodeToString(h.Sum(nil)); got != tc.want {
			t.Errorf("%s: sha256 of the JSON lines = %s, want %s", tc.name, got, tc.want)
		}
	}
}
