package capture_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pymetrics/sso-assistant/samlcheck/capture"
)

// seed adds the generated cases of the given formats and the files in
// testdata/ whose names start with prefix.
func seed(f *testing.F, prefix string, formats ...capture.Format) {
	fx := newFixture(f)
	for _, tc := range readCases(fx) {
		for _, want := range formats {
			if tc.format == want {
				f.Add(tc.in)
			}
		}
	}
	files, _ := filepath.Glob(filepath.Join("testdata", prefix+"*"))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
}

// checkInvariants holds for whatever a reader returns: never a panic (the
// fuzzer reports one), no message past the limit, nothing kept but SAML
// messages and parameter-free URLs.
func checkInvariants(t *testing.T, in []byte) {
	c, err := capture.ReadBytes(in)
	if err != nil {
		if c != nil {
			t.Fatal("a capture and an error")
		}
		return
	}
	if len(c.Messages) == 0 && c.ErrorPage == nil {
		t.Fatal("a capture without a message or an error page")
	}
	for _, m := range c.Messages {
		if len(m.XML) > capture.MaxMessage {
			t.Fatalf("message of %d bytes kept", len(m.XML))
		}
		if !bytes.HasPrefix(bytes.TrimLeft(m.XML, " \t\r\n\ufeff"), []byte("<")) {
			t.Fatalf("a message that is not XML: %q", m.XML)
		}
		if strings.ContainsAny(m.URL, "=&#") {
			t.Fatalf("a URL with parameters kept: %q", m.URL)
		}
	}
}

func FuzzReadHAR(f *testing.F) {
	seed(f, "har", capture.FormatHAR)
	f.Fuzz(checkInvariants)
}

func FuzzReadSAMLTracer(f *testing.F) {
	seed(f, "tracer", capture.FormatSAMLTracer)
	f.Fuzz(checkInvariants)
}

func FuzzReadText(f *testing.F) {
	seed(f, "text", capture.FormatBase64, capture.FormatForm, capture.FormatXML, capture.FormatRedirectURL, capture.FormatHTMLForm)
	f.Fuzz(checkInvariants)
}

func FuzzReadErrorPage(f *testing.F) {
	seed(f, "error-page", capture.FormatErrorPage)
	f.Fuzz(checkInvariants)
}
