package samlcheck

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

var (
	utf8BOM    = []byte{0xEF, 0xBB, 0xBF}
	utf16BEBOM = []byte{0xFE, 0xFF}
	utf16LEBOM = []byte{0xFF, 0xFE}
	utf32LEBOM = []byte{0xFF, 0xFE, 0x00, 0x00}
	utf32BEBOM = []byte{0x00, 0x00, 0xFE, 0xFF}
)

// Limits on the XML structure, far above any real metadata (Entra app
// metadata nests 8 deep with ~60 elements; the largest federation aggregate
// in the test data has ~16,000 elements, and 10 MiB of real metadata holds
// about 70,000) and low enough that parsing, the copies signature
// verification makes, and canonicalisation stay within the memory bound
// the bounds tests assert, and the recursion stays shallow.
const (
	maxDepth = 64
	// maxElementsPerCap elements are allowed per DefaultMaxSize bytes of
	// the size cap: the element count is what memory grows with, so a
	// caller who raises the cap for large aggregates raises it in
	// proportion, and the default cap keeps 100,000.
	maxElementsPerCap = 100_000
	maxAttributes     = 256
	// Namespace declarations: an entity's metadata declares a handful, a
	// federation aggregate may declare dozens on its root, one for every
	// extension its members use. The signature library copies every
	// declaration in scope for every element, so thousands in scope would
	// make verification quadratic; scopeWorkPerElement bounds the total.
	maxNamespacesPerElement = 128
	maxNamespacesInScope    = 256
)

// decodeText turns the input into UTF-8 bytes for the XML parser. A UTF-8
// byte-order mark is dropped (Entra writes one into tenant metadata; it is not
// part of the signed content). UTF-16 with a byte-order mark is transcoded:
// canonical XML is UTF-8 whatever the file's encoding, so the signature still
// verifies. It returns an error finding for encodings that are refused.
func decodeText(data []byte) (text []byte, encoding string, f *Finding) {
	switch {
	case bytes.HasPrefix(data, utf32LEBOM) || bytes.HasPrefix(data, utf32BEBOM):
		return nil, "UTF-32", &Finding{Code: CodeInputEncoding, Severity: SeverityError,
			Message: "The file is encoded as UTF-32, which the assistant does not read; Entra writes UTF-8.",
			Hint:    downloadHint}
	case bytes.HasPrefix(data, utf8BOM):
		return data[len(utf8BOM):], "UTF-8", nil
	case bytes.HasPrefix(data, utf16LEBOM), bytes.HasPrefix(data, utf16BEBOM):
		le := data[0] == 0xFF
		name := "UTF-16BE"
		if le {
			name = "UTF-16LE"
		}
		body := data[2:]
		if len(body)%2 != 0 {
			return nil, name, &Finding{Code: CodeInputEncoding, Severity: SeverityError,
				Message: "The file starts with a " + name + " byte-order mark but has an odd number of bytes: it was cut off or damaged.",
				Hint:    untouchedHint}
		}
		units := make([]uint16, len(body)/2)
		for i := range units {
			if le {
				units[i] = uint16(body[2*i]) | uint16(body[2*i+1])<<8
			} else {
				units[i] = uint16(body[2*i])<<8 | uint16(body[2*i+1])
			}
		}
		runes := utf16.Decode(units)
		var b bytes.Buffer
		b.Grow(len(runes))
		for _, r := range runes {
			if r == utf8.RuneError {
				return nil, name, &Finding{Code: CodeInputEncoding, Severity: SeverityError,
					Message: "The file is " + name + " but contains invalid character sequences.",
					Hint:    untouchedHint}
			}
			b.WriteRune(r)
		}
		return b.Bytes(), name, nil
	case len(data) >= 4 && (data[0] == 0 && data[1] == '<' && data[2] == 0 || data[0] == '<' && data[1] == 0 && data[2] != 0 && data[3] == 0):
		return nil, "UTF-16", &Finding{Code: CodeInputEncoding, Severity: SeverityError,
			Message: "The file is encoded as UTF-16 without a byte-order mark, so its encoding cannot be known for certain; Entra writes UTF-8.",
			Hint:    untouchedHint}
	}
	return data, "UTF-8", nil
}

var xmlDeclEncoding = regexp.MustCompile(`^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([^"']*)["']`)

// declaredEncoding returns the encoding named in the XML declaration, if any.
func declaredEncoding(text []byte) string {
	head := text
	if len(head) > 512 {
		head = head[:512]
	}
	if m := xmlDeclEncoding.FindSubmatch(head); m != nil {
		return string(m[1])
	}
	return ""
}

