package samlcheck

import (
	"encoding/xml"

	"github.com/beevik/etree"
)

// treeBuilder builds the document tree from the tokens the scan reads
// (scanXML), so that the file is tokenised once instead of once for the
// scan and once more by etree's parser.
//
// The tree is the one etree's Document.ReadFromBytes builds from the same
// bytes: the scan's decoder has etree's settings (strict, no entity map,
// the same CharsetReader), and each token is added as etree's parser adds
// it (attributes deduplicated by name with the last value kept, character
// data flagged as whitespace or not, everything outside the root on the
// document). TestTreeBuilderMatchesEtree and FuzzTreeBuilder compare the
// two. The scan refuses malformed input before the tree is used, so tokens
// that would not nest are only guarded against, not reported.
type treeBuilder struct {
	doc   *etree.Document
	stack []*etree.Element
}

func newTreeBuilder() *treeBuilder {
	return &treeBuilder{doc: etree.NewDocument(), stack: make([]*etree.Element, 0, 16)}
}

func (b *treeBuilder) top() *etree.Element {
	if len(b.stack) == 0 {
		return &b.doc.Element
	}
	return b.stack[len(b.stack)-1]
}

// text adds character data to the open element, as token does for an
// xml.CharData holding s; parseCanonical calls it with the string it has.
func (b *treeBuilder) text(s string) {
	b.top().CreateText(s).SetData(s) // SetData sets the whitespace flag as the parser does
}

// token adds one token from xml.Decoder.RawToken; its data is copied.
func (b *treeBuilder) token(tok xml.Token) {
	top := b.top()
	switch t := tok.(type) {
	case xml.StartElement:
		el := etree.NewElement(t.Name.Local)
		el.Space = t.Name.Space
		for _, a := range t.Attr {
			key := a.Name.Local
			if a.Name.Space != "" {
				key = a.Name.Space + ":" + a.Name.Local
			}
			el.CreateAttr(key, a.Value)
		}
		top.AddChild(el)
		b.stack = append(b.stack, el)
	case xml.EndElement:
		if len(b.stack) > 0 {
			b.stack = b.stack[:len(b.stack)-1]
		}
	case xml.CharData:
		b.text(string(t))
	case xml.Comment:
		top.CreateComment(string(t))
	case xml.ProcInst:
		top.CreateProcInst(t.Target, string(t.Inst))
	case xml.Directive:
		top.CreateDirective(string(t))
	}
}
