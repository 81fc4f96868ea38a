//go:build race

package samlcheck_test

// raceEnabled: the race detector multiplies resident memory, so memory
// bounds are judged on allocation alone under it.
const raceEnabled = true
