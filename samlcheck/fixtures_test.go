package samlcheck_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"encoding/pem"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/beevik/etree"

	"github.com/pymetrics/sso-assistant/internal/golden"
	"github.com/pymetrics/sso-assistant/samlcheck"
)

const (
	realDir   = "testdata/real"
	goldenDir = "testdata/golden"
)

// realFixtures lists the real files, discovered so that a new file is a new case.
func realFixtures(t testing.TB) []string {
	t.Helper()
	entries, err := os.ReadDir(realDir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".xml") {
			names = append(names, e.Name())
		}
	}
	if len(names) < 80 {
		t.Fatalf("only %d fixtures in %s", len(names), realDir)
	}
	return names
}

// source is one row of SOURCES.tsv.
type source struct {
	category, root, xmlsec1, goxmldsig, note string
}

func readSources(t testing.TB) map[string]source {
	t.Helper()
	f, err := os.Open(filepath.Join(realDir, "SOURCES.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]source{}
	var header []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || line == "" {
			continue
		}
		cols := strings.Split(line, "\t")
		if header == nil {
			header = cols
			continue
		}
		row := map[string]string{}
		for i, h := range header {
			if i < len(cols) {
				row[h] = cols[i]
			}
		}
		out[row["file"]] = source{row["cat"], row["root"], row["xmlsec1_verdict"], row["goxmldsig_verdict"], row["note"]}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestRealFixtures checks every real file against its golden report, and
// every metadata file against the recorded and the live xmlsec1 verdict.
func TestRealFixtures(t *testing.T) {
	sources := readSources(t)
	xmlsec := xmlsecPath(t)
	var agreed, metadata atomic.Int32
	t.Cleanup(func() {
		t.Logf("%d metadata files; xmlsec1 ran and agreed on %d", metadata.Load(), agreed.Load())
		if xmlsec != "" && !testing.Short() && agreed.Load() < 40 {
			t.Errorf("xmlsec1 compared only %d files", agreed.Load())
		}
	})
	for _, name := range realFixtures(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile(filepath.Join(realDir, name))
			if err != nil {
				t.Fatal(err)
			}
			if testing.Short() && len(data) > 1<<20 {
				t.Skip("large aggregate skipped in -short mode")
			}
			r := samlcheck.Check(data, samlcheck.Options{Now: fixedNow})
			checkInvariants(t, r)
			compareGolden(t, name, r)

			src, ok := sources[name]
			if !ok {
				t.Fatalf("%s has no row in SOURCES.tsv", name)
			}
			if src.root != "EntityDescriptor" && src.root != "EntitiesDescriptor" {
				if r.Signature.Valid {
					t.Errorf("a %s is not metadata but its signature was reported valid", src.root)
				}
				return
			}
			metadata.Add(1)
			// The recorded verdict of the independent verifier.
			recorded := strings.HasSuffix(src.xmlsec1, ":OK")
			if src.xmlsec1 == "NOSIG" {
				recorded = false
			}
			if r.Signature.Valid != recorded {
				t.Errorf("signature valid = %v, but xmlsec1 recorded %s (%s); reason %q", r.Signature.Valid, src.xmlsec1, src.note, r.Signature.Reason)
			}
			// And the live one, run here, root-anchored.
			if xmlsec != "" {
				live, ran := runXMLSec(t, xmlsec, data, src.root)
				if ran && live != r.Signature.Valid {
					t.Errorf("signature valid = %v, but xmlsec1 says %v", r.Signature.Valid, live)
				} else if ran {
					agreed.Add(1)
				}
			}
		})
	}
}

// checkInvariants holds for every report Check returns.
func checkInvariants(t *testing.T, r *samlcheck.Report) {
	t.Helper()
	if r == nil {
		t.Fatal("nil report")
	}
	if r.OK == r.HasErrors() {
		t.Errorf("OK = %v with errors %v", r.OK, r.Errors())
	}
	if !r.Signature.Valid {
		if r.EntityID != "" || r.TenantID != "" || len(r.SSOURLs) != 0 || len(r.LogoutURLs) != 0 || r.Signature.SignerSHA1Thumbprint != "" || r.Signature.Pinned {
			t.Errorf("values reported from an unverified file: entity %q tenant %q sso %v logout %v signer %q", r.EntityID, r.TenantID, r.SSOURLs, r.LogoutURLs, r.Signature.SignerSHA1Thumbprint)
		}
		if r.Kind != samlcheck.KindCertificate && len(r.Certificates) != 0 {
			t.Errorf("certificates reported from an unverified file: %v", r.Certificates)
		}
	}
	if r.Signature.Valid && r.SignerCertificate() == nil {
		t.Error("valid signature without a signer certificate")
	}
	if r.Kind == samlcheck.KindEntraApp && r.OK && !r.Signature.Valid {
		t.Error("OK without a valid signature")
	}
	if r.Kind != samlcheck.KindEntraApp && r.OK {
		t.Errorf("kind %s reported OK", r.Kind)
	}
	for _, f := range r.Findings {
		if f.Code == "" || f.Message == "" || (f.Severity != samlcheck.SeverityError && f.Severity != samlcheck.SeverityWarning && f.Severity != samlcheck.SeverityInfo) {
			t.Errorf("incomplete finding %+v", f)
		}
		if f.Code == samlcheck.CodeInternalError {
			t.Errorf("internal error: %s %s", f.Message, f.Hint)
		}
	}
	if v := r.Verdict(); v == "" {
		t.Error("empty verdict")
	}
}

func compareGolden(t *testing.T, name string, r *samlcheck.Report) {
	t.Helper()
	gotJSON, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	gotJSON = append(gotJSON, '\n')
	var text bytes.Buffer
	if err := r.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	base := filepath.Join(goldenDir, strings.TrimSuffix(name, ".xml"))
	for _, g := range []struct {
		path string
		got  []byte
	}{{base + ".json", gotJSON}, {base + ".txt", text.Bytes()}} {
		golden.Check(t, g.path, g.got)
	}
}

// xmlsecPath finds xmlsec1. Outside CI a missing xmlsec1 only skips the
// live comparison (the recorded verdicts are still asserted); in CI it fails.
func xmlsecPath(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("xmlsec1")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("xmlsec1 is required in CI (Debian package xmlsec1)")
		}
		t.Log("xmlsec1 not installed: live comparison skipped")
		return ""
	}
	return p
}

