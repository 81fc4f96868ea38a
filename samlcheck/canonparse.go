package samlcheck

import (
	"encoding/xml"

	"github.com/beevik/etree"
)

// parseCanonical reads back the canonical form the fast path has just
// digested, building the tree etree's Document.ReadFromBytes would build
// from the same bytes, in a fraction of its time: for a 14 KB Entra file,
// reading the digested bytes again with etree was a third of the check.
//
// It reads only the narrow form exclusive canonicalisation of an element
// writes, and only its plainest case: one element with its content, names
// of ASCII letters, digits, '.', '-', '_' and at most one inner ':',
// attributes as ` name="value"`, printable ASCII text and values with the
// canonical escapes (&amp; &lt; &gt; &quot; &#x9; &#xA; &#xD;), no comments,
// processing instructions or CDATA. For anything else it returns ok false
// and the caller parses with etree as before; it never guesses.
//
// Tokens go through treeBuilder, the same conversion the scan uses (held to
// etree's own parse by TestTreeBuilderMatchesEtree), and the tokens equal
// what encoding/xml's RawToken returns for the same bytes:
// TestParseCanonicalMatchesEtree and FuzzParseCanonical compare the trees.
func parseCanonical(data []byte) (doc *etree.Document, ok bool) {
	p := canonParser{data: data, b: newTreeBuilder()}
	if !p.document() {
		return nil, false
	}
	return p.b.doc, true
}

type canonParser struct {
	data  []byte
	i     int
	b     *treeBuilder
	open  []string // raw names of the open elements, for their end tags
	text  []byte   // scratch for unescaping
	attrs []xml.Attr
}

func (p *canonParser) document() bool {
	if !p.startTag() {
		return false
	}
	for len(p.open) > 0 {
		if p.i >= len(p.data) {
			return false
		}
		switch {
		case p.data[p.i] != '<':
			if !p.charData() {
				return false
			}
		case p.i+1 < len(p.data) && p.data[p.i+1] == '/':
			if !p.endTag() {
				return false
			}
		default:
			if !p.startTag() {
				return false
			}
		}
	}
	return p.i == len(p.data)
}

// name reads a name and splits it as encoding/xml does: "p:l" into prefix
// and local part; a name with a second ':' is not taken.
func (p *canonParser) name() (raw string, n xml.Name, ok bool) {
	start, colon := p.i, -1
	for p.i < len(p.data) {
		c := p.data[p.i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', c == '_':
		case '0' <= c && c <= '9', c == '-', c == '.':
			if p.i == start {
				return "", n, false
			}
		case c == ':':
			if colon >= 0 || p.i == start {
				return "", n, false
			}
			colon = p.i
		default:
			goto done
		}
		p.i++
	}
done:
	if p.i == start || colon == p.i-1 {
		return "", n, false
	}
	raw = string(p.data[start:p.i])
	if colon < 0 {
		n.Local = raw
	} else {
		n.Space, n.Local = raw[:colon-start], raw[colon-start+1:]
	}
	return raw, n, true
}

// canonMaxDepth is etree's default depth limit (its parser refuses the
// 1025th nested element); deeper input is left to etree to refuse.
const canonMaxDepth = 1024

func (p *canonParser) startTag() bool {
	if p.i >= len(p.data) || p.data[p.i] != '<' || len(p.open) >= canonMaxDepth {
		return false
	}
	p.i++
	raw, n, ok := p.name()
	if !ok {
		return false
	}
	p.attrs = p.attrs[:0]
	for p.i < len(p.data) && p.data[p.i] == ' ' {
		p.i++
		_, an, ok := p.name()
		if !ok || p.i+1 >= len(p.data) || p.data[p.i] != '=' || p.data[p.i+1] != '"' {
			return false
		}
		p.i += 2
		v, ok := p.escaped('"')
		if !ok {
			return false
		}
		p.i++ // the closing quote
		p.attrs = append(p.attrs, xml.Attr{Name: an, Value: v})
	}
	if p.i >= len(p.data) || p.data[p.i] != '>' {
		return false
	}
	p.i++
	p.b.token(xml.StartElement{Name: n, Attr: p.attrs})
	p.open = append(p.open, raw)
	return true
}

func (p *canonParser) endTag() bool {
	p.i += 2 // "</"
	raw, n, ok := p.name()
	if !ok || raw != p.open[len(p.open)-1] || p.i >= len(p.data) || p.data[p.i] != '>' {
		return false
	}
	p.i++
	p.open = p.open[:len(p.open)-1]
	p.b.token(xml.EndElement{Name: n})
	return true
}

func (p *canonParser) charData() bool {
	s, ok := p.escaped('<')
	if !ok {
		return false
	}
	p.b.text(s)
	return true
}

// escaped reads up to the stop byte (not consumed), undoing the canonical
// escapes. Text may hold tabs and line feeds as they are; attribute values
// (stop '"') hold them escaped, as canonicalisation writes them.
func (p *canonParser) escaped(stop byte) (string, bool) {
	p.text = p.text[:0]
	start := p.i
	for p.i < len(p.data) {
		c := p.data[p.i]
		switch {
		case c == stop:
			if len(p.text) == 0 {
				return string(p.data[start:p.i]), true
			}
			return string(append(p.text, p.data[start:p.i]...)), true
		case c == '&':
			p.text = append(p.text, p.data[start:p.i]...)
			r, n := canonEntity(p.data[p.i:])
			if n == 0 {
				return "", false
			}
			p.text = append(p.text, r)
			p.i += n
			start = p.i
			continue
		case 0x20 <= c && c < 0x7f && c != '<' && c != '>' && c != '"':
		case c == '"' && stop == '<':
		case c == '>' && stop == '"':
		case (c == '\n' || c == '\t') && stop == '<':
		default:
			return "", false
		}
		p.i++
	}
	return "", false
}

// canonEntity is the byte an escape at the start of b stands for and the
// escape's length; 0 for any other reference.
func canonEntity(b []byte) (byte, int) {
	for _, e := range canonEntities {
		if len(b) >= len(e.ref) && string(b[:len(e.ref)]) == e.ref {
			return e.c, len(e.ref)
		}
	}
	return 0, 0
}

var canonEntities = []struct {
	ref string
	c   byte
}{
	{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'},
	{"&#x9;", '\t'}, {"&#xA;", '\n'}, {"&#xD;", '\r'},
}
