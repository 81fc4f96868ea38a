package samlcheck

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/beevik/etree"
	dsig "github.com/russellhaering/goxmldsig"

	"github.com/pymetrics/sso-assistant/samlcheck/samltest"
)

// goxmldsigCanonical is what goxmldsig digests for root with skip removed:
// a copy, the enveloped-signature transform, exclusive canonicalisation.
func goxmldsigCanonical(root, skip *etree.Element, prefixList string, comments bool) ([]byte, error) {
	cp := root.Copy()
	if skip != nil {
		for i, t := range root.Child {
			if t == skip {
				cp.RemoveChildAt(i)
				break
			}
		}
	}
	c := dsig.MakeC14N10ExclusiveCanonicalizerWithPrefixList(prefixList)
	if comments {
		c = dsig.MakeC14N10ExclusiveWithCommentsCanonicalizerWithPrefixList(prefixList)
	}
	return c.Canonicalize(cp)
}

func streamingCanonical(root, skip *etree.Element, prefixList string, comments bool) ([]byte, error) {
	var b bytes.Buffer
	err := newExcCanonicalizer(&b, prefixList, comments, skip).element(root)
	return b.Bytes(), err
}

// rootSignature is the root's first direct Signature child, or nil.
func rootSignature(root *etree.Element) *etree.Element {
	for _, c := range root.ChildElements() {
		if c.Tag == "Signature" {
			return c
		}
	}
	return nil
}

// compareCanonical fails when the streaming canonicaliser and goxmldsig's
// disagree on data. The streaming one may decline (errNoFastPath); it may
// never succeed where goxmldsig fails, nor differ by a byte.
func compareCanonical(t *testing.T, data []byte) (declined bool) {
	t.Helper()
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(data); err != nil || doc.Root() == nil {
		return false
	}
	root := doc.Root()
	skip := rootSignature(root)
	for _, prefixList := range []string{"", "xs ds", "saml #default"} {
		for _, comments := range []bool{false, true} {
			want, wantErr := goxmldsigCanonical(root, skip, prefixList, comments)
			got, gotErr := streamingCanonical(root, skip, prefixList, comments)
			switch {
			case errors.Is(gotErr, errNoFastPath):
				declined = true
			case gotErr != nil:
				t.Fatalf("prefixes %q comments %v: unexpected error %v", prefixList, comments, gotErr)
			case wantErr != nil:
				t.Fatalf("prefixes %q comments %v: goxmldsig fails (%v) but the streaming canonicaliser succeeds", prefixList, comments, wantErr)
			case !bytes.Equal(got, want):
				i := 0
				for i < len(got) && i < len(want) && got[i] == want[i] {
					i++
				}
				t.Fatalf("prefixes %q comments %v: output differs from goxmldsig at byte %d:\n got  …%s\n want …%s", prefixList, comments, i, excerpt(got, i), excerpt(want, i))
			}
		}
	}
	return declined
}

func excerpt(b []byte, i int) string {
	from, to := max(0, i-60), min(len(b), i+60)
	return string(b[from:to])
}

// TestCanonicalizerMatchesGoxmldsig holds the streaming canonicaliser to
// goxmldsig's output on every real file and on generated documents, and
// requires it to take every real file (none may fall back).
func TestCanonicalizerMatchesGoxmldsig(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "real", "*.xml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no test data: %v", err)
	}
	inputs := map[string][]byte{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		inputs[filepath.Base(f)] = bytes.TrimPrefix(data, utf8BOM)
	}
	now := time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)
	inputs["generated-entra"] = samltest.New(t, samltest.Options{Now: now}).XML
	agg, err := samltest.GenerateAggregate(samltest.AggregateOptions{Now: now, Size: 100_000})
	if err != nil {
		t.Fatal(err)
	}
	inputs["generated-aggregate"] = agg.XML
	for name, data := range inputs {
		t.Run(name, func(t *testing.T) {
			if compareCanonical(t, data) {
				t.Errorf("the streaming canonicaliser declined a real file")
			}
		})
	}
}

