package cli

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// ParseDuration accepts Go durations (90m, 2h30m) plus days and weeks
// (7d, 2w), which time.ParseDuration lacks and which history windows need.
func ParseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	for suffix, unit := range map[string]time.Duration{"d": 24 * time.Hour, "w": 7 * 24 * time.Hour} {
		if n, ok := strings.CutSuffix(s, suffix); ok {
			v, err := strconv.ParseFloat(n, 64)
			// NaN, infinities and values past time.Duration's ~292 years
			// would convert to nonsense.
			if err != nil || v < 0 || math.IsNaN(v) || v*float64(unit) > math.MaxInt64 {
				return 0, fmt.Errorf("invalid duration %q", s)
			}
			return time.Duration(v * float64(unit)), nil
		}
	}
	return time.ParseDuration(s)
}
