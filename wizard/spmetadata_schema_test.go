package wizard

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// xmllintSchema validates doc against the SAML 2.0 metadata schema vendored
// in testdata/schema (see its README for where the copies come from). The
// catalog maps the schemas' network locations to those copies and --nonet
// makes sure nothing is fetched.
func xmllintSchema(t *testing.T, doc []byte) (ok bool, output string) {
	t.Helper()
	if _, err := exec.LookPath("xmllint"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("xmllint is not installed; scripts/setup.sh test installs it")
		}
		t.Skip("xmllint not installed")
	}
	dir, err := filepath.Abs(filepath.Join("testdata", "schema"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "sp.xml")
	if err := os.WriteFile(path, doc, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("xmllint", "--noout", "--nonet", "--schema", filepath.Join(dir, "saml-schema-metadata-2.0.xsd"), path)
	cmd.Env = append(os.Environ(), "XML_CATALOG_FILES="+filepath.Join(dir, "catalog.xml"))
	out, err := cmd.CombinedOutput()
	return err == nil && strings.Contains(string(out), "validates"), string(out)
}

func TestSPMetadataValidatesAgainstSchema(t *testing.T) {
	for _, name := range []string{"acme", "AcmeCorp", "acme-corp_eu.2", "contoso", strings.Repeat("n", MaxNameLength)} {
		t.Run(name[:min(len(name), 20)], func(t *testing.T) {
			u, err := URLsFor(name)
			if err != nil {
				t.Fatal(err)
			}
			if ok, out := xmllintSchema(t, SPMetadata(u)); !ok {
				t.Errorf("SP metadata for %q does not validate:\n%s", name, out)
			}
		})
	}
}

// TestSchemaValidationCanFail proves the validation above is real: documents
// one change away from ours are refused by the schema.
func TestSchemaValidationCanFail(t *testing.T) {
	u, err := URLsFor("acme")
	if err != nil {
		t.Fatal(err)
	}
	good := SPMetadata(u)
	cases := map[string][]byte{
		"no protocolSupportEnumeration": bytes.Replace(good, []byte(` protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"`), nil, 1),
		"ACS without index":             bytes.Replace(good, []byte(` index="0"`), nil, 1),
		"no entityID":                   bytes.Replace(good, []byte(`entityID="`), []byte(`entityid="`), 1),
		"unknown element":               bytes.Replace(good, []byte(`</md:SPSSODescriptor>`), []byte(`<md:Bogus/></md:SPSSODescriptor>`), 1),
	}
	for name, doc := range cases {
		t.Run(name, func(t *testing.T) {
			if bytes.Equal(doc, good) {
				t.Fatal("the case changed nothing")
			}
			if ok, out := xmllintSchema(t, doc); ok {
				t.Errorf("schema accepted a broken document:\n%s\n%s", doc, out)
			}
		})
	}
}
