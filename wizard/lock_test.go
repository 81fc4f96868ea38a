package wizard

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"testing"
	"time"
)

func TestStoreLock(t *testing.T) {
	dir := t.TempDir()
	a, err := OpenStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	b, err := OpenStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Lock(); err != nil {
		t.Fatalf("first lock: %v", err)
	}
	if err := a.Lock(); err != nil {
		t.Errorf("locking again the store that holds it: %v", err)
	}
	if err := b.Lock(); !errors.Is(err, ErrSessionInUse) {
		t.Fatalf("second store's lock: %v, want ErrSessionInUse", err)
	}
	if err := NewMemoryStore().Lock(); err != nil {
		t.Errorf("a memory store needs no lock: %v", err)
	}

	// Wizard.Close releases it, after the last save.
	w := New(a, NewSession(), Options{Now: fixedClock()})
	w.SetCustomer("acme")
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := b.Lock(); err != nil {
		t.Fatalf("after Close: %v", err)
	}
	if sess, res := b.Load(time.Now()); res.Status != LoadRestored || sess.Customer != "acme" {
		t.Errorf("the second store did not get the first one's session: %+v %q", res, sess.Customer)
	}
	b.Unlock()
	b.Unlock() // twice is harmless
}

// The lock belongs to the process: another process is refused while this
// one holds it, and a process that dies (here: is killed) leaves nothing
// behind. The child is this test binary, run as TestLockHelperProcess.
func TestStoreLockAcrossProcesses(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestLockHelperProcess$")
	cmd.Env = append(os.Environ(), "WIZARD_LOCK_HELPER_DIR="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || line != "locked\n" {
		t.Fatalf("helper said %q (%v)", line, err)
	}
	st, err := OpenStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Lock(); !errors.Is(err, ErrSessionInUse) {
		t.Fatalf("while another process holds it: %v, want ErrSessionInUse", err)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	if err := st.Lock(); err != nil {
		t.Fatalf("after the other process was killed: %v", err)
	}
	st.Unlock()
}

func TestLockHelperProcess(t *testing.T) {
	dir := os.Getenv("WIZARD_LOCK_HELPER_DIR")
	if dir == "" {
		t.Skip("run by TestStoreLockAcrossProcesses")
	}
	st, err := OpenStore(dir)
	if err != nil || st.Lock() != nil {
		os.Stdout.WriteString("failed\n")
		os.Exit(1)
	}
	os.Stdout.WriteString("locked\n")
	time.Sleep(time.Minute) // until killed
	os.Exit(0)
}
