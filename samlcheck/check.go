package samlcheck

import (
	"bytes"
	"fmt"
	"runtime/debug"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/beevik/etree"

	"github.com/pymetrics/sso-assistant/internal/sentence"
)

// Check judges one input and returns everything it could establish. It never
// returns nil and never panics: an unexpected failure inside the engine
// becomes an internal.error finding and the file is not called valid.
//
// The order is the trust boundary: cheap byte-level refusals, a token scan
// that refuses DOCTYPE and duplicate attributes, the tree parse, the
// structural signature rules, cryptographic verification, and only then
// reading values, from the element verification returned.
func Check(data []byte, opts Options) *Report {
	r := &Report{Kind: KindUnknownXML}
	c := &checker{r: r, opts: opts, now: opts.Now, certs: newCertCache()}
	if c.now.IsZero() {
		c.now = time.Now()
	}
	c.now = c.now.UTC()
	guard(r, func() {
		c.run(data)
		c.certificateStatuses()
		c.demoFinding()
	})
	return r
}

// guard runs f and finishes r. A panic in f becomes an internal.error
// finding, and everything read so far is withdrawn: nothing is vouched for
// once the engine failed.
func guard(r *Report, f func()) {
	defer func() {
		if p := recover(); p != nil {
			r.Signature.Valid = false
			r.Signature.Pinned = false
			r.Signature.SignerSHA1Thumbprint = ""
			r.EntityID, r.TenantID = "", ""
			r.SSOURLs, r.LogoutURLs, r.Certificates = nil, nil, nil
			r.add(Finding{Code: CodeInternalError, Severity: SeverityError,
				Message: "The assistant failed while checking this file, so it could not judge it. This is a defect in the assistant, not a problem with your file.",
				Hint:    fmt.Sprintf("Please send the file to pymetrics support. Detail: %v\n%s", p, firstLines(debug.Stack(), 12))})
		}
		r.finish()
	}()
	f()
}

// checker carries one run of Check.
type checker struct {
	r     *Report
	opts  Options
	now   time.Time
	certs *certCache // nil parses every certificate afresh
}

// run is Check's sequence: byte-level refusals (size, blank, certificate),
// text-level refusals (encoding, binary, not XML, HTML), the token scan
// and tree parse, and then what the document turned out to be.
func (c *checker) run(data []byte) {
	limit := c.opts.MaxSize
	if limit <= 0 {
		limit = DefaultMaxSize
	}
	if !c.acceptBytes(data, limit) {
		return
	}
	text, ok := c.acceptText(data)
	if !ok {
		return
	}
	unverifiedRoot, ok := c.parse(text, limit)
	if !ok {
		return
	}
	kind := classify(unverifiedRoot, c.certs)
	c.r.Kind = kind
	switch kind {
	case KindResponse, KindRequest:
		c.samlMessage(unverifiedRoot)
		return
	case KindHTML:
		c.notMetadata(kind)
		return
	case KindUnknownXML:
		c.unknownXML(unverifiedRoot)
		return
	}
	c.kindFindings(kind)
	c.verifyAndRead(text, unverifiedRoot, kind)
}

// acceptBytes refuses a file too large, blank, or a certificate.
func (c *checker) acceptBytes(data []byte, limit int64) bool {
	if int64(len(data)) > limit {
		c.tooLarge(int64(len(data)), limit, startsLikeXML(bytes.TrimPrefix(data, utf8BOM)))
		return false
	}
	if isBlank(data) {
		c.r.Kind = KindEmpty
		c.r.add(Finding{Code: CodeInputEmpty, Severity: SeverityError,
			Message: "The file is empty.",
			Hint:    "The download may not have finished, or the wrong file was picked. " + downloadHint})
		return false
	}
	if der, err := ParseCertificate(data); err == nil {
		c.certificateFile(der)
		return false
	}
	return true
}

// acceptText decodes the file to UTF-8 text and refuses text that is not
// XML, or not in an encoding the assistant reads.
func (c *checker) acceptText(data []byte) ([]byte, bool) {
	text, encoding, f := decodeText(data)
	if f != nil {
		c.r.Kind = KindNotXML
		c.r.add(*f)
		return nil, false
	}
	if encoding != "UTF-8" {
		c.r.add(Finding{Code: CodeInputEncoding, Severity: SeverityInfo,
			Message: fmt.Sprintf("The file is encoded as %s (Entra writes UTF-8), probably because it was saved again by another program; it was checked after conversion.", encoding),
			Hint:    "If the signature check fails, " + untouchedHint})
	}
	if bytes.IndexByte(text, 0) >= 0 {
		c.r.Kind = KindNotXML
		c.r.add(Finding{Code: CodeInputBinary, Severity: SeverityError,
			Message: "The file contains binary data (NUL bytes); it is not a text file, so it is not the Federation Metadata XML.",
			Hint:    downloadHint})
		return nil, false
	}
	if !startsLikeXML(text) {
		c.r.Kind = KindNotXML
		c.r.add(Finding{Code: CodeInputNotMetadata, Severity: SeverityError,
			Message: "The file is not XML, so it is not the Federation Metadata XML.",
			Hint:    downloadHint})
		return nil, false
	}
	if looksHTML(text) {
		c.r.Kind = KindHTML
		c.notMetadata(KindHTML)
		return nil, false
	}
	if !utf8.Valid(text) {
		c.r.add(Finding{Code: CodeInputInvalidUTF8, Severity: SeverityError,
			Message: "The file contains bytes that are not valid UTF-8 text; it was damaged or saved in another character set after download.",
			Hint:    untouchedHint})
		return nil, false
	}
	if declared := declaredEncoding(text); !encodingCompatible(declared, encoding) {
		c.r.add(Finding{Code: CodeInputEncoding, Severity: SeverityError,
			Message: fmt.Sprintf("The file declares the character encoding %q; Entra writes UTF-8, so the file was converted after download.", declared),
			Hint:    untouchedHint})
		return nil, false
	}
	return text, true
}