// encodingCompatible reports whether a declared encoding can be read from
// text that is now UTF-8. The declaration may still say UTF-16 after
// transcoding; ASCII declarations are a subset of UTF-8 once bytes are
// checked to be valid UTF-8 (and non-ASCII is then flagged by the scan).
func encodingCompatible(declared, actual string) bool {
	d := strings.ToLower(strings.TrimSpace(declared))
	switch d {
	case "", "utf-8", "utf8":
		return true
	case "us-ascii", "ascii":
		return true
	case "utf-16", "utf-16le", "utf-16be":
		return strings.HasPrefix(actual, "UTF-16")
	}
	return false
}

// charsetReader lets encoding/xml accept a declaration the bytes have already
// been converted from (see encodingCompatible): the reader passes them through.
func charsetReader(label string, input io.Reader) (io.Reader, error) {
	switch strings.ToLower(label) {
	case "utf-16", "utf-16le", "utf-16be", "us-ascii", "ascii", "utf8":
		return input, nil
	}
	return nil, fmt.Errorf("samlcheck: unsupported encoding %q", label)
}

// scanResult is what the token scan established before any tree is built.
type scanResult struct {
	findings []Finding
	fatal    bool // the document must not be parsed further
	// rootSeen: a root element began, so a malformed file is XML that
	// broke off or was broken, not something else.
	rootSeen bool
}

func (s *scanResult) add(f Finding) { s.findings = append(s.findings, f) }

// scanXML walks the raw tokens once, with constant memory per level, to
// refuse what must never reach the tree parser or the signature code:
// DOCTYPE declarations (entity expansion, external entities), duplicate
// attributes (parsers disagree on which one wins, a known signature bypass),
// names Go's XML handling does not round-trip, excessive nesting or size, and
// anything not well-formed.
//
// maxElements bounds the element count (see elementLimit).
func scanXML(text []byte, maxElements int) scanResult {
	dec := xml.NewDecoder(bytes.NewReader(text))
	dec.Strict = true
	dec.CharsetReader = charsetReader
	sc := &scanner{maxElements: maxElements}
	for {
		tok, err := dec.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			sc.tokenError(err)
			return sc.res
		}
		if !sc.countNode(tok) || !sc.token(tok) {
			return sc.res
		}
	}
	switch {
	case len(sc.stack) > 0:
		sc.incomplete()
	case sc.roots == 0:
		sc.malformed("it has no root element")
	}
	return sc.res
}

// scanner is the state of one scanXML pass.
type scanner struct {
	res         scanResult
	maxElements int
	stack       []scanFrame
	inScope     int // namespace declarations in scope
	elements    int
	roots       int
	// nodes, commentWork and scopeWork are the cost budgets' counters
	// (see costlimits.go).
	nodes, commentWork, scopeWork int
	doctypeSeen, dupSeen          bool
}

// scanFrame is one open element.
type scanFrame struct {
	name string
	ns   map[string]string // prefix -> namespace declared on this element
	// children and comments count this element's child nodes, for the
	// comment budget (see commentWorkPerElement).
	children, comments int
}

// fatal adds f and stops the scan; the methods return its false.
func (sc *scanner) fatal(f Finding) bool {
	sc.res.add(f)
	sc.res.fatal = true
	return false
}

func (sc *scanner) malformed(msg string) bool {
	return sc.fatal(Finding{Code: CodeInputMalformed, Severity: SeverityError,
		Message: "The file is not well-formed XML: " + msg + ".",
		Hint:    "The file was cut off, damaged or edited. " + untouchedHint})
}

// incomplete reports a file that ends inside its document: cut off, not
// something other than XML.
func (sc *scanner) incomplete() bool {
	where := "before its root element is complete"
	if len(sc.stack) > 0 {
		where = fmt.Sprintf("before <%s> is closed", sc.stack[len(sc.stack)-1].name)
	}
	return sc.fatal(Finding{Code: CodeInputMalformed, Severity: SeverityError,
		Message: "The file is incomplete: it ends " + where + ", so it was cut off (an interrupted download or copy, or a file saved before it was complete).",
		Hint:    untouchedHint})
}

