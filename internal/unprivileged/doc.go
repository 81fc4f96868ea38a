// Package unprivileged lets a test see files the way an ordinary user does
// when the tests themselves run as root (in containers and on CI runners),
// where permission bits do not apply and "permission denied" cannot happen.
// It is used by tests only.
package unprivileged

// marker tells the re-run test binary that it already runs unprivileged.
const marker = "PMSSO_TEST_UNPRIVILEGED"
