//go:build !windows

package mailhandler

import "testing"

// Outside Windows the desktop's opener reports a missing handler itself, so
// the window must always try.
func TestRegisteredOutsideWindows(t *testing.T) {
	if !Registered() {
		t.Error("Registered() = false; outside Windows it must leave the decision to the desktop's opener")
	}
}
