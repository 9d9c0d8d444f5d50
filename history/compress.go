package history

import (
	_ "embed"
	"errors"
	"fmt"
	"sync"

	"github.com/klauspost/compress/zstd"
)

// Records are stored one by one, zstd-compressed with a dictionary trained
// on CloudTrail records: a lookup page needs 50 records from all over the
// store, and per-record compression keeps each one a single small read.
// The first byte of a stored raw value names its codec, so that new
// dictionaries can be added without rewriting old rows.
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
		// The fastest level with a 128 KiB window: with a dictionary, each
		// record starts by restoring the dictionary's match tables, whose
		// size grows with the level and the window; at the default level
		// that restore cost several times the compression itself, for 2%
		// smaller records (docs/benchmarks.md).
		opts := []zstd.EOption{zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithWindowSize(128 << 10),
			zstd.WithEncoderConcurrency(1), zstd.WithZeroFrames(true), zstd.WithEncoderCRC(false)}
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

// compressRecord appends the stored form of a compact record to dst.
func compressRecord(dst, rec []byte) ([]byte, error) {
	enc, _, err := codecs()
	if err != nil {
		return nil, err
	}
	codec := byte(codecZstd)
	if len(recordDict) > 0 {
		codec = codecZstdDict
	}
	dst = append(dst, codec)
	return enc.EncodeAll(rec, dst), nil
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