// parse scans the text (see scanXML) and parses what the scan accepted.
func (c *checker) parse(text []byte, limit int64) (*etree.Element, bool) {
	scan := scanXML(text, elementLimit(limit))
	c.r.Findings = append(c.r.Findings, scan.findings...)
	if scan.fatal {
		for _, f := range scan.findings {
			if f.Code == CodeInputMalformed {
				// Once a root element began, the file is XML that broke
				// off or broke: damaged, not something else.
				c.r.Kind = KindNotXML
				if scan.rootSeen {
					c.r.Kind = KindDamagedXML
				}
			}
		}
		return nil, false
	}

	// The scan refused everything etree must not see and everything not
	// well-formed, so a parse error or a missing root here would be a
	// defect; it is still reported rather than assumed away.
	doc := etree.NewDocument()
	doc.ReadSettings.CharsetReader = charsetReader
	if err := doc.ReadFromBytes(text); err != nil || doc.Root() == nil {
		c.r.Kind = KindNotXML
		c.r.add(Finding{Code: CodeInputMalformed, Severity: SeverityError,
			Message: "The file is not well-formed XML: it has no root element.",
			Hint:    "The file was cut off, damaged or edited. " + untouchedHint})
		return nil, false
	}
	return doc.Root(), true
}

func (c *checker) tooLarge(size, limit int64, xmlish bool) {
	c.r.Kind = KindNotXML
	if xmlish {
		c.r.Kind = KindUnknownXML
	}
	what := "more than " + humanSize(limit)
	if size > limit {
		what = humanSize(size)
	}
	c.r.add(Finding{Code: CodeInputTooLarge, Severity: SeverityError,
		Message: fmt.Sprintf("The file is too large to be metadata (%s; the limit is %s). Entra's Federation Metadata XML is about 15 KB.", what, humanSize(limit)),
		Hint:    "The wrong file was picked. " + downloadHint})
}

func humanSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// certificateFile reports an input that is a certificate, not metadata.
func (c *checker) certificateFile(der []byte) {
	c.r.Kind = KindCertificate
	pc := describeCertificate(der, "", "file")
	c.r.Certificates = append(c.r.Certificates, pc.info)
	c.r.add(Finding{Code: CodeInputCertificate, Severity: SeverityError,
		Message: fmt.Sprintf("This is a certificate (thumbprint %s), not the Federation Metadata XML. A certificate alone does not say which tenant and sign-in URLs pymetrics must use.", pc.info.SHA1Thumbprint),
		Hint:    downloadHint + " Keep this certificate: its thumbprint can be compared with the one that signed the metadata."})
	if pc.info.ParseError != "" {
		c.r.add(unparseableFinding(pc.info))
	}
}

// notMetadata explains documents that are recognisably something else.
func (c *checker) notMetadata(kind Kind) {
	var msg string
	switch kind {
	case KindHTML:
		msg = "The file is a web page (HTML), not the Federation Metadata XML. Saving a browser page, or a download that ended on a sign-in page, produces this."
	default:
		msg = "The file is not the Federation Metadata XML."
	}
	c.r.add(Finding{Code: CodeInputNotMetadata, Severity: SeverityError, Message: msg, Hint: downloadHint})
}

// samlMessage explains a SAML protocol message or token: what it is, who
// sends it (Entra only when its issuer is an Entra tenant), and whether it
// carries a signature, which is reported as present but not checked.
func (c *checker) samlMessage(root *etree.Element) {
	c.r.Signature.Present = hasSignature(root, 5)
	if c.r.Signature.Present {
		c.r.Signature.Reason = "not checked: the file is not metadata"
	}
	sender := "an identity provider"
	if entraEntityID.MatchString(strings.TrimSpace(issuer(root, 5))) {
		sender = "Entra"
	}
	var what string
	switch root.Tag {
	case "AuthnRequest":
		what = "a SAML sign-in request (AuthnRequest: what an application sends to the identity provider to start a sign-in)"
	case "LogoutRequest":
		what = "a SAML logout request (what an application or identity provider sends to end a session)"
	case "LogoutResponse":
		what = "a SAML logout response (the answer to a logout request)"
	case "Assertion":
		what = "a SAML assertion (the statement about a user that " + sender + " sends to an application when the user signs in)"
	default:
		what = "a SAML sign-in response or token (what " + sender + " sends to an application when a user signs in)"
	}
	c.r.add(Finding{Code: CodeInputNotMetadata, Severity: SeverityError,
		Message: "The file is " + what + ", not the Federation Metadata XML that describes your tenant.",
		Hint:    downloadHint})
}

