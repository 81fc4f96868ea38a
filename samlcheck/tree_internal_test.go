package samlcheck

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/beevik/etree"
)

// builtAndParsed returns the tree the scan builds and the one etree's parser
// builds from the same text, or ok=false when the scan refuses the text.
func builtAndParsed(t *testing.T, text []byte) (built, parsed *etree.Document, ok bool) {
	t.Helper()
	b := newTreeBuilder()
	if scan := scanXML(text, maxElementsPerCap, b); scan.fatal {
		return nil, nil, false
	}
	parsed = etree.NewDocument()
	parsed.ReadSettings.CharsetReader = charsetReader
	if err := parsed.ReadFromBytes(text); err != nil {
		t.Fatalf("the scan accepted what etree refuses: %v", err)
	}
	return b.doc, parsed, true
}

// sameTree describes the first difference between two etree trees, down to
// the fields a reader can observe (flags, indexes, parents, attribute
// owners), or returns "".
func sameTree(a, b *etree.Element, path string) string {
	if a.Space != b.Space || a.Tag != b.Tag {
		return fmt.Sprintf("%s: <%s:%s> vs <%s:%s>", path, a.Space, a.Tag, b.Space, b.Tag)
	}
	if a.Index() != b.Index() {
		return fmt.Sprintf("%s: index %d vs %d", path, a.Index(), b.Index())
	}
	if len(a.Attr) != len(b.Attr) {
		return fmt.Sprintf("%s: %d attributes vs %d", path, len(a.Attr), len(b.Attr))
	}
	for i := range a.Attr {
		x, y := a.Attr[i], b.Attr[i]
		if x.Space != y.Space || x.Key != y.Key || x.Value != y.Value {
			return fmt.Sprintf("%s: attribute %d %s:%s=%q vs %s:%s=%q", path, i, x.Space, x.Key, x.Value, y.Space, y.Key, y.Value)
		}
		if x.Element() != a || y.Element() != b {
			return fmt.Sprintf("%s: attribute %d does not point at its element", path, i)
		}
	}
	if len(a.Child) != len(b.Child) {
		return fmt.Sprintf("%s: %d child nodes vs %d", path, len(a.Child), len(b.Child))
	}
	for i := range a.Child {
		p := fmt.Sprintf("%s/%d", path, i)
		if a.Child[i].Parent() != a || b.Child[i].Parent() != b || a.Child[i].Index() != i || b.Child[i].Index() != i {
			return p + ": parent or index wrong"
		}
		switch x := a.Child[i].(type) {
		case *etree.Element:
			y, ok := b.Child[i].(*etree.Element)
			if !ok {
				return p + ": element vs another node"
			}
			if d := sameTree(x, y, p); d != "" {
				return d
			}
		case *etree.CharData:
			y, ok := b.Child[i].(*etree.CharData)
			if !ok || x.Data != y.Data || x.IsWhitespace() != y.IsWhitespace() || x.IsCData() != y.IsCData() {
				return p + ": character data differs"
			}
		case *etree.Comment:
			if y, ok := b.Child[i].(*etree.Comment); !ok || x.Data != y.Data {
				return p + ": comment differs"
			}
		case *etree.ProcInst:
			if y, ok := b.Child[i].(*etree.ProcInst); !ok || x.Target != y.Target || x.Inst != y.Inst {
				return p + ": processing instruction differs"
			}
		case *etree.Directive:
			if y, ok := b.Child[i].(*etree.Directive); !ok || x.Data != y.Data {
				return p + ": directive differs"
			}
		default:
			return fmt.Sprintf("%s: unexpected node %T", p, x)
		}
	}
	return ""
}

func compareTrees(t *testing.T, text []byte) bool {
	t.Helper()
	built, parsed, ok := builtAndParsed(t, text)
	if !ok {
		return false
	}
	if d := sameTree(&built.Element, &parsed.Element, ""); d != "" {
		t.Fatalf("the built tree differs from etree's: %s", d)
	}
	return true
}

// TestTreeBuilderMatchesEtree compares the tree built during the scan with
// etree's own parse on every real file and on the node kinds one by one.
func TestTreeBuilderMatchesEtree(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "real", "*.xml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no test data: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			text, _, finding := decodeText(data)
			if finding != nil {
				t.Skip(finding.Message)
			}
			if !compareTrees(t, text) {
				t.Errorf("the scan refused a real file")
			}
		})
	}
	cases := map[string]string{
		"prolog-and-trailer":       "<?xml version=\"1.0\"?>\n<!-- before --><?pi data?>\r\n<a/>\n<!-- after -->\n",
		"whitespace-and-text":      "<a>\n\t<b> x </b>  <c>\r\n</c>y</a>",
		"cdata":                    "<a><![CDATA[<x>&]]>tail<![CDATA[]]></a>",
		"namespaces-and-attrs":     `<p:a xmlns:p="urn:p" xmlns="urn:d" p:x="1" y="&lt;&#9;" xml:lang="en"><b p:z=""/></p:a>`,
		"entities":                 `<a x="&amp;&quot;&apos;">&amp;&#x41;&gt;</a>`,
		"empty-and-nested":         `<a><b/><b></b><c><d><e/></d></c></a>`,
		"processing-in-content":    `<a><?target?><?t two words?></a>`,
		"comment-between-elements": `<a><b/><!--x--><c/></a>`,
	}
	for name, doc := range cases {
		t.Run(name, func(t *testing.T) {
			if !compareTrees(t, []byte(doc)) {
				t.Errorf("the scan refused %q", doc)
			}
		})
	}
}

// FuzzTreeBuilder: whatever the scan accepts, etree parses to the same tree.
func FuzzTreeBuilder(f *testing.F) {
	for _, name := range []string{"entra-app-2025-esecdj.xml", "adfs-jjv2020-small.xml", "okta-signed-2023-luisifhy.xml"} {
		data, err := os.ReadFile(filepath.Join("testdata", "real", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(bytes.TrimPrefix(data, utf8BOM))
	}
	f.Add([]byte("<?xml version=\"1.0\"?><!--c--><a xmlns=\"urn:a\"><![CDATA[x]]> <?p i?></a>\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		compareTrees(t, data)
	})
}
