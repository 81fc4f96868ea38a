package wizard

import (
	"bytes"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/beevik/etree"

	"github.com/pymetrics/sso-assistant/samlcheck"
)

func TestSPMetadataGolden(t *testing.T) {
	for _, name := range goldenNames {
		t.Run(name[:min(len(name), 20)], func(t *testing.T) {
			u, err := URLsFor(name)
			if err != nil {
				t.Fatal(err)
			}
			got := SPMetadata(u)
			if !bytes.Equal(got, SPMetadata(u)) {
				t.Fatal("two calls gave different bytes")
			}
			checkGolden(t, filepath.Join("spmetadata", name+".xml"), got)
		})
	}
}

// Besides the schema validation (spmetadata_schema_test.go), the structure
// (saml-metadata-2.0-os sections 2.3.2, 2.4.1, 2.4.4, 2.2.3) is asserted
// element by element and attribute by attribute: the schema allows optional
// parts we promise not to write, and nothing else may be present.
func TestSPMetadataStructure(t *testing.T) {
	for _, u := range []URLs{
		mustURLs(t, "acme"),
		mustURLs(t, goldenNames[len(goldenNames)-1]),
		// support's values may hold characters XML must escape
		{Customer: "x", Identifier: `https://www.pymetrics.com/saml2-sp/x/x/metadata/?a=1&b="2"<3>`, ReplyURL: "https://www.pymetrics.com/saml2-sp/x/x/?acs&t=\t"},
	} {
		doc := etree.NewDocument()
		if err := doc.ReadFromBytes(SPMetadata(u)); err != nil {
			t.Fatalf("not XML: %v", err)
		}
		root := doc.Root()
		assertElement(t, root, "EntityDescriptor", map[string]string{"xmlns:md": mdNamespace, "entityID": u.Identifier})
		if len(u.Identifier) > 1024 {
			t.Errorf("entityID longer than the 1024 characters section 2.3.2 allows")
		}
		kids := root.ChildElements()
		if len(kids) != 1 {
			t.Fatalf("EntityDescriptor has %d child elements, want one SPSSODescriptor", len(kids))
		}
		sp := kids[0]
		assertElement(t, sp, "SPSSODescriptor", map[string]string{"protocolSupportEnumeration": protocolSAML20})
		acs := sp.ChildElements()
		if len(acs) != 1 {
			t.Fatalf("SPSSODescriptor has %d child elements, want one AssertionConsumerService", len(acs))
		}
		assertElement(t, acs[0], "AssertionConsumerService", map[string]string{
			"Binding": bindingHTTPPost, "Location": u.ReplyURL, "index": "0", "isDefault": "true",
		})
		if n, err := strconv.ParseUint(acs[0].SelectAttrValue("index", ""), 10, 16); err != nil || n != 0 {
			t.Errorf("index is not the unsignedShort 0")
		}
		if len(acs[0].ChildElements()) != 0 || len(bytes.TrimSpace([]byte(acs[0].Text()))) != 0 {
			t.Errorf("AssertionConsumerService has content")
		}
		// encoding/xml, an independent reader, sees the same values
		var parsed struct {
			EntityID string `xml:"entityID,attr"`
			SP       struct {
				ACS []struct {
					Location string `xml:"Location,attr"`
				} `xml:"AssertionConsumerService"`
			} `xml:"SPSSODescriptor"`
		}
		if err := xml.Unmarshal(SPMetadata(u), &parsed); err != nil {
			t.Fatal(err)
		}
		if parsed.EntityID != u.Identifier || len(parsed.SP.ACS) != 1 || parsed.SP.ACS[0].Location != u.ReplyURL {
			t.Errorf("encoding/xml read %+v", parsed)
		}
	}
}

func mustURLs(t *testing.T, name string) URLs {
	t.Helper()
	u, err := URLsFor(name)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// assertElement checks an element's namespace, name and exact attribute set.
func assertElement(t *testing.T, el *etree.Element, tag string, attrs map[string]string) {
	t.Helper()
	if el.Tag != tag || el.NamespaceURI() != mdNamespace {
		t.Errorf("element {%s}%s, want {%s}%s", el.NamespaceURI(), el.Tag, mdNamespace, tag)
	}
	if len(el.Attr) != len(attrs) {
		t.Errorf("%s has %d attributes, want %d: %v", tag, len(el.Attr), len(attrs), el.Attr)
	}
	for _, a := range el.Attr {
		if want, ok := attrs[a.FullKey()]; !ok || a.Value != want {
			t.Errorf("%s: attribute %s=%q, want %q", tag, a.FullKey(), a.Value, want)
		}
	}
}

// xmllint is an independent parser; a well-formedness failure there would
// also be one in Entra's upload.
func TestSPMetadataXmllint(t *testing.T) {
	if _, err := exec.LookPath("xmllint"); err != nil {
		t.Skip("xmllint not installed")
	}
	path := filepath.Join(t.TempDir(), "sp.xml")
	if err := os.WriteFile(path, SPMetadata(mustURLs(t, "acme")), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("xmllint", "--noout", "--nonet", path).CombinedOutput(); err != nil {
		t.Fatalf("xmllint: %v\n%s", err, out)
	}
}

// The project's own check must recognise the file for what it is, so an
// admin who drops it on the certificate step is told it is the wrong side.
func TestSPMetadataRoundTripThroughCheck(t *testing.T) {
	r := samlcheck.Check(SPMetadata(mustURLs(t, "acme")), samlcheck.Options{})
	if r.Kind != samlcheck.KindSP {
		t.Fatalf("Check says kind %q, want %q; findings %+v", r.Kind, samlcheck.KindSP, r.Findings)
	}
	found := false
	for _, f := range r.Findings {
		found = found || f.Code == samlcheck.CodeInputSPMetadata
	}
	if !found || r.OK {
		t.Errorf("want a not-OK report with %s; got OK=%v %+v", samlcheck.CodeInputSPMetadata, r.OK, r.Findings)
	}
}

func TestSPMetadataFileName(t *testing.T) {
	if got := SPMetadataFileName("acme"); got != "acme-pymetrics-sp-metadata.xml" {
		t.Errorf("got %q", got)
	}
	if got := SPMetadataFileName("../etc"); got != "customer-pymetrics-sp-metadata.xml" {
		t.Errorf("a refused name reached a file name: %q", got)
	}
}
