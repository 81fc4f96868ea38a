//go:build linux

package samlcheck

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// These tests sit inside the package to shorten stallTimeout, and on Linux
// for /proc/self/io, which counts the bytes the process has read.

var inputNow = time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)

// realDownload is a real Entra download (signer valid until 2028).
func realDownload(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "real", "entra-app-2025-esecdj.xml"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// bytesRead is the process's rchar: every byte read(2) returned so far.
func bytesRead(t *testing.T) int64 {
	t.Helper()
	f, err := os.Open("/proc/self/io")
	if err != nil {
		t.Skip("no /proc/self/io:", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "rchar: "); ok {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
	}
	t.Skip("no rchar in /proc/self/io")
	return 0
}

// fifoWithWriter makes a FIFO and holds its write end open (O_RDWR, which
// Linux allows without waiting for a reader), as a program that has not
// finished writing would.
func fifoWithWriter(t *testing.T) (path string, w *os.File) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "FederationMetadata.xml")
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skip("cannot make a FIFO here:", err)
	}
	w, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return path, w
}

// checkFileWithin runs CheckFile and fails the test if it has not returned
// within limit.
func checkFileWithin(t *testing.T, limit time.Duration, path string, opts Options) (*Report, []byte, error) {
	t.Helper()
	type result struct {
		r    *Report
		data []byte
		err  error
	}
	done := make(chan result, 1)
	go func() {
		r, data, err := CheckFile(path, opts)
		done <- result{r, data, err}
	}()
	select {
	case res := <-done:
		return res.r, res.data, res.err
	case <-time.After(limit):
		t.Fatalf("CheckFile(%s) still reading after %v", path, limit)
		return nil, nil, nil
	}
}

// TestCheckFileFIFOIdleWriter: a FIFO whose writer stays open but writes
// nothing is given up on with ErrStalled, not waited for forever.
func TestCheckFileFIFOIdleWriter(t *testing.T) {
	old := stallTimeout
	stallTimeout = 300 * time.Millisecond
	t.Cleanup(func() { stallTimeout = old })
	for _, partial := range []bool{false, true} {
		t.Run("partial="+strconv.FormatBool(partial), func(t *testing.T) {
			path, w := fifoWithWriter(t)
			if partial {
				if _, err := w.Write(realDownload(t)[:100]); err != nil {
					t.Fatal(err)
				}
			}
			start := time.Now()
			r, data, err := checkFileWithin(t, 10*time.Second, path, Options{Now: inputNow})
			if !errors.Is(err, ErrStalled) || !errors.Is(err, ErrUnreadable) || r != nil || data != nil {
				t.Fatalf("err = %v, report %v, %d bytes; want ErrStalled and ErrUnreadable only", err, r, len(data))
			}
			if d := time.Since(start); d < stallTimeout {
				t.Errorf("gave up after %v, before the %v stall timeout", d, stallTimeout)
			}
		})
	}
}

// TestCheckFileFIFOSlowWriter: a FIFO fed in pieces, with pauses shorter
// than the stall timeout, is read to its end and checked like the file.
func TestCheckFileFIFOSlowWriter(t *testing.T) {
	old := stallTimeout
	stallTimeout = 2 * time.Second
	t.Cleanup(func() { stallTimeout = old })
	want := realDownload(t)
	path, w := fifoWithWriter(t)
	go func() {
		defer w.Close()
		for i := 0; i < len(want); i += 4096 {
			if _, err := w.Write(want[i:min(i+4096, len(want))]); err != nil {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
	}()
	r, data, err := checkFileWithin(t, 30*time.Second, path, Options{Now: inputNow})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, want) || !r.OK || !r.Signature.Valid {
		t.Errorf("%d of %d bytes; ok=%v valid=%v %v", len(data), len(want), r.OK, r.Signature.Valid, r.Findings)
	}
}

// TestCheckFileReadsNoMoreThanTheCap: the size cap holds before reading. A
// regular file over the cap is not read at all; an endless device and an
// endless pipe are read to one byte past the cap and no further. The bytes
// are counted by the kernel (rchar), so no reader can hide a read.
func TestCheckFileReadsNoMoreThanTheCap(t *testing.T) {
	const limit = 1 << 20
	// Reading /proc/self/io itself is counted too; it returns well under
	// a kilobyte.
	const slack = 4 << 10
	sparse := filepath.Join(t.TempDir(), "huge.xml")
	f, err := os.Create(sparse)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(1 << 30); err != nil { // 1 GiB, sparse
		t.Fatal(err)
	}
	f.Close()

	endless, w := fifoWithWriter(t)
	go func() {
		zeros := make([]byte, 64<<10)
		for {
			if _, err := w.Write(zeros); err != nil {
				return // closed by the cleanup
			}
		}
	}()

	for _, tc := range []struct {
		name, path string
		opts       Options
		maxRead    int64
	}{
		{"sparse-1GB-file", sparse, Options{}, 0},
		{"sparse-1GB-file-cap-raised-to-512MB", sparse, Options{MaxSize: 512 << 20}, 0},
		{"dev-zero", "/dev/zero", Options{MaxSize: limit}, limit + 1},
		{"endless-fifo", endless, Options{MaxSize: limit}, limit + 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := os.Stat(tc.path); err != nil {
				t.Skip(err)
			}
			opts := tc.opts
			opts.Now = inputNow
			before := bytesRead(t)
			r, data, err := checkFileWithin(t, 30*time.Second, tc.path, opts)
			read := bytesRead(t) - before
			if err != nil {
				t.Fatal(err)
			}
			if !r.Has(CodeInputTooLarge) || data != nil {
				t.Errorf("codes %v, %d bytes returned; want input.too-large and none", r.Findings, len(data))
			}
			if read > tc.maxRead+slack {
				t.Errorf("read %d bytes, want at most %d", read, tc.maxRead)
			}
			t.Logf("read %d bytes", read)
		})
	}
}
