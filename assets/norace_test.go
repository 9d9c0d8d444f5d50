//go:build !race

package assets

const raceDetector = false
