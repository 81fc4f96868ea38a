package samlcheck

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/beevik/etree"
)

// compareCanonicalParse fails when parseCanonical takes data but builds a
// tree other than etree's, or takes what etree refuses. It reports whether
// parseCanonical took it.
func compareCanonicalParse(t *testing.T, data []byte) bool {
	t.Helper()
	got, ok := parseCanonical(data)
	if !ok {
		return false
	}
	want := etree.NewDocument()
	if err := want.ReadFromBytes(data); err != nil {
		t.Fatalf("parseCanonical took what etree refuses (%v): %q", err, excerpt(data, 0))
	}
	if d := sameTree(&got.Element, &want.Element, ""); d != "" {
		t.Fatalf("parseCanonical's tree differs from etree's: %s", d)
	}
	return true
}

// canonicalOf is what the fast path digests for a real file: its root,
// canonicalised without its signature.
func canonicalOf(t testing.TB, data []byte) []byte {
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(bytes.TrimPrefix(data, utf8BOM)); err != nil || doc.Root() == nil {
		return nil
	}
	root := doc.Root()
	out, err := streamingCanonical(root, rootSignature(root), "", false)
	if err != nil {
		return nil
	}
	return out
}

// TestParseCanonicalMatchesEtree reads back the canonical form of every
// real file, which is what the fast path reads after digesting it: the tree
// must be etree's, and the plain Entra and AD FS files must not fall back.
func TestParseCanonicalMatchesEtree(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "real", "*.xml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no test data: %v", err)
	}
	taken := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		c := canonicalOf(t, data)
		if c == nil {
			continue
		}
		t.Run(filepath.Base(f), func(t *testing.T) {
			if compareCanonicalParse(t, c) {
				taken++
			} else if strings.HasPrefix(filepath.Base(f), "entra-app-") {
				t.Errorf("an Entra app file fell back to etree")
			}
		})
	}
	t.Logf("parseCanonical took %d of %d real files", taken, len(files))
	if taken < len(files)/2 {
		t.Errorf("parseCanonical took %d of %d real files", taken, len(files))
	}
}

func TestParseCanonicalCases(t *testing.T) {
	for _, c := range []struct {
		doc   string
		taken bool
	}{
		{`<a></a>`, true},
		{`<p:a xmlns:p="urn:p" p:x="1" y="&lt;&#x9;&#xA;&#xD;&quot;&amp;>"><b></b>text &amp; "q" &lt;&gt;&#xD;` + "\n\t" + `</p:a>`, true},
		{`<a b=""><c d="e"></c></a>`, true},
		{"<a>  \n  <b>x</b>\n</a>", true},
		{`<a/>`, false},                     // canonical form has no empty-element tags
		{`<a><!--c--></a>`, false},          // comments (the WithComments variant)
		{`<a><?pi x?></a>`, false},          // processing instructions
		{`<a><![CDATA[x]]></a>`, false},     // never in canonical form
		{`<a>é</a>`, false},                 // non-ASCII: left to etree
		{`<a x='1'></a>`, false},            // single quotes
		{`<a x="1" ></a>`, false},           // a space before '>'
		{`<a>&#65;</a>`, false},             // other character references
		{`<a>&apos;</a>`, false},            // not a canonical escape
		{`<a>x > y</a>`, false},             // '>' is escaped in canonical text
		{`<a>` + "\r" + `</a>`, false},      // CR is escaped in canonical text
		{`<a x="` + "\t" + `"></a>`, false}, // tabs are escaped in values
		{`<a></b>`, false},                  // mismatched end tag
		{`<a></a><b></b>`, false},           // two roots
		{`<a></a> `, false},                 // anything after the root
		{`<a:b:c></a:b:c>`, false},          // two colons
		{`<a:></a:>`, false},                // empty local part
		{`<1a></1a>`, false},                // not a name
		{`<a>`, false},                      // unclosed
		{``, false},                         // nothing
		{strings.Repeat("<a>", 1024) + strings.Repeat("</a>", 1024), true},
		{strings.Repeat("<a>", 1025) + strings.Repeat("</a>", 1025), false}, // past etree's depth limit
	} {
		if got := compareCanonicalParse(t, []byte(c.doc)); got != c.taken {
			t.Errorf("%q: taken %v, want %v", c.doc, got, c.taken)
		}
	}
}

// FuzzParseCanonical: whatever parseCanonical takes, etree reads to the same
// tree. Seeds are real files' canonical forms and the cases above.
func FuzzParseCanonical(f *testing.F) {
	for _, name := range []string{"entra-app-2025-esecdj.xml", "adfs-jjv2020-small.xml", "okta-signed-2023-luisifhy.xml"} {
		data, err := os.ReadFile(filepath.Join("testdata", "real", name))
		if err != nil {
			f.Fatal(err)
		}
		if c := canonicalOf(f, data); c != nil {
			f.Add(c)
		}
	}
	f.Add([]byte(`<p:a xmlns:p="urn:p" y="&lt;&#x9;"><b></b>t &amp;</p:a>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		compareCanonicalParse(t, data)
	})
}
