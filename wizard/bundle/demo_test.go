package bundle

import (
	"bytes"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pymetrics/sso-assistant/internal/golden"
)

// demoInput is what the window's demo builds a bundle from: the built-in
// demo file (a copy in testdata/metadata).
func demoInput(tb testing.TB) Input {
	tb.Helper()
	return Input{
		URLs:         urlsFor(tb, "demo-corp"),
		Metadata:     fixture(tb, "FederationMetadata-demo.xml"),
		MetadataName: "FederationMetadata-demo.xml",
		Created:      time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC),
		ToolVersion:  "1.2.3",
		Demo:         true,
	}
}

// TestDemoBundle: outside the demo the demo file makes no bundle; in the
// demo the bundle says DEMO in its file name, e-mail subject and
// onboarding.json, and verify-bundle fails it with bundle.demo. The
// e-mail and verify-bundle's report are golden files in testdata/demo.
func TestDemoBundle(t *testing.T) {
	in := demoInput(t)
	in.Demo = false
	var refused *RefusedError
	if _, err := Build(in); !errors.As(err, &refused) {
		t.Fatalf("the demo file outside the demo: %v, want a RefusedError", err)
	}

	b, err := Build(demoInput(t))
	if err != nil {
		t.Fatal(err)
	}
	if want := "pymetrics-sso-DEMO-demo-corp-20261129.zip"; b.FileName != want {
		t.Errorf("file name %q, want %q", b.FileName, want)
	}
	if !strings.HasPrefix(b.Email.Subject, "DEMO") {
		t.Errorf("subject %q does not start with DEMO", b.Email.Subject)
	}
	if !b.Onboarding.Demo || !bytes.Contains(b.Entries[EntryOnboarding], []byte(`"demo": true`)) {
		t.Errorf("onboarding.json is not marked as a demo:\n%s", b.Entries[EntryOnboarding])
	}
	if !strings.Contains(b.Email.Body, "as given to the admin") {
		t.Errorf("without a matching paste-back the e-mail must not claim the values were entered in Entra:\n%s", b.Email.Body)
	}

	res := Verify(bytes.NewReader(b.Zip), int64(len(b.Zip)), atCreated)
	if res.OK {
		t.Fatal("verify-bundle calls a demo bundle OK")
	}
	var codes []string
	for _, p := range res.Problems {
		codes = append(codes, string(p.Code))
	}
	if strings.Join(codes, ",") != string(ProblemDemo) {
		t.Errorf("problems %v, want exactly %s", codes, ProblemDemo)
	}
	var report bytes.Buffer
	if err := res.WriteText(&report); err != nil {
		t.Fatal(err)
	}
	for name, got := range map[string][]byte{"email.txt": b.Entries[EntryEmail], "verify.txt": report.Bytes()} {
		path := filepath.Join("testdata", "demo", name)
		golden.Check(t, path, got)
	}
}
