package assets

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/trailview/trailview/history"
)

// holdSampleEnv makes the test binary, run by
// TestRemoveOlderSamplesKeepsOneInUse, another program browsing a sample:
// it opens the store it names, reads it, says so and keeps it open until
// its standard input closes.
const holdSampleEnv = "TRAILVIEW_TEST_HOLD_SAMPLE"

func TestMain(m *testing.M) {
	if path := os.Getenv(holdSampleEnv); path != "" {
		os.Exit(holdSample(path))
	}
	os.Exit(m.Run())
}

func holdSample(path string) int {
	ctx := context.Background()
	s, err := openCached(ctx, path)
	if err != nil {
		fmt.Println(err)
		return 1
	}
	defer s.Close()
	if _, err := s.Count(ctx, history.Query{}); err != nil {
		fmt.Println(err)
		return 1
	}
	fmt.Println("open")
	io.Copy(io.Discard, os.Stdin)
	return 0
}

// TestRemoveOlderSamplesKeepsOneInUse: a sample of an earlier hour that
// another trailview still has open stays until that program closes it.
func TestRemoveOlderSamplesKeepsOneInUse(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	old := smallSample()
	s, err := openSample(ctx, dir, old)
	if err != nil {
		t.Fatal(err)
	}
	if err := WaitSample(ctx, s); err != nil {
		t.Fatal(err)
	}
	s.Close()
	oldPath := filepath.Join(dir, sampleName(old.End))

	other := exec.Command(os.Args[0], "-test.run=^$")
	other.Env = append(os.Environ(), holdSampleEnv+"="+oldPath)
	stdin, err := other.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := other.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := other.Start(); err != nil {
		t.Fatal(err)
	}
	defer other.Process.Kill()
	if line, err := bufio.NewReader(stdout).ReadString('\n'); line != "open\n" {
		t.Fatalf("the other program says %q (%v)", line, err)
	}

	end := old.End.Add(time.Hour)
	removeOlderSamples(dir, sampleName(end), end)
	if !exists(oldPath) || !exists(oldPath+"-shm") {
		t.Fatal("a sample another program has open was removed")
	}
	stdin.Close()
	if err := other.Wait(); err != nil {
		t.Fatalf("the other program: %v", err)
	}
	removeOlderSamples(dir, sampleName(end), end)
	for _, suffix := range []string{"", "-wal", "-shm", ".ok", ".ready"} {
		if exists(oldPath + suffix) {
			t.Errorf("%s kept after the other program closed it", oldPath+suffix)
		}
	}
}
