package assets

import (
	"bytes"
	"crypto/x509"
	"encoding/base64"
	"image/png"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/pymetrics/sso-assistant/samlcheck"
)

func TestIcon(t *testing.T) {
	for _, c := range []struct {
		res  fyne.Resource
		size int
	}{{Icon, 512}, {WindowIcon, 128}} {
		img, err := png.Decode(bytes.NewReader(c.res.Content()))
		if err != nil {
			t.Fatalf("%s is not a PNG: %v", c.res.Name(), err)
		}
		if b := img.Bounds(); b.Dx() != c.size || b.Dy() != c.size {
			t.Fatalf("%s is %dx%d, want %dx%d", c.res.Name(), b.Dx(), b.Dy(), c.size, c.size)
		}
	}
}

// The demo must never be mistaken for a real organisation's file: its tenant
// and its certificate say "demo", and the certificate outlives the product.
func TestDemoMetadataIsLabelled(t *testing.T) {
	s := string(DemoMetadata)
	if !strings.Contains(s, `entityID="https://sts.windows.net/`+DemoTenantID+`/"`) {
		t.Fatalf("demo metadata is not for the demo tenant %s", DemoTenantID)
	}
	m := regexp.MustCompile(`<X509Certificate>([^<]+)</X509Certificate>`).FindStringSubmatch(s)
	if m == nil {
		t.Fatal("demo metadata carries no certificate")
	}
	der, err := base64.StdEncoding.DecodeString(m[1])
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(cert.Subject.CommonName, "demo") {
		t.Errorf("demo certificate subject %q does not say demo", cert.Subject.CommonName)
	}
	if cert.NotAfter.Before(time.Date(2040, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("demo certificate expires %v; the demo should stay valid for years", cert.NotAfter)
	}
	// One newline follows the XML declaration; any other means re-indentation.
	if bytes.Contains(DemoMetadata, []byte("\r")) || bytes.Count(DemoMetadata, []byte(">\n<")) > 1 {
		t.Error("demo metadata looks reformatted; regenerate it instead of editing it")
	}
}

// The demo shows the happy path, so inside the demo (AllowDemo) its file
// must pass the product's own check for the demo's whole life.
func TestDemoMetadataPassesTheCheck(t *testing.T) {
	for _, now := range []time.Time{
		time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2045, 6, 1, 0, 0, 0, 0, time.UTC),
	} {
		r := samlcheck.Check(DemoMetadata, samlcheck.Options{Now: now, AllowDemo: true})
		if !r.OK || r.Kind != samlcheck.KindEntraApp || !r.Signature.Valid || r.TenantID != DemoTenantID {
			t.Errorf("at %s: ok=%v kind=%s valid=%v tenant=%s findings=%+v", now.Format("2006"), r.OK, r.Kind, r.Signature.Valid, r.TenantID, r.Findings)
		}
	}
}

// TestDemoRecognised: the one demo predicate (samlcheck.IsDemo) knows the
// embedded demo file, so check, bundle, verify-bundle and the window mark
// it; and the copies the other packages test with are this file byte for
// byte. A re-signed demo file fails here until samlcheck's constant and
// the copies are updated.
func TestDemoRecognised(t *testing.T) {
	r := samlcheck.Check(DemoMetadata, samlcheck.Options{Now: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)})
	if !samlcheck.IsDemo(r) || !r.Has(samlcheck.CodeMetadataDemo) || r.OK {
		t.Errorf("the demo file is not recognised as the demo: ok=%v findings=%+v", r.OK, r.Findings)
	}
	for _, copyPath := range []string{"../samlcheck/testdata/demo/FederationMetadata-demo.xml", "../wizard/bundle/testdata/metadata/FederationMetadata-demo.xml"} {
		data, err := os.ReadFile(copyPath)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(data, DemoMetadata) {
			t.Errorf("%s is not the embedded demo file; copy demo/FederationMetadata-demo.xml there again", copyPath)
		}
	}
}
