package samlcheck_test

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/pymetrics/sso-assistant/samlcheck"
	"github.com/pymetrics/sso-assistant/samlcheck/samltest"
)

func TestCheckFile(t *testing.T) {
	dir := t.TempDir()
	m := samltest.New(t, samltest.Options{Now: fixedNow})
	good := filepath.Join(dir, "FederationMetadata.xml")
	if err := os.WriteFile(good, m.XML, 0o600); err != nil {
		t.Fatal(err)
	}
	sparse := filepath.Join(dir, "huge.xml")
	f, err := os.Create(sparse)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(1 << 30); err != nil { // 1 GiB, sparse: nothing is written
		t.Fatal(err)
	}
	f.Close()
	locked := filepath.Join(dir, "locked.xml")
	if err := os.WriteFile(locked, m.XML, 0o000); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name      string
		path      string
		opts      samlcheck.Options
		wantErr   error // matched with errors.Is, besides ErrUnreadable
		wantCode  samlcheck.Code
		wantBytes bool
	}{
		{name: "good", path: good, wantBytes: true},
		{name: "missing", path: filepath.Join(dir, "nope.xml"), wantErr: fs.ErrNotExist},
		{name: "directory", path: dir, wantErr: samlcheck.ErrIsDirectory},
		{name: "permission-denied", path: locked, wantErr: fs.ErrPermission},
		{name: "too-large-by-size", path: sparse, wantCode: samlcheck.CodeInputTooLarge},
		{name: "dev-zero", path: "/dev/zero", opts: samlcheck.Options{MaxSize: 1 << 20}, wantCode: samlcheck.CodeInputTooLarge},
		{name: "dev-null", path: "/dev/null", wantCode: samlcheck.CodeInputEmpty},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "permission-denied" && runtime.GOOS == "windows" {
				t.Skip("Windows has no Unix file modes: a 0o000 file stays readable (TestCheckFileOpenedExclusively is the Windows equivalent)")
			}
			if tc.name == "permission-denied" && os.Geteuid() == 0 {
				t.Skip("running as root: file permissions do not apply")
			}
			if (tc.path == "/dev/zero" || tc.path == "/dev/null") && !exists(tc.path) {
				t.Skip("no " + tc.path + " on this system")
			}
			opts := tc.opts
			opts.Now = fixedNow
			r, data, err := samlcheck.CheckFile(tc.path, opts)
			if tc.wantErr != nil {
				if !errors.Is(err, samlcheck.ErrUnreadable) || !errors.Is(err, tc.wantErr) {
					t.Fatalf("err = %v, want ErrUnreadable and %v", err, tc.wantErr)
				}
				if r != nil || data != nil {
					t.Error("report or data returned with an error")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			checkInvariants(t, r)
			if tc.wantCode != "" && !r.Has(tc.wantCode) {
				t.Errorf("codes %v, want %s", codes(r), tc.wantCode)
			}
			if tc.wantBytes && (!bytes.Equal(data, m.XML) || !r.OK) {
				t.Errorf("data returned differs from the file, or report not OK: %v", codes(r))
			}
		})
	}
}

func TestCheckFileStdin(t *testing.T) {
	m := samltest.New(t, samltest.Options{Now: fixedNow})
	rd, wr, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	old := os.Stdin
	os.Stdin = rd
	t.Cleanup(func() { os.Stdin = old; rd.Close() })
	go func() {
		wr.Write(m.XML)
		wr.Close()
	}()
	r, data, err := samlcheck.CheckFile("-", samlcheck.Options{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	if !r.OK || !bytes.Equal(data, m.XML) {
		t.Errorf("ok=%v codes=%v, %d bytes read", r.OK, codes(r), len(data))
	}
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
