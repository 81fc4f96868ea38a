//go:build unix

package wizard

import (
	"bufio"
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// autosaveDirEnv, when set, turns this test binary into the autosaving
// program that TestStoreSurvivesKill9 kills.
const autosaveDirEnv = "WIZARD_TEST_AUTOSAVE_DIR"

// autosaveForever is the killed program: it restores the session the way
// the assistant does, then changes it without pause, every change saved by
// the Wizard's autosave. The customer name carries a counter, so the test
// can tell an older state from a newer one; the metadata is large enough
// (256 KB) that a kill often lands in the middle of writing it.
func autosaveForever(dir string) {
	st, err := OpenStore(dir)
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(3)
	}
	w, res := Open(st, Options{})
	n := 0
	if res.Status == LoadRestored {
		n, _ = strconv.Atoi(strings.TrimPrefix(w.Customer(), "acme-"))
	}
	fmt.Printf("loaded %s %d\n", res.Status, n)
	data := bytes.Repeat([]byte("<EntityDescriptor/>\r\n"), 256<<10/21)
	for i := n + 1; ; i++ {
		// Metadata first, then the name: a save between the two holds
		// the metadata of i and the name of i-1, never the reverse.
		copy(data, strconv.Itoa(i)+" ")
		w.SetMetadata("FederationMetadata.xml", data, nil)
		w.SetCustomer(fmt.Sprintf("acme-%d", i))
		if err := w.Flush(); err != nil {
			fmt.Println("error:", err)
			os.Exit(3)
		}
		if i == n+1 {
			fmt.Println("saving")
		}
	}
}

// metadataCounter reads the counter autosaveForever writes at the start of
// the metadata bytes; -1 when there is none.
func metadataCounter(data []byte) int {
	head, _, _ := bytes.Cut(data, []byte(" "))
	n, err := strconv.Atoi(string(head))
	if err != nil {
		return -1
	}
	return n
}

// TestStoreSurvivesKill9 kills an autosaving process at random moments, 60
// times, and after each kill loads the session as the next start would:
// the session must always load, and never be older than the last one a
// previous start loaded. Every tenth round the file is damaged on purpose
// before loading (as a disk or a careless copy might): it must be moved
// aside, kept byte for byte, and reported.
func TestStoreSurvivesKill9(t *testing.T) {
	if dir := os.Getenv(autosaveDirEnv); dir != "" {
		autosaveForever(dir)
		return
	}
	const rounds = 60
	dir := filepath.Join(t.TempDir(), "cfg")
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 6))
	last := 0 // counter of the session the previous round loaded
	var restored, movedAside, killedBeforeSaving, highest int
	for round := 1; round <= rounds; round++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestStoreSurvivesKill9$", "-test.count=1")
		cmd.Env = append(os.Environ(), autosaveDirEnv+"="+dir)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := bufio.NewScanner(out)
		// Most rounds wait until saving has begun and kill a random
		// moment later; some kill at a random moment of starting up,
		// while the previous session is being loaded.
		early := rng.IntN(5) == 0
		if !early {
			for lines.Scan() && lines.Text() != "saving" {
				if strings.HasPrefix(lines.Text(), "error:") {
					t.Fatalf("round %d: autosaving program: %s", round, lines.Text())
				}
			}
		}
		time.Sleep(time.Duration(rng.IntN(40_000)) * time.Microsecond)
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		for lines.Scan() { // drain, so Wait does not block on the pipe
		}
		if err := cmd.Wait(); err == nil {
			t.Fatalf("round %d: the autosaving program ended by itself", round)
		}

		damage := round%10 == 0
		var before []byte
		if damage {
			b, err := os.ReadFile(filepath.Join(dir, SessionFileName))
			if err != nil {
				t.Fatalf("round %d: no session to damage: %v", round, err)
			}
			before = b[:len(b)/2] // the first half, as an interrupted plain write leaves it
			if err := os.WriteFile(filepath.Join(dir, SessionFileName), before, 0o600); err != nil {
				t.Fatal(err)
			}
		}

		st, err := OpenStore(dir)
		if err != nil {
			t.Fatal(err)
		}
		sess, res := st.Load(time.Now())
		switch {
		case damage:
			if res.Status != LoadMovedAside || res.MovedTo == "" || !strings.Contains(res.Message, res.MovedTo) {
				t.Fatalf("round %d: damaged session: Load = %+v, want moved aside and reported", round, res)
			}
			kept, err := os.ReadFile(res.MovedTo)
			if err != nil || !bytes.Equal(kept, before) {
				t.Fatalf("round %d: the damaged session was not kept byte for byte: %v", round, err)
			}
			movedAside++
			last = 0
		case res.Status == LoadNew && last == 0:
			killedBeforeSaving++ // killed before the first save after a fresh start
		case res.Status == LoadRestored:
			// A save between the first metadata and the first name of a
			// fresh start holds no name yet: counter 0.
			n, err := 0, error(nil)
			if sess.Customer != "" {
				n, err = strconv.Atoi(strings.TrimPrefix(sess.Customer, "acme-"))
			}
			if err != nil || sess.Metadata == nil || sess.Metadata.SHA256 != sha256Hex(sess.Metadata.Data) {
				t.Fatalf("round %d: restored session %q is not one the program saved", round, sess.Customer)
			}
			if n < last {
				t.Fatalf("round %d: restored session %d is older than %d, loaded in the round before", round, n, last)
			}
			if m := metadataCounter(sess.Metadata.Data); m != n && m != n+1 {
				t.Fatalf("round %d: session %d holds the metadata of save %d", round, n, m)
			}
			last, highest = n, max(highest, n)
			restored++
		default:
			t.Fatalf("round %d: after kill -9 Load = %+v (%v)", round, res, res.Err)
		}
	}
	var strays []string
	for _, name := range listDir(t, dir) {
		if strings.HasSuffix(name, ".tmp") {
			strays = append(strays, name)
		}
	}
	t.Logf("%d rounds: %d restored (up to save %d), %d damaged and moved aside, %d killed before the first save; %d temporary files left by kills mid-write",
		rounds, restored, highest, movedAside, killedBeforeSaving, len(strays))
	if restored < rounds/2 {
		t.Errorf("only %d of %d rounds restored a session: the kills did not exercise saving", restored, rounds)
	}
	// Once they are old enough not to belong to a save in progress, the
	// next start removes them.
	old := time.Now().Add(-2 * staleTempAge)
	for _, name := range strays {
		if err := os.Chtimes(filepath.Join(dir, name), old, old); err != nil {
			t.Fatal(err)
		}
	}
	st, err := OpenStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, res := st.Load(time.Now()); res.Status != LoadRestored && res.Status != LoadNew {
		t.Errorf("final Load = %+v", res)
	}
	for _, name := range listDir(t, dir) {
		if strings.HasSuffix(name, ".tmp") {
			t.Errorf("temporary file %s left after the next start", name)
		}
	}
}
