//go:build !race

package samlcheck_test

const raceEnabled = false