// tokenError reports why the decoder stopped.
func (sc *scanner) tokenError(err error) {
	var se *xml.SyntaxError
	switch {
	case errors.As(err, &se) && se.Msg == "unexpected EOF" && sc.res.rootSeen:
		sc.incomplete()
	case se != nil:
		sc.malformed(fmt.Sprintf("%s (line %d)", se.Msg, se.Line))
	case strings.Contains(err.Error(), "unsupported encoding") || strings.Contains(err.Error(), "CharsetReader"):
		sc.fatal(Finding{Code: CodeInputEncoding, Severity: SeverityError,
			Message: "The file declares a character encoding the assistant does not read; Entra writes UTF-8.",
			Hint:    untouchedHint})
	default:
		sc.malformed(err.Error())
	}
}

// lookup resolves a namespace prefix in the open elements.
func (sc *scanner) lookup(prefix string) (string, bool) {
	switch prefix {
	case "xml":
		return "http://www.w3.org/XML/1998/namespace", true
	case "xmlns":
		return "http://www.w3.org/2000/xmlns/", true
	}
	for i := len(sc.stack) - 1; i >= 0; i-- {
		if uri, ok := sc.stack[i].ns[prefix]; ok {
			return uri, true
		}
	}
	return "", prefix == ""
}

// countNode charges the node budget for every node the tree will hold.
func (sc *scanner) countNode(tok xml.Token) bool {
	switch tok.(type) {
	case xml.StartElement, xml.CharData, xml.Comment, xml.ProcInst:
	default:
		return true
	}
	sc.nodes++
	if sc.nodes > nodesPerElement*sc.maxElements {
		return sc.fatal(tooManyNodes(nodesPerElement * sc.maxElements))
	}
	if len(sc.stack) > 0 {
		sc.stack[len(sc.stack)-1].children++
	}
	return true
}

// token checks one token; false stops the scan.
func (sc *scanner) token(tok xml.Token) bool {
	switch t := tok.(type) {
	case xml.Comment:
		if len(sc.stack) > 0 {
			sc.stack[len(sc.stack)-1].comments++
		}
	case xml.Directive:
		if !sc.doctypeSeen {
			sc.doctypeSeen = true
			sc.res.add(Finding{Code: CodeInputDoctype, Severity: SeverityError,
				Message: "The file contains a DOCTYPE declaration. Entra never writes one, and declarations like it are used to attack XML readers, so the file is refused without reading further.",
				Hint:    notAsEntraHint})
		}
		// Keep scanning only to report duplicate attributes as well;
		// entities are never expanded by this scanner.
		sc.res.fatal = true
	case xml.StartElement:
		return sc.startElement(t)
	case xml.EndElement:
		return sc.endElement(t)
	case xml.CharData:
		if len(sc.stack) == 0 && len(bytes.TrimSpace(t)) > 0 {
			return sc.malformed("there is text outside the root element")
		}
	}
	return true
}

// startElement checks an element's size limits and names, opens its
// namespace scope and checks its attributes.
func (sc *scanner) startElement(t xml.StartElement) bool {
	sc.elements++
	if sc.elements > sc.maxElements {
		return sc.fatal(Finding{Code: CodeInputTooManyElements, Severity: SeverityError,
			Message: fmt.Sprintf("The file has more than %d XML elements; real metadata has a few dozen (federation aggregates a few thousand).", sc.maxElements),
			Hint:    downloadHint})
	}
	if len(sc.stack) == 0 {
		sc.res.rootSeen = true
		sc.roots++
		if sc.roots > 1 {
			return sc.malformed("it has more than one root element")
		}
	}
	if len(sc.stack) >= maxDepth {
		return sc.fatal(Finding{Code: CodeInputTooDeep, Severity: SeverityError,
			Message: fmt.Sprintf("The file nests elements more than %d levels deep; real metadata nests fewer than 15.", maxDepth),
			Hint:    downloadHint})
	}
	if len(t.Attr) > maxAttributes {
		return sc.malformed(fmt.Sprintf("element <%s> has %d attributes", rawName(t.Name), len(t.Attr)))
	}
	if badName(t.Name) {
		return sc.malformed(fmt.Sprintf("the name <%s> is not a valid XML name", rawName(t.Name)))
	}
	if !sc.openScope(t) {
		return false
	}
	if _, ok := sc.lookup(t.Name.Space); !ok {
		return sc.malformed(fmt.Sprintf("the prefix %q of <%s> is not declared", t.Name.Space, rawName(t.Name)))
	}
	return sc.duplicateAttributes(t)
}