// hasSignature reports whether an XML Signature is among el's descendants
// down to depth levels: a response's own, its assertion's, or that of the
// assertion inside a WS-Trust token response (collection).
func hasSignature(el *etree.Element, depth int) bool {
	if len(childrenNS(el, nsDSig, "Signature")) > 0 {
		return true
	}
	if depth > 1 {
		for _, c := range el.ChildElements() {
			if hasSignature(c, depth-1) {
				return true
			}
		}
	}
	return false
}

// issuer returns who issued a SAML message or token: the first SAML 2.0
// Issuer element, or a SAML 1.1 assertion's Issuer attribute, within the
// few levels a response, a WS-Trust token response or an assertion nests
// it; "" when there is none.
func issuer(el *etree.Element, depth int) string {
	if el.Tag == "Assertion" && el.NamespaceURI() == nsSAML11 {
		if v := attr(el, "Issuer"); v != "" {
			return v
		}
	}
	if is := childrenNS(el, nsAssertion, "Issuer"); len(is) > 0 {
		return is[0].Text()
	}
	if depth > 1 {
		for _, c := range el.ChildElements() {
			if v := issuer(c, depth-1); v != "" {
				return v
			}
		}
	}
	return ""
}

// unknownXML explains well-formed XML that is not SAML metadata, naming a
// metadata-looking root in the wrong namespace specifically.
func (c *checker) unknownXML(root *etree.Element) {
	if ns := root.NamespaceURI(); (root.Tag == "EntityDescriptor" || root.Tag == "EntitiesDescriptor") && ns != nsMetadata {
		if ns == "" {
			ns = "no namespace"
		}
		c.r.add(Finding{Code: CodeInputNamespace, Severity: SeverityError,
			Message: fmt.Sprintf("The file's root element is <%s> in %q instead of the SAML metadata namespace, so it is not SAML metadata (it was edited, or forged to confuse readers).", root.Tag, ns),
			Hint:    notAsEntraHint})
		return
	}
	c.r.add(Finding{Code: CodeInputNotMetadata, Severity: SeverityError,
		Message: fmt.Sprintf("The file is XML (its root element is <%s>) but not SAML metadata.", truncate(root.Tag, 60)),
		Hint:    downloadHint})
}

// kindFindings says what a metadata file is when it is not the pymetrics
// application's Entra metadata, and what to get instead.
func (c *checker) kindFindings(kind Kind) {
	add := func(code Code, msg, extra string) {
		hint := downloadHint
		if strings.HasSuffix(extra, ": ") {
			hint = sentence.LowerFirst(hint)
		}
		c.r.add(Finding{Code: code, Severity: SeverityError, Message: msg, Hint: extra + hint})
	}
	switch kind {
	case KindEntraTenant:
		add(CodeMetadataTenantWide,
			"This is your tenant's general (tenant-wide) Entra ID federation metadata, not the metadata of the pymetrics application. It is signed with Entra's tenant-wide keys, which do not sign the pymetrics sign-ins.",
			"This file comes from the tenant's federationmetadata.xml address. ")
	case KindEntraCommon:
		add(CodeMetadataCommon,
			"This is Entra ID's tenant-independent (/common) federation metadata: it names no tenant ({tenantid} placeholder) and is not the metadata of the pymetrics application.",
			"")
	case KindADFS:
		add(CodeMetadataNotEntra,
			"This is AD FS (Active Directory Federation Services) metadata, not Microsoft Entra ID metadata. The pymetrics connection this assistant sets up uses Entra ID.",
			"If your organisation signs in through AD FS, contact pymetrics support. Otherwise, get the Entra file: ")
	case KindIdP:
		add(CodeMetadataNotEntra,
			"This is SAML metadata of an identity provider other than Microsoft Entra ID (its entity ID is not an Entra ID tenant).",
			"If your organisation uses another identity provider, contact pymetrics support. Otherwise, get the Entra file: ")
	case KindSP:
		add(CodeInputSPMetadata,
			"This is service-provider metadata: it describes an application that receives sign-ins (perhaps pymetrics itself), not your identity provider. It is the wrong side of the connection.",
			"pymetrics needs the metadata of your Entra ID tenant for the pymetrics application. ")
	case KindAggregate:
		add(CodeMetadataAggregate,
			"This is a federation metadata aggregate (an EntitiesDescriptor listing many organisations), not the metadata of one Entra ID application.",
			"")
	}
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

func firstLines(b []byte, n int) string {
	lines := bytes.SplitN(b, []byte("\n"), n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return string(bytes.Join(lines, []byte("\n")))
}
