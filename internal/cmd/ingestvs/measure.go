package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// timeBinary is GNU time, whose -v report holds the child's peak RSS.
const timeBinary = "/usr/bin/time"

type measurement struct {
	wall  time.Duration
	rssKB int64
	// cpu is user plus system time: on a shared machine the wall time
	// swings with the other load, the CPU a loader spends much less.
	cpu     time.Duration
	dbBytes int64 // the store and its WAL after the load
}

// measure runs argv under GNU time and sizes the store it wrote.
func measure(argv []string, db string) (measurement, error) {
	var out, report bytes.Buffer
	cmd := exec.Command(timeBinary, append([]string{"-v"}, argv...)...)
	cmd.Stdout, cmd.Stderr = &out, &report
	start := time.Now()
	err := cmd.Run()
	m := measurement{wall: time.Since(start)}
	if err != nil {
		return m, fmt.Errorf("%s: %w\n%s%s", strings.Join(argv, " "), err, out.String(), tail(report.String(), 2000))
	}
	rss, ok := parseMaxRSS(report.String())
	if !ok {
		return m, fmt.Errorf("no peak RSS in the report of %s", timeBinary)
	}
	m.rssKB = rss
	for _, label := range []string{"User time (seconds):", "System time (seconds):"} {
		secs, ok := parseSeconds(report.String(), label)
		if !ok {
			return m, fmt.Errorf("no %q in the report of %s", label, timeBinary)
		}
		m.cpu += secs
	}
	for _, suffix := range []string{"", "-wal"} {
		if fi, err := os.Stat(db + suffix); err == nil {
			m.dbBytes += fi.Size()
		}
	}
	return m, nil
}

// parseMaxRSS finds "Maximum resident set size (kbytes): N" in a GNU time
// -v report.
func parseMaxRSS(report string) (int64, bool) {
	const label = "Maximum resident set size (kbytes):"
	sc := bufio.NewScanner(strings.NewReader(report))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if v, ok := strings.CutPrefix(line, label); ok {
			n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
			return n, err == nil
		}
	}
	return 0, false
}

// parseSeconds finds "LABEL N.NN" in a GNU time -v report.
func parseSeconds(report, label string) (time.Duration, bool) {
	sc := bufio.NewScanner(strings.NewReader(report))
	for sc.Scan() {
		if v, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), label); ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			return time.Duration(f * float64(time.Second)), err == nil && f >= 0
		}
	}
	return 0, false
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}
