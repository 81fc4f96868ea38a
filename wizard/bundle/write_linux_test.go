package bundle

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
)

// Real file-system failures need a file system that fails: a read-only
// mount and a full one. As root the test binary runs itself again in a
// private mount namespace, mounts a small tmpfs there and writes to it; the
// mount disappears with the process, whatever happens.

const (
	helperEnv    = "BUNDLE_WRITE_HELPER"
	helperDirEnv = "BUNDLE_WRITE_HELPER_DIR"
	exitNoMount  = 3
)

func TestMain(m *testing.M) {
	if mode := os.Getenv(helperEnv); mode != "" {
		os.Exit(writeHelper(mode, os.Getenv(helperDirEnv)))
	}
	os.Exit(m.Run())
}

func runWriteHelper(t *testing.T, mode string) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("mounting a test file system needs root")
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"="+mode, helperDirEnv+"="+dir)
	cmd.SysProcAttr = &syscall.SysProcAttr{Unshareflags: syscall.CLONE_NEWNS}
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit) && exit.ExitCode() == exitNoMount:
		t.Skipf("cannot mount a tmpfs here: %s", out)
	case errors.Is(err, syscall.EPERM):
		t.Skipf("cannot make a mount namespace here: %v", err)
	case err != nil:
		t.Fatalf("%s: %v\n%s", mode, err, out)
	}
	t.Logf("%s", out)
	// Outside the namespace the folder never held anything.
	if names := listDir(t, dir); len(names) != 0 {
		t.Errorf("files outside the namespace: %q", names)
	}
}

func TestWriteFileReadOnlyFileSystem(t *testing.T) { runWriteHelper(t, "read-only") }

func TestWriteFileDiskFull(t *testing.T) { runWriteHelper(t, "full") }

// writeHelper runs in the namespace. It returns 0 when every expectation
// holds, exitNoMount when it cannot mount, 1 otherwise.
func writeHelper(mode, dir string) int {
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size=64k,mode=0755"); err != nil {
		fmt.Println("mount:", err)
		return exitNoMount
	}
	old := bytes.Repeat([]byte("the earlier bundle "), 400) // 7.6 KB
	path := filepath.Join(dir, "bundle.zip")
	if err := os.WriteFile(path, old, 0o644); err != nil {
		fmt.Println("setup:", err)
		return 1
	}
	newer := bytes.Repeat([]byte{0x5a}, 256<<10) // more than the 64 KB file system holds
	wantErr := syscall.ENOSPC
	if mode == "read-only" {
		newer = newer[:1000]
		wantErr = syscall.EROFS
		if err := syscall.Mount("", dir, "", syscall.MS_REMOUNT|syscall.MS_RDONLY, ""); err != nil {
			fmt.Println("remount read-only:", err)
			return exitNoMount
		}
	}
	failed := false
	for _, c := range []struct {
		path  string
		force bool
	}{{path, true}, {filepath.Join(dir, "new.zip"), false}, {filepath.Join(dir, "new.zip"), true}} {
		err := WriteFile(c.path, newer, c.force)
		fmt.Printf("%s force=%v: %v\n", filepath.Base(c.path), c.force, err)
		if !errors.Is(err, wantErr) {
			fmt.Printf("  want %v\n", wantErr)
			failed = true
		}
	}
	if got, err := os.ReadFile(path); err != nil || !bytes.Equal(got, old) {
		fmt.Println("the earlier bundle was damaged:", err)
		failed = true
	}
	des, _ := os.ReadDir(dir)
	var names []string
	for _, de := range des {
		names = append(names, de.Name())
	}
	if !slices.Equal(names, []string{"bundle.zip"}) {
		fmt.Printf("folder holds %q, want only bundle.zip\n", names)
		failed = true
	}
	if mode == "full" {
		// What fits is written: the failure was the disk, not the code.
		if err := WriteFile(filepath.Join(dir, "small.zip"), newer[:4096], false); err != nil {
			fmt.Println("small write:", err)
			failed = true
		}
	}
	if failed {
		return 1
	}
	return 0
}
