package live

import (
	"testing"

	"github.com/trailview/trailview/internal/realdata"
)

func realData(t *testing.T) string {
	t.Helper()
	return realdata.Dir(t)
}
