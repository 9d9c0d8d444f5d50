package ui

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// The config file is a few "key = value" lines, so that a user can read
// and edit it. Only "columns" exists so far: the visible columns in order.

// maxConfigBytes bounds what is read from the config file.
const maxConfigBytes = 64 << 10

// LoadColumns reads the saved column choice from the config at path; nil
// when there is none.
func LoadColumns(path string) ([]string, error) {
	if path == "" {
		return nil, nil
	}
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read config: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(&limitedReader{r: f, n: maxConfigBytes})
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), "=")
		if !ok || strings.TrimSpace(k) != "columns" {
			continue
		}
		var out []string
		for _, c := range strings.Split(v, ",") {
			if c = strings.TrimSpace(c); c != "" {
				out = append(out, c)
			}
		}
		return out, nil
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read config %s: %w", path, err)
	}
	return nil, nil
}

// saveColumns writes the column choice, keeping the file's other lines.
func saveColumns(path string, ids []string) error {
	if path == "" {
		return nil
	}
	var keep []string
	if old, err := os.ReadFile(path); err == nil && len(old) <= maxConfigBytes {
		for _, l := range strings.Split(strings.TrimRight(string(old), "\n"), "\n") {
			if k, _, ok := strings.Cut(l, "="); ok && strings.TrimSpace(k) == "columns" {
				continue
			}
			if l != "" {
				keep = append(keep, l)
			}
		}
	}
	keep = append(keep, "columns = "+strings.Join(ids, ", "))
	var buf bytes.Buffer
	for _, l := range keep {
		buf.WriteString(l + "\n")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("save config: %w", err)
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("save config: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("save config: %w", err)
	}
	return nil
}

// limitedReader stops after n bytes so a huge file cannot fill memory.
type limitedReader struct {
	r interface{ Read([]byte) (int, error) }
	n int64
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		return 0, errors.New("config file too large")
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	return n, err
}
