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
// figures depend on them.
func TestShapesUnchanged(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts Options
		want string
	}{
		{"sample", SampleOptions(time.Date(2025, 6, 1, 9, 30, 0, 0, time.UTC)), "35ed0e2fa0e7db2ff374303eab3a03c18f02d88f85a4d11bf1d1ffe6daea6272"},
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