// TestCanonicalizerCases covers the namespace and escaping rules one by one,
// including the cases where it must decline.
func TestCanonicalizerCases(t *testing.T) {
	tests := []struct {
		name    string
		doc     string
		decline bool
	}{
		{"default-namespace-moves-down", `<a xmlns="urn:a"><b/></a>`, false},
		{"unused-prefix-dropped", `<a xmlns:p="urn:p" xmlns:q="urn:q"><p:b q:x="1"/></a>`, false},
		{"undeclare-default", `<a xmlns="urn:a"><b xmlns=""><c/></b></a>`, false},
		{"redeclare-same-uri", `<a xmlns:p="urn:p"><p:b xmlns:p="urn:p"><p:c/></p:b></a>`, false},
		{"redeclare-other-uri", `<p:a xmlns:p="urn:p"><p:b xmlns:p="urn:q"/></p:a>`, false},
		{"xml-lang", `<a xml:lang="en"><b xml:space="preserve"> x </b></a>`, false},
		{"attribute-order", `<a xmlns:z="urn:z" xmlns:b="urn:b" z:k="1" b:j="2" y="3" x="4" xmlns="urn:d"/>`, false},
		{"escapes", "<a x=\"&lt;&amp;&gt;&quot;'\t\n\r\">&lt;&amp;&gt;\"'\t\r\n</a>", false},
		{"comments-and-pi", `<a><!-- c -- d --><?pi x?>t<!---->u</a>`, false},
		{"cdata", `<a><![CDATA[<&>]]></a>`, false},
		{"inclusive-prefix", `<a xmlns:xs="urn:xs" xmlns:ds="urn:ds"><b/></a>`, false},
		{"same-local-name-two-prefixes", `<a xmlns:p="urn:p" xmlns:q="urn:q" p:x="1" q:x="2"/>`, true},
		{"reserved-xmlns-prefix", `<a xmlns:xml="urn:not-xml"/>`, true},
		{"undeclared-prefix", `<p:a/>`, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if declined := compareCanonical(t, []byte(tc.doc)); declined != tc.decline {
				t.Errorf("declined = %v, want %v", declined, tc.decline)
			}
		})
	}
}

// FuzzCanonicalizer compares the streaming canonicaliser with goxmldsig's on
// any document etree parses.
func FuzzCanonicalizer(f *testing.F) {
	for _, name := range []string{"entra-app-2025-esecdj.xml", "adfs-jjv2020-small.xml", "goxmldsig-validExample.xml", "okta-signed-2023-luisifhy.xml"} {
		data, err := os.ReadFile(filepath.Join("testdata", "real", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`<a xmlns="urn:a" xmlns:p="urn:p"><p:b p:x="1" y="&#x9;"><!--c--><c xmlns=""/></p:b></a>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		compareCanonical(t, data)
	})
}

// TestFastPathAgreesWithValidate verifies every real file, and a tampered
// copy of each, with the fast path and with goxmldsig's Validate alone: the
// verdict, the reason and the verified element must be the same.
func TestFastPathAgreesWithValidate(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "real", "*.xml"))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)
	fastUsed := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		data = bytes.TrimPrefix(data, utf8BOM)
		variants := map[string][]byte{"as-is": data}
		if i := bytes.LastIndex(data, []byte("https://")); i > 0 {
			variants["tampered"] = append(append(append([]byte{}, data[:i]...), "http://"...), data[i+len("https://"):]...)
		}
		for variant, data := range variants {
			t.Run(filepath.Base(f)+"/"+variant, func(t *testing.T) {
				doc := etree.NewDocument()
				if err := doc.ReadFromBytes(data); err != nil {
					t.Skip("not well-formed")
				}
				root := doc.Root()
				si, _ := inspectSignature(root, classify(root, nil))
				if si == nil {
					t.Skip("no signature to verify")
				}
				c := &checker{r: &Report{}, opts: Options{Now: now}, now: now}
				candidates := c.candidates(root, si)
				fast, err := newFastVerifier(root, si, len(data), false)
				if err != nil {
					t.Skipf("not on the fast path: %v", err)
				}
				fastUsed++
				got := verifyWith(root, si, candidates, now, fast)
				want := verifyWith(root, si, candidates, now, nil)
				if rootOnly, _ := newFastVerifier(root, si, len(data), true); rootOnly != nil {
					// Streamed, keeping the root's start tag alone: the
					// same verdict and the same root without its content.
					r := verifyWith(root, si, candidates, now, rootOnly)
					if r.reason != want.reason || (r.verifiedRoot == nil) != (want.verifiedRoot == nil) {
						t.Errorf("root only: reason %q, Validate: %q", r.reason, want.reason)
					}
					if r.verifiedRoot != nil {
						shallow := want.verifiedRoot.Copy()
						shallow.Child = nil
						if a, b := serialize(t, r.verifiedRoot), serialize(t, shallow); a != b {
							t.Errorf("root only: verified root\n%s\nwant\n%s", a, b)
						}
					}
				}
				if got.reason != want.reason || got.unverifiable != want.unverifiable {
					t.Errorf("fast path: reason %q unverifiable %q; Validate: %q %q", got.reason, got.unverifiable, want.reason, want.unverifiable)
				}
				if (got.verifiedRoot == nil) != (want.verifiedRoot == nil) {
					t.Fatalf("fast path verified %v, Validate verified %v", got.verifiedRoot != nil, want.verifiedRoot != nil)
				}
				if got.verifiedRoot != nil {
					if got.signer != want.signer {
						t.Errorf("different signers")
					}
					if a, b := serialize(t, got.verifiedRoot), serialize(t, want.verifiedRoot); a != b {
						t.Errorf("the verified elements differ")
					}
				}
			})
		}
	}
	if fastUsed < 100 {
		t.Errorf("only %d documents took the fast path", fastUsed)
	}
}

func serialize(t *testing.T, el *etree.Element) string {
	doc := etree.NewDocument()
	doc.SetRoot(el.Copy())
	s, err := doc.WriteToString()
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(s)
}
