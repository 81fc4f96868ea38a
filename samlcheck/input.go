package samlcheck

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"
)

// ErrUnreadable wraps every failure to read the input at all (missing file,
// directory, permission denied). It is the only error CheckFile returns;
// everything about the content is a finding in the Report instead.
var ErrUnreadable = errors.New("samlcheck: input unreadable")

// ErrIsDirectory is the underlying cause when a directory was given.
var ErrIsDirectory = errors.New("samlcheck: is a directory")

// ErrStalled is the underlying cause when a pipe or device stopped
// delivering bytes without ending: a FIFO whose writer keeps it open but
// writes nothing would otherwise hold the check, and the window waiting for
// it, forever.
var ErrStalled = errors.New("samlcheck: nothing more arrived from a pipe or device that stays open")

// stallTimeout is how long CheckFile waits for the next bytes from a pipe or
// device. A variable only so the package's own tests can shorten it.
var stallTimeout = 10 * time.Second

// ReadError says which input could not be read and why. It matches both
// ErrUnreadable and the underlying cause (fs.ErrNotExist, fs.ErrPermission,
// ErrIsDirectory, ...) with errors.Is.
type ReadError struct {
	Path string
	Err  error
}

func (e *ReadError) Error() string {
	return fmt.Sprintf("samlcheck: cannot read %s: %v", e.Path, e.Err)
}

// Unwrap exposes both ErrUnreadable and the cause.
func (e *ReadError) Unwrap() []error { return []error{ErrUnreadable, e.Err} }

// CheckFile reads path ("-" means standard input) and checks it. It returns
// the exact bytes it read, for keeping them unchanged later (the bundle), and
// an error only when the input could not be read at all.
//
// The size cap holds before everything is read: a regular file is measured
// first; other inputs (pipes, devices such as /dev/zero) are read through a
// limit one byte past the cap, so an endless input yields an input.too-large
// report rather than a hang or exhausted memory, and a pipe or device that
// stays open without delivering anything for 10 seconds yields ErrStalled.
func CheckFile(path string, opts Options) (*Report, []byte, error) {
	limit := opts.MaxSize
	if limit <= 0 {
		limit = DefaultMaxSize
	}
	name := path
	var r io.Reader
	if path == "-" {
		name = "standard input"
		r = os.Stdin
	} else {
		fi, err := os.Stat(path)
		if err != nil {
			return nil, nil, &ReadError{Path: path, Err: err}
		}
		if fi.IsDir() {
			return nil, nil, &ReadError{Path: path, Err: ErrIsDirectory}
		}
		if fi.Mode().IsRegular() && fi.Size() > limit {
			rep := &Report{}
			c := &checker{r: rep, opts: opts}
			c.tooLarge(fi.Size(), limit, false)
			rep.finish()
			return rep, nil, nil
		}
		f, err := openForRead(path, fi.Mode())
		if err != nil {
			return nil, nil, &ReadError{Path: path, Err: err}
		}
		defer f.Close()
		r = f
		if !fi.Mode().IsRegular() {
			r = stallReader{f: f, idle: stallTimeout}
		}
	}
	return CheckReader(name, r, opts)
}

// CheckReader checks what r delivers, read through the size cap as CheckFile
// reads a pipe; name says where the bytes come from in a ReadError. The
// command line uses it for standard input.
func CheckReader(name string, r io.Reader, opts Options) (*Report, []byte, error) {
	limit := opts.MaxSize
	if limit <= 0 {
		limit = DefaultMaxSize
	}
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, nil, &ReadError{Path: name, Err: err}
	}
	if int64(len(data)) > limit {
		rep := &Report{}
		c := &checker{r: rep, opts: opts}
		c.tooLarge(0, limit, startsLikeXML(data)) // the real size is unknown: reading stopped at the cap
		rep.finish()
		return rep, nil, nil
	}
	return Check(data, opts), data, nil
}

// stallReader reads a pipe or device, giving up with ErrStalled when nothing
// arrives for idle. Files that cannot take a deadline (devices the poller
// does not handle, such as /dev/zero, which never stall) are read as they are.
type stallReader struct {
	f    *os.File
	idle time.Duration
}

func (s stallReader) Read(p []byte) (int, error) {
	if err := s.f.SetReadDeadline(time.Now().Add(s.idle)); err != nil {
		return s.f.Read(p)
	}
	n, err := s.f.Read(p)
	if errors.Is(err, os.ErrDeadlineExceeded) {
		err = fmt.Errorf("%w (%v without a byte)", ErrStalled, s.idle)
	}
	return n, err
}
