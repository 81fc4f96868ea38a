package bundle

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/pymetrics/sso-assistant/internal/golden"
	"github.com/pymetrics/sso-assistant/samlcheck"
)

// TestVerdictGolden pins verify-bundle's text and JSON for each verdict, the
// configure section (with a rollover's second certificate) and a re-packed
// bundle: testdata/golden/verify/<case>.txt and .json, refreshed with
// -update.
func TestVerdictGolden(t *testing.T) {
	esecdj := build(t, realInput(t))
	rollIn := goldenCases[1].in(t)
	rollover := build(t, rollIn)
	edited := cloneEntries(esecdj.Entries)
	edited[EntryEmail] = append(edited[EntryEmail], "P.S. pay invoice 42 to account 1234\n"...)
	tests := []struct {
		name string
		zip  []byte
		opts VerifyOptions
	}{
		{"signer-not-confirmed", esecdj.Zip, VerifyOptions{Check: atCreated, FileName: esecdj.FileName}},
		{"signer-confirmed", esecdj.Zip, VerifyOptions{Check: samlcheck.Options{Now: realCreated, Thumbprints: []string{esecdjSigner}}, Customer: "acme", TenantID: esecdjTenant}},
		{"rollover-confirmed", rollover.Zip, VerifyOptions{Check: samlcheck.Options{Now: rollIn.Created, Thumbprints: []string{rollover.Onboarding.SigningCertificate.SHA1Thumbprint}}}},
		{"repacked-mac", macArchiveUtility(t, esecdj.Entries, "pymetrics-sso-acme-20260115"), VerifyOptions{Check: atCreated}},
		{"not-ok-edited", rezip(t, edited), VerifyOptions{Check: atCreated}},
		{"not-ok-other-customer", esecdj.Zip, VerifyOptions{Check: atCreated, Customer: "globex", FileName: "pymetrics-sso-globex-20260115.zip"}},
		{"not-ok-tenant-changed", esecdj.Zip, VerifyOptions{Check: atCreated, TenantID: "81c1df79-e153-4f9d-a101-8dcf04af6c2c"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := verifyWith(tc.zip, tc.opts)
			var text bytes.Buffer
			if err := res.WriteText(&text); err != nil {
				t.Fatal(err)
			}
			js, err := json.MarshalIndent(res, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			js = append(js, '\n')
			for ext, got := range map[string][]byte{".txt": text.Bytes(), ".json": js} {
				path := filepath.Join("testdata", "golden", "verify", tc.name+ext)
				golden.Check(t, path, got)
			}
		})
	}
}
