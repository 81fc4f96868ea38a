package ui

import (
	"fmt"
	"os"
	"runtime/debug"
	"sync/atomic"
)

// worker runs slow work (reading and checking files, writing files) off the
// UI goroutine, so the window keeps drawing while a 10 MB file is verified.
// It is the only place in the package that starts a goroutine for work, and
// the only place where a failed job becomes a message: callers give it the
// work and what to do with the result, never an error path of their own.
type worker struct {
	// running counts jobs whose result has not been applied yet, so tests
	// can wait until every result has reached the widgets.
	running atomic.Int64
	// fail shows an error to the admin; it runs on the UI goroutine.
	fail func(what string, err error)
	// handOver runs f on the UI goroutine and returns once it has run:
	// fyne.DoAndWait in the app; tests queue f for their own goroutine.
	handOver func(f func())
}

// job is one piece of background work.
type job[T any] struct {
	// what names the work for messages: "checking FederationMetadata.xml".
	what string
	// work runs on its own goroutine and must not touch widgets.
	work func() (T, error)
	// stale, when set, is asked on the UI goroutine before the result is
	// used; true drops the result and any error (a newer drop superseded
	// this one).
	stale func() bool
	// settle runs on the UI goroutine whatever the outcome, before apply or
	// the error message: hiding activity indicators, re-enabling buttons.
	settle func()
	// apply receives the result on the UI goroutine when work succeeded.
	apply func(T)
}

// runInBackground starts j. If the work fails (or panics: a defect must not
// take the admin's session down with it), the worker's fail reports it,
// saying what was being done.
//
// The result is handed over with handOver, which waits until it has been
// applied, so once running reaches zero every result is on screen.
func runInBackground[T any](w *worker, j job[T]) {
	w.running.Add(1)
	go func() {
		defer w.running.Add(-1)
		v, err := protect(j.work)
		w.handOver(func() {
			if j.stale != nil && j.stale() {
				return
			}
			if j.settle != nil {
				j.settle()
			}
			if err != nil {
				w.fail(j.what, err)
				return
			}
			if j.apply != nil {
				j.apply(v)
			}
		})
	}()
}

// protect calls work and turns a panic into an error; the stack goes to
// standard error for the developers, not into the admin's message.
func protect[T any](work func() (T, error)) (v T, err error) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(os.Stderr, "pymetrics-sso: panic in background work: %v\n%s", r, debug.Stack())
			err = fmt.Errorf("ui: unexpected failure in the assistant: %v", r)
		}
	}()
	return work()
}
