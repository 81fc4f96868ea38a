//go:build linux

package unprivileged

import (
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
)

// nobody is the conventional unprivileged user and group on Linux.
const nobody = 65534

// Rerun, in a process running as root on Linux, runs the calling top-level
// test again, alone, in a copy of the test binary running as the user
// nobody, fails t if it fails there, and returns true: the caller then
// returns at once. Anywhere else it returns false, and the test goes on in
// this process, which already sees permissions as an ordinary user does.
// The test is skipped when root cannot switch users here.
func Rerun(t *testing.T) bool {
	t.Helper()
	if os.Geteuid() != 0 || os.Getenv(marker) != "" {
		return false
	}
	if strings.Contains(t.Name(), "/") {
		t.Fatal("unprivileged.Rerun works for top-level tests only")
	}
	// The binary and the child's temporary folder live in a folder of
	// their own, readable by nobody; the go tool's build folder is not.
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "unprivileged-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	tmp := filepath.Join(dir, "tmp")
	bin := filepath.Join(dir, "test.bin")
	if err := errors.Join(os.Chmod(dir, 0o755), os.Mkdir(tmp, 0o700), os.Chown(tmp, nobody, nobody), copyFile(exe, bin)); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-test.run=^"+regexp.QuoteMeta(t.Name())+"$", "-test.count=1", "-test.v")
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); k != "TMPDIR" && k != "HOME" && !strings.HasPrefix(k, "XDG_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, marker+"=1", "TMPDIR="+tmp, "HOME="+tmp, "XDG_CONFIG_HOME="+filepath.Join(tmp, "config"))
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody, Groups: []uint32{}}}
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	switch {
	case err != nil && !errors.As(err, &exit):
		t.Skipf("cannot run the test as nobody here: %v", err)
	case err != nil:
		t.Errorf("as the user nobody: %v\n%s", err, out)
	default:
		t.Logf("ran as the user nobody:\n%s", out)
	}
	return true
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
