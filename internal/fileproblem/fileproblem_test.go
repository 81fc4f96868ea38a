package fileproblem

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/pymetrics/sso-assistant/samlcheck"
	"github.com/pymetrics/sso-assistant/wizard/bundle"
)

func TestExplain(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "f.xml")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	pathErr := func(op string, err error) error { return &fs.PathError{Op: op, Path: "/x/y", Err: err} }
	cases := []struct {
		name   string
		op     Op
		path   string
		err    error
		code   string // "" : not a file problem
		cli    string // in ReadMessage or WriteMessage (by op)
		window string // in Sentence
	}{
		{"folder", Read, dir, fmt.Errorf("open: %w", samlcheck.ErrIsDirectory), "is-folder", "is a folder, not a file", "It is a folder, not a file. Open the folder"},
		{"folder by errno", Write, dir, pathErr("open", syscall.EISDIR), "is-folder", "Add a file name", "It is a folder"},
		{"not regular", Read, "/dev/zero", fmt.Errorf("%w: device", bundle.ErrNotRegular), "not-regular", "not a regular file", "Choose the file itself"},
		{"stalled pipe", Read, "fifo", fmt.Errorf("%w (10s)", samlcheck.ErrStalled), "stalled", "nothing arrived from it", "Choose the downloaded file"},
		{"disk full", Write, file, pathErr("write", syscall.ENOSPC), "disk-full", "the disk is full. Free some space", "The disk is full. Free some space or choose a folder on another disk. Nothing was written"},
		{"read-only disk", Write, file, pathErr("open", syscall.EROFS), "read-only", "read-only disk", "read-only disk"},
		{"file-size limit", Write, file, pathErr("write", syscall.EFBIG), "size-limit", "larger than this disk or this account allows", "Nothing was written"},
		{"too large to read", Read, file, fmt.Errorf("%w (more than 1 MB)", ErrTooLarge), "too-large", "larger than the assistant accepts", "Check that it is the right file"},
		{"permission reading", Read, file, pathErr("open", fs.ErrPermission), "permission", "permission denied. Copy the file", "Permission denied. Copy the file"},
		{"permission writing", Write, file, pathErr("open", syscall.EACCES), "permission", "permission denied. Choose a folder you can write to", "Permission denied"},
		{"missing file", Read, file + ".gone", pathErr("open", fs.ErrNotExist), "missing", "does not exist", "It does not exist (it may have been moved or renamed). Choose it again."},
		{"folder gone", Write, filepath.Join(dir, "gone", "b.zip"), pathErr("open", syscall.ENOENT), "folder-gone", "the folder " + filepath.Join(dir, "gone") + " does not exist", "It does not exist"},
		{"through a file", Write, filepath.Join(file, "b.zip"), pathErr("open", fs.ErrNotExist), "cannot-create", "files cannot be created in " + file, "It does not exist"},
		{"cannot create", Write, filepath.Join(dir, "b.zip"), pathErr("open", fs.ErrNotExist), "cannot-create", "files cannot be created in " + dir, "Choose it again"},
		{"unreadable", Read, file, fmt.Errorf("%w: i/o error", samlcheck.ErrUnreadable), "unreadable", "could not be read. If it is on a network drive", "The file could not be read"},
		{"not a file problem", Read, file, errors.New("something else"), "", "cannot read " + file + ": something else", ""},
		{"not a file problem writing", Write, file, errors.New("something else"), "", "something else. Nothing was written", ""},
		{"nil", Read, file, nil, "", "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, ok := Explain(tc.op, tc.path, tc.err)
			if ok != (tc.code != "") || p.Code != tc.code {
				t.Fatalf("Explain: %+v %v, want code %q", p, ok, tc.code)
			}
			if tc.err == nil {
				return
			}
			msg := ReadMessage(tc.path, tc.err)
			if tc.op == Write {
				msg = WriteMessage(tc.path, tc.err)
				if !strings.Contains(msg, NothingWritten) {
					t.Errorf("write message lacks %q: %s", NothingWritten, msg)
				}
			}
			if !strings.Contains(msg, tc.cli) || !strings.Contains(msg, tc.path) {
				t.Errorf("message %q lacks %q or the path", msg, tc.cli)
			}
			s, ok := Sentence(Use, tc.err)
			if ok != (tc.code != "") || !strings.Contains(s, tc.window) {
				t.Errorf("Sentence: %q %v, want %q", s, ok, tc.window)
			}
			if ok && strings.Contains(s, tc.path) {
				t.Errorf("window sentence names the path: %q", s)
			}
		})
	}
}

// TestSameWordsBothWays: what the window says about a full disk is what the
// command line says, apart from the path.
func TestSameWordsBothWays(t *testing.T) {
	for _, r := range table {
		if strings.HasSuffix(r.why, ".") || r.why != strings.TrimSpace(r.why) {
			t.Errorf("%s: why %q should be a clause without a full stop", r.code, r.why)
		}
		for _, do := range []string{r.read, r.write, r.use} {
			if do != "" && !strings.HasSuffix(do, ".") {
				t.Errorf("%s: advice %q should be a sentence", r.code, do)
			}
		}
	}
	err := &fs.PathError{Op: "write", Path: "b.zip", Err: syscall.ENOSPC}
	cli := WriteMessage("b.zip", err)
	win, _ := Sentence(Use, err)
	if !strings.Contains(cli, "the disk is full") || !strings.Contains(win, "The disk is full") {
		t.Errorf("command line %q, window %q", cli, win)
	}
}