// runXMLSec verifies data with xmlsec1 the root-anchored way, with the
// certificate from the root signature's KeyInfo. It reports ran=false when
// the file has no such certificate (nothing to hand xmlsec1).
func runXMLSec(t *testing.T, bin string, data []byte, root string) (valid, ran bool) {
	t.Helper()
	cert := keyInfoCert(data)
	if cert == nil {
		return false, false
	}
	dir := t.TempDir()
	certPath := filepath.Join(dir, "cert.pem")
	docPath := filepath.Join(dir, "doc.xml")
	if err := os.WriteFile(certPath, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(docPath, data, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "--verify", "--id-attr:ID", "urn:oasis:names:tc:SAML:2.0:metadata:"+root,
		"--node-xpath", `/*/*[local-name()="Signature"]`, "--pubkey-cert-pem", certPath, docPath).CombinedOutput()
	if err == nil && !bytes.Contains(out, []byte("OK")) {
		t.Fatalf("xmlsec1 succeeded without saying OK:\n%s", out)
	}
	return err == nil, true
}

// keyInfoCert extracts, independently of the engine, the first certificate in
// the KeyInfo of the root's signature.
func keyInfoCert(data []byte) []byte {
	doc := etree.NewDocument()
	doc.ReadSettings.CharsetReader = nil
	if err := doc.ReadFromBytes(bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})); err != nil || doc.Root() == nil {
		return nil
	}
	for _, sig := range doc.Root().ChildElements() {
		if sig.Tag != "Signature" {
			continue
		}
		if xc := sig.FindElement("./KeyInfo/X509Data/X509Certificate"); xc != nil {
			der, err := decodeB64(xc.Text())
			if err == nil {
				return der
			}
		}
	}
	return nil
}
