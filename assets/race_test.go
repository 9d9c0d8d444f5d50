//go:build race

package assets

// raceDetector is true under -race, where SQLite in Go runs several times
// slower: store-heavy tests then use a smaller sample (the full one is
// checked by every normal run).
const raceDetector = true
