package samlcheck

import (
	"bytes"
	"errors"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/beevik/etree"
	"github.com/russellhaering/goxmldsig/etreeutils"
)

// errNoFastPath says the document has a feature the streaming canonicaliser
// does not reproduce exactly; the caller verifies with goxmldsig's own
// Validate instead, which then gives the verdict.
var errNoFastPath = errors.New("samlcheck: not on the fast verification path")

const (
	nsXML   = "http://www.w3.org/XML/1998/namespace"
	nsXMLNS = "http://www.w3.org/2000/xmlns/"
)

// nsBinding is one namespace declaration: prefix ("" for the default
// namespace) and URI.
type nsBinding struct{ prefix, uri string }

// excCanonicalizer writes the exclusive canonical form (Exclusive XML
// Canonicalization 1.0, with or without comments) of an element, leaving out
// one descendant (the enveloped signature).
//
// Its output is byte for byte what goxmldsig digests for the same tree
// (etreeutils.TransformExcC14n followed by etree's canonical serialisation),
// which agrees with xmlsec1 on every real file. goxmldsig gets there by
// copying the tree three times, rewriting a copy in place and allocating two
// namespace maps per element; this walks the parsed tree once without
// changing it, with the namespace scopes kept on two stacks. Where
// goxmldsig's result depends on details it handles loosely (attributes whose
// order its sort leaves open, reserved namespace declarations, undeclared
// prefixes, CDATA sections), it returns errNoFastPath rather than guess.
// TestCanonicalizerMatchesGoxmldsig and FuzzCanonicalizer hold it to that.
type excCanonicalizer struct {
	w         etree.Writer
	inclusive map[string]bool // the InclusiveNamespaces PrefixList
	comments  bool
	skip      *etree.Element // the enveloped Signature, left out

	// scope holds the namespace declarations of the source document in
	// scope at the current element; declared holds those the output has
	// rendered so far. Both start as goxmldsig's default context, which
	// binds the default prefix to the XML namespace so that an unqualified
	// element under no default namespace renders no xmlns="".
	scope, declared []nsBinding
	utilized        []string
	sorter          attrSorter
	ws              etree.WriteSettings

	// keepRootTag asks for the root's canonical start tag to be kept in
	// rootTag as well as written.
	keepRootTag bool
	rootTag     bytes.Buffer
	depth       int
}

// attrSorter sorts with goxmldsig's attribute order; as a pointer it is a
// sort.Interface without an allocation per element.
type attrSorter struct{ attrs etreeutils.SortedAttrs }

func (s *attrSorter) Len() int           { return len(s.attrs) }
func (s *attrSorter) Less(i, j int) bool { return s.attrs.Less(i, j) }
func (s *attrSorter) Swap(i, j int)      { s.attrs.Swap(i, j) }

// newExcCanonicalizer prepares to write to w. prefixList is the
// InclusiveNamespaces PrefixList of the transform, as goxmldsig reads it
// (whitespace-separated prefixes, taken literally).
func newExcCanonicalizer(w etree.Writer, prefixList string, comments bool, skip *etree.Element) *excCanonicalizer {
	c := &excCanonicalizer{w: w, comments: comments, skip: skip,
		ws: etree.WriteSettings{CanonicalAttrVal: true, CanonicalEndTags: true, CanonicalText: true}}
	if fields := strings.Fields(prefixList); len(fields) > 0 {
		c.inclusive = make(map[string]bool, len(fields))
		for _, p := range fields {
			c.inclusive[p] = true
		}
	}
	base := []nsBinding{{"", nsXML}, {"xml", nsXML}, {"xmlns", nsXMLNS}}
	c.scope = append(make([]nsBinding, 0, 32), base...)
	c.declared = append(make([]nsBinding, 0, 32), base...)
	return c
}

func lookupNS(stack []nsBinding, prefix string) (string, bool) {
	for i := len(stack) - 1; i >= 0; i-- {
		if stack[i].prefix == prefix {
			return stack[i].uri, true
		}
	}
	return "", false
}

