// Package fileproblem is the one table of words for files that cannot be
// read or written: missing, unreadable, permission denied, a folder instead
// of a file, a full or read-only disk, a folder that went away, too large, a
// pipe that stays open without data. The command line and the window both
// explain such errors through it, so a full disk reads the same in both.
//
// Matching is on sentinels and errno values (errors.Is), never on message
// text. An error that is none of these is not a file problem: Explain
// reports false and the caller says what it knows.
package fileproblem

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/pymetrics/sso-assistant/samlcheck"
	"github.com/pymetrics/sso-assistant/wizard/bundle"
)

// ErrTooLarge marks a file refused before reading because it is larger
// than the caller accepts. Wrap it with the limit: fmt.Errorf("%w (...)").
var ErrTooLarge = errors.New("fileproblem: file too large")

// Op says what was being done with the file; the advice depends on it.
type Op int

const (
	// Use is an action whose direction the caller does not know (the
	// window's generic error dialog).
	Use Op = iota
	// Read is reading a file the user named.
	Read
	// Write is writing a file the user named. The assistant's writes are
	// atomic, so a failed one leaves what was at the path unchanged.
	Write
)

// Problem is one row of the table, resolved for one error.
type Problem struct {
	// Code is stable, for tests and logs: "missing", "disk-full", ...
	Code string
	// Why says what is wrong, as a clause without the file's name ("the
	// disk is full"), so it fits both "cannot write PATH: WHY." and a
	// dialog sentence.
	Why string
	// Do says what to do about it, as a sentence.
	Do string
	// writing is set when the problem can only come from a write, so
	// the window can add that nothing was written.
	writing bool
}

// row is one kind of file problem. read, write and use are the advice for
// each Op; an empty one falls back to use, then read.
type row struct {
	code             string
	is               func(error) bool
	why              string
	read, write, use string
}

func is(targets ...error) func(error) bool {
	return func(err error) bool {
		for _, t := range targets {
			if errors.Is(err, t) {
				return true
			}
		}
		return false
	}
}

// table is checked in order: the more specific causes come first (a folder
// given as a file is also "not a regular file"; a stalled pipe is also
// "unreadable").
var table = []row{
	{code: "is-folder", is: is(samlcheck.ErrIsDirectory, syscall.EISDIR),
		why:  "it is a folder, not a file",
		read: "Give the path of the file inside it.", write: "Add a file name to the folder's path.", use: "Open the folder and choose the file inside it."},
	{code: "not-regular", is: is(bundle.ErrNotRegular),
		why:  "it is not a regular file (a folder, device or pipe)",
		read: "Give the path of the file itself, for example the bundle .zip you received.", use: "Choose the file itself, for example the bundle .zip you received."},
	{code: "stalled", is: is(samlcheck.ErrStalled),
		why:  "nothing arrived from it for 10 seconds; it is a pipe or device that stays open without data",
		read: "Give the path of the downloaded file instead.", use: "Choose the downloaded file instead."},
	{code: "disk-full", is: is(diskFull...),
		why:   "the disk is full",
		write: "Free some space or choose a folder on another disk."},
	{code: "read-only", is: is(syscall.EROFS),
		why:   "the folder is on a read-only disk",
		write: "Choose a folder on another disk."},
	{code: "too-large", is: is(ErrTooLarge),
		why:  "it is larger than the assistant accepts",
		read: "Check that it is the right file."},
	{code: "size-limit", is: is(syscall.EFBIG),
		why:   "the file is larger than this disk or this account allows",
		write: "Choose a folder on another disk."},
	{code: "permission", is: is(fs.ErrPermission),
		why:   "permission denied",
		read:  "Copy the file somewhere you can read it (for example Downloads), or run as a user who may read it.",
		write: "Choose a folder you can write to.",
		use:   "Copy the file somewhere you can read it (for example Downloads), or choose a folder you can write to."},
	{code: "missing", is: is(fs.ErrNotExist),
		why:  "it does not exist (it may have been moved or renamed)",
		read: "Check the path and the file name.", use: "Choose it again."},
	{code: "unreadable", is: is(samlcheck.ErrUnreadable),
		why:  "the file could not be read",
		read: "If it is on a network drive or in a cloud folder, copy it to Downloads first."},
}

// Explain finds err's row for op. path may be empty (the window does not
// repeat it); with a path, a write into a folder that does not exist names
// that folder. ok is false when err is not a file problem.
func Explain(op Op, path string, err error) (p Problem, ok bool) {
	if err == nil {
		return Problem{}, false
	}
	for _, r := range table {
		if !r.is(err) {
			continue
		}
		p = Problem{Code: r.code, Why: r.why, Do: r.advice(op), writing: op == Write || r.read == "" && r.use == ""}
		if r.code == "missing" && op == Write {
			p = missingOnWrite(path)
		}
		return p, true
	}
	return Problem{}, false
}

func (r row) advice(op Op) string {
	switch {
	case op == Read && r.read != "":
		return r.read
	case op == Write && r.write != "":
		return r.write
	case r.use != "":
		return r.use
	case r.read != "":
		return r.read
	}
	return r.write
}

// missingOnWrite tells a folder that is gone from one that refuses new
// files (a path through a file, for instance).
func missingOnWrite(path string) Problem {
	dir := filepath.Dir(path)
	if path == "" {
		return Problem{Code: "folder-gone", Why: "the folder does not exist (any more)", Do: "Choose another folder.", writing: true}
	}
	if _, err := os.Stat(dir); err != nil {
		return Problem{Code: "folder-gone", Why: "the folder " + dir + " does not exist", Do: "Create it or choose another folder.", writing: true}
	}
	return Problem{Code: "cannot-create", Why: "files cannot be created in " + dir, Do: "Choose another folder.", writing: true}
}

// NothingWritten is what a failed write leaves behind, said after every
// write problem.
const NothingWritten = "Nothing was written; anything already at that path is unchanged."

// ReadMessage is the command line's sentence for a file that could not be
// read: "cannot read PATH: WHY. DO". Other errors are given as they are.
func ReadMessage(path string, err error) string {
	p, ok := Explain(Read, path, err)
	if !ok {
		return fmt.Sprintf("cannot read %s: %v", path, err)
	}
	return fmt.Sprintf("cannot read %s: %s. %s", path, p.Why, p.Do)
}

// WriteMessage is the command line's sentence for a file that could not be
// written. The writes are atomic, so it says nothing was written.
func WriteMessage(path string, err error) string {
	p, ok := Explain(Write, path, err)
	if !ok {
		return fmt.Sprintf("cannot write %s: %v. %s", path, err, NothingWritten)
	}
	return fmt.Sprintf("cannot write %s: %s. %s %s", path, p.Why, p.Do, NothingWritten)
}

// Sentence is the window's wording for a file problem: the same reason as
// the command line, as a sentence without the path, with the advice for
// op. ok is false when err is not a file problem.
func Sentence(op Op, err error) (string, bool) {
	p, ok := Explain(op, "", err)
	if !ok {
		return "", false
	}
	s := upperFirst(p.Why) + ". " + p.Do
	if p.writing {
		s += " " + NothingWritten
	}
	return s, true
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