// openScope pushes the element with the namespaces it declares, within the
// namespace limits.
func (sc *scanner) openScope(t xml.StartElement) bool {
	fr := scanFrame{name: rawName(t.Name)}
	for _, a := range t.Attr {
		if badName(a.Name) {
			return sc.malformed(fmt.Sprintf("the attribute name %q is not a valid XML name", rawName(a.Name)))
		}
		prefix, declares := "", false
		switch {
		case a.Name.Space == "xmlns":
			prefix, declares = a.Name.Local, true
		case a.Name.Space == "" && a.Name.Local == "xmlns":
			declares = true
		}
		if declares {
			if fr.ns == nil {
				fr.ns = map[string]string{}
			}
			fr.ns[prefix] = a.Value
		}
	}
	sc.inScope += len(fr.ns)
	if len(fr.ns) > maxNamespacesPerElement || sc.inScope > maxNamespacesInScope {
		return sc.fatal(Finding{Code: CodeInputTooManyNamespaces, Severity: SeverityError,
			Message: fmt.Sprintf("The file declares too many XML namespaces (%d on <%s>, %d in scope); real metadata declares a few dozen at most.", len(fr.ns), rawName(t.Name), sc.inScope),
			Hint:    downloadHint})
	}
	sc.scopeWork += sc.inScope
	if sc.scopeWork > scopeWorkPerElement*sc.maxElements {
		return sc.fatal(tooMuchScope(rawName(t.Name), sc.inScope))
	}
	sc.stack = append(sc.stack, fr)
	return true
}

// duplicateAttributes refuses an attribute given twice, by expanded name
// (namespace URI + local name) as Namespaces in XML defines it: a:id and
// b:id clash when a and b name the same namespace.
func (sc *scanner) duplicateAttributes(t xml.StartElement) bool {
	seen := make(map[string]bool, len(t.Attr))
	for _, a := range t.Attr {
		key := a.Name.Space + ":" + a.Name.Local
		if a.Name.Space != "xmlns" && !(a.Name.Space == "" && a.Name.Local == "xmlns") && a.Name.Space != "" {
			uri, ok := sc.lookup(a.Name.Space)
			if !ok {
				return sc.malformed(fmt.Sprintf("the prefix %q of attribute %q is not declared", a.Name.Space, rawName(a.Name)))
			}
			key = "{" + uri + "}" + a.Name.Local
		}
		if seen[key] {
			if !sc.dupSeen {
				sc.dupSeen = true
				sc.res.add(Finding{Code: CodeInputDuplicateAttribute, Severity: SeverityError,
					Message: fmt.Sprintf("The element <%s> has the attribute %q twice. XML forbids this, and readers disagree on which value counts, which is used to forge signed files.", rawName(t.Name), rawName(a.Name)),
					Hint:    notAsEntraHint})
			}
			sc.res.fatal = true
		}
		seen[key] = true
	}
	return true
}

// endElement closes the open element and charges the comment budget.
func (sc *scanner) endElement(t xml.EndElement) bool {
	if len(sc.stack) == 0 {
		return sc.malformed(fmt.Sprintf("unexpected end tag </%s>", rawName(t.Name)))
	}
	top := sc.stack[len(sc.stack)-1]
	if top.name != rawName(t.Name) {
		return sc.malformed(fmt.Sprintf("element <%s> is closed by </%s>", top.name, rawName(t.Name)))
	}
	sc.inScope -= len(top.ns)
	sc.stack = sc.stack[:len(sc.stack)-1]
	sc.commentWork += top.comments * top.children
	if sc.commentWork > commentWorkPerElement*sc.maxElements {
		return sc.fatal(tooManyComments(top.name, top.comments, top.children))
	}
	return true
}

// elementLimit is the most elements a document under the size cap limit
// may have: maxElementsPerCap per DefaultMaxSize bytes, never fewer than
// maxElementsPerCap.
func elementLimit(limit int64) int {
	if limit <= DefaultMaxSize {
		return maxElementsPerCap
	}
	return int(min(limit/DefaultMaxSize*maxElementsPerCap+limit%DefaultMaxSize*maxElementsPerCap/DefaultMaxSize, 1<<31-1))
}

func rawName(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}

// badName catches names encoding/xml splits in surprising ways (several
// colons, an empty prefix or local part): documents that do not survive a
// parse/serialise round trip unchanged are a known way to make a verifier
// and a reader see different XML.
func badName(n xml.Name) bool {
	return n.Local == "" || strings.Contains(n.Local, ":") || strings.Contains(n.Space, ":") ||
		strings.HasPrefix(n.Local, ":")
}
