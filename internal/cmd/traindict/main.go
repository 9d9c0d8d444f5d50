// Command traindict trains the zstd dictionary that history compresses
// stored records with. Its samples are generated (package assets), never
// real logs, so the dictionary holds CloudTrail's vocabulary (field names,
// services, common values) and nobody's data. The output is committed once
// per codec version and must never change afterwards: stored rows depend
// on it.
//
//	go run ./internal/cmd/traindict -out history/store/zdict/records-v1.zdict
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/klauspost/compress/dict"
	"github.com/klauspost/compress/zstd"
	"github.com/trailview/trailview/assets"
)

func main() {
	out := flag.String("out", "history/store/zdict/records-v1.zdict", "dictionary file to write")
	samples := flag.Int("samples", 40_000, "generated records to train on")
	size := flag.Int("size", 64<<10, "dictionary size in bytes")
	id := flag.Uint("id", 0x74760001, "zstd dictionary ID")
	flag.Parse()

	var input [][]byte
	seen := map[string]bool{}
	for _, padded := range []bool{false, true} {
		opts := assets.BenchOptions(*samples / 2)
		opts.Seed, opts.Padded = 7, padded
		opts.End = time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
		err := assets.Generate(opts, func(r *assets.Record) error {
			// Whole duplicates teach the builder nothing.
			if !seen[string(r.JSON)] {
				seen[string(r.JSON)] = true
				input = append(input, bytes.Clone(r.JSON))
			}
			return nil
		})
		if err != nil {
			fmt.Fprintln(os.Stderr, "traindict:", err)
			os.Exit(1)
		}
	}
	d, err := dict.BuildZstdDict(input, dict.Options{MaxDictSize: *size, HashBytes: 6, ZstdDictID: uint32(*id), ZstdLevel: zstd.SpeedDefault})
	if err != nil {
		fmt.Fprintln(os.Stderr, "traindict:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, d, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "traindict:", err)
		os.Exit(1)
	}
	fmt.Printf("traindict: %d samples, dictionary of %d bytes written to %s\n", len(input), len(d), *out)
}