// element writes el and its content.
func (c *excCanonicalizer) element(el *etree.Element) error {
	scopeMark, declaredMark := len(c.scope), len(c.declared)
	defer func() {
		c.scope = c.scope[:scopeMark]
		c.declared = c.declared[:declaredMark]
	}()

	// The element's own declarations join the scope, refused as goxmldsig
	// refuses them (etreeutils.NSContext.SubContext).
	for _, a := range el.Attr {
		switch {
		case a.Space == "xmlns":
			if a.Key == "xml" && a.Value != nsXML || a.Key == "xmlns" {
				return errNoFastPath
			}
			c.scope = append(c.scope, nsBinding{a.Key, a.Value})
		case a.Space == "" && a.Key == "xmlns":
			if a.Value == nsXMLNS {
				return errNoFastPath
			}
			c.scope = append(c.scope, nsBinding{"", a.Value})
		}
	}

	// Attributes other than declarations keep their document order; the
	// prefixes the element and its attributes use, and those named in the
	// PrefixList, are declared where the output has not declared them yet.
	attrs := c.sorter.attrs[:0]
	c.utilized = append(c.utilized[:0], el.Space)
	use := func(prefix string) {
		for _, p := range c.utilized {
			if p == prefix {
				return
			}
		}
		c.utilized = append(c.utilized, prefix)
	}
	for _, a := range el.Attr {
		switch {
		case a.Space == "xmlns":
			if c.inclusive[a.Key] {
				use(a.Key)
			}
		case a.Space == "" && a.Key == "xmlns":
			if c.inclusive[""] {
				use("")
			}
		default:
			if a.Space != "" {
				use(a.Space)
				// goxmldsig orders prefixed attributes by local name
				// alone; two with the same local name have no defined
				// order there.
				for _, b := range attrs {
					if b.Space != "" && b.Key == a.Key {
						return errNoFastPath
					}
				}
			}
			attrs = append(attrs, etree.Attr{Space: a.Space, Key: a.Key, Value: a.Value})
		}
	}
	for _, prefix := range c.utilized {
		if d, ok := lookupNS(c.declared, prefix); ok {
			if s, ok := lookupNS(c.scope, prefix); ok && d == s {
				continue
			}
		}
		uri, ok := lookupNS(c.scope, prefix)
		if !ok {
			return errNoFastPath
		}
		c.declared = append(c.declared, nsBinding{prefix, uri})
		if prefix == "" {
			attrs = append(attrs, etree.Attr{Key: "xmlns", Value: uri})
		} else {
			attrs = append(attrs, etree.Attr{Space: "xmlns", Key: prefix, Value: uri})
		}
	}
	c.sorter.attrs = attrs
	sort.Sort(&c.sorter)

	w := c.w
	if c.keepRootTag && c.depth == 0 {
		w = &c.rootTag
	}
	w.WriteByte('<')
	writeQName(w, el.Space, el.Tag)
	for _, a := range attrs {
		w.WriteByte(' ')
		writeQName(w, a.Space, a.Key)
		w.WriteString(`="`)
		escapeCanonical(w, a.Value, true)
		w.WriteByte('"')
	}
	w.WriteByte('>')
	if w != c.w {
		c.w.Write(c.rootTag.Bytes())
		w = c.w
	}
	// The sorter's slice is scratch for the next element from here on.

	for _, t := range el.Child {
		switch t := t.(type) {
		case *etree.Element:
			if t == c.skip {
				continue
			}
			c.depth++
			err := c.element(t)
			c.depth--
			if err != nil {
				return err
			}
		case *etree.CharData:
			if t.IsCData() {
				return errNoFastPath
			}
			escapeCanonical(w, t.Data, false)
		case *etree.Comment:
			if c.comments {
				t.WriteTo(w, &c.ws)
			}
		case *etree.ProcInst:
			t.WriteTo(w, &c.ws)
		default:
			// Directives never get this far (the scan refuses them).
			return errNoFastPath
		}
	}
	w.WriteString("</")
	writeQName(w, el.Space, el.Tag)
	w.WriteByte('>')
	return nil
}

func writeQName(w etree.Writer, space, local string) {
	if space != "" {
		w.WriteString(space)
		w.WriteByte(':')
	}
	w.WriteString(local)
}

// escapeCanonical writes s escaped as etree's canonical writer escapes text
// (attr false) and attribute values (attr true): the escaping of Canonical
// XML, and U+FFFD for characters XML cannot carry.
func escapeCanonical(w etree.Writer, s string, attr bool) {
	last := 0
	for i := 0; i < len(s); {
		r, width := utf8.DecodeRuneInString(s[i:])
		i += width
		var esc string
		switch r {
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			if attr {
				continue
			}
			esc = "&gt;"
		case '"':
			if !attr {
				continue
			}
			esc = "&quot;"
		case '\t':
			if !attr {
				continue
			}
			esc = "&#x9;"
		case '\n':
			if !attr {
				continue
			}
			esc = "&#xA;"
		case '\r':
			esc = "&#xD;"
		default:
			inRange := r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
			if inRange && !(r == utf8.RuneError && width == 1) {
				continue
			}
			esc = "\uFFFD"
		}
		w.WriteString(s[last : i-width])
		w.WriteString(esc)
		last = i
	}
	w.WriteString(s[last:])
}
