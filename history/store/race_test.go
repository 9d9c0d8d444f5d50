//go:build race

package store_test

// raceDetector is true under -race, where SQLite in Go runs 20-25 times
// slower: the heaviest property tests then check fewer random cases (every
// normal run checks them all); the race run is there to find races.
const raceDetector = true
