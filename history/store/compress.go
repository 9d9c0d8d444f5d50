package store

import (
	_ "embed"
	"errors"
	"fmt"
	"sync"

	"github.com/klauspost/compress/zstd"
)

// The zstd codecs of stored records, and the per-record form that stores
// written before schema 4 hold in events.raw (records since then are
// stored in blocks of 64, blocks.go). The first byte of a stored raw value
// names its codec, so that new forms can be added without rewriting old
// rows.
const (
	codecPlain    = 0
	codecZstd     = 1
	codecZstdDict = 2 // zstd with recordDict (version 1)
)

// recordDict is a zstd dictionary trained on CloudTrail-shaped records
// (internal/cmd/traindict, on generated records only). Its content must never change: stored rows
// depend on it. A new dictionary gets a new codec number.
//
//go:embed zdict/records-v1.zdict
var recordDict []byte

var (
	codecOnce sync.Once
	encoder   *zstd.Encoder
	decoder   *zstd.Decoder
	codecErr  error
)

func codecs() (*zstd.Encoder, *zstd.Decoder, error) {
	codecOnce.Do(func() {
		// The fastest level with a 128 KiB window (a block of 64 records of
		// 1.7 KB fits): with a dictionary, each frame starts by restoring
		// the dictionary's match tables, whose size grows with the level
		// and the window (docs/benchmarks.md). One encoder per core: blocks
		// are compressed on goroutines of their own, in parallel.
		opts := []zstd.EOption{zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithWindowSize(128 << 10),
			zstd.WithZeroFrames(true), zstd.WithEncoderCRC(false)}
		dopts := []zstd.DOption{zstd.WithDecoderConcurrency(0), zstd.WithDecoderMaxMemory(64 << 20)}
		if len(recordDict) > 0 {
			opts = append(opts, zstd.WithEncoderDict(recordDict))
			dopts = append(dopts, zstd.WithDecoderDicts(recordDict))
		}
		encoder, codecErr = zstd.NewWriter(nil, opts...)
		if codecErr == nil {
			decoder, codecErr = zstd.NewReader(nil, dopts...)
		}
	})
	return encoder, decoder, codecErr
}

var errCorruptRaw = errors.New("stored record is corrupt")

// decompressRecord returns the compact record of a stored raw value.
func decompressRecord(dst, stored []byte) ([]byte, error) {
	if len(stored) == 0 {
		return nil, errCorruptRaw
	}
	switch stored[0] {
	case codecPlain:
		return append(dst, stored[1:]...), nil
	case codecZstd, codecZstdDict:
		_, dec, err := codecs()
		if err != nil {
			return nil, err
		}
		if stored[0] == codecZstdDict && len(recordDict) == 0 {
			return nil, fmt.Errorf("%w: written with a dictionary this build lacks", errCorruptRaw)
		}
		out, err := dec.DecodeAll(stored[1:], dst)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", errCorruptRaw, err)
		}
		return out, nil
	}
	return nil, fmt.Errorf("%w: unknown codec %d (written by a newer trailview?)", errCorruptRaw, stored[0])
}
