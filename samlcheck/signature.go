package samlcheck

import (
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/beevik/etree"
	dsig "github.com/russellhaering/goxmldsig"
)

// Algorithms the check accepts: what Entra, AD FS and federation signers use,
// and what both goxmldsig and xmlsec1 implement the same way. Anything else
// (HMAC, DSA, XPath or XSLT transforms) is refused before verification: a
// verifier that "supports" more algorithms offers more ways to be fooled.
var (
	allowedSignatureMethods = map[string]string{
		dsig.RSASHA1SignatureMethod:     "RSA-SHA1",
		dsig.RSASHA256SignatureMethod:   "RSA-SHA256",
		dsig.RSASHA384SignatureMethod:   "RSA-SHA384",
		dsig.RSASHA512SignatureMethod:   "RSA-SHA512",
		dsig.ECDSASHA1SignatureMethod:   "ECDSA-SHA1",
		dsig.ECDSASHA256SignatureMethod: "ECDSA-SHA256",
		dsig.ECDSASHA384SignatureMethod: "ECDSA-SHA384",
		dsig.ECDSASHA512SignatureMethod: "ECDSA-SHA512",
	}
	allowedDigestMethods = map[string]string{
		"http://www.w3.org/2000/09/xmldsig#sha1":        "SHA-1",
		"http://www.w3.org/2001/04/xmlenc#sha256":       "SHA-256",
		"http://www.w3.org/2001/04/xmldsig-more#sha384": "SHA-384",
		"http://www.w3.org/2001/04/xmlenc#sha512":       "SHA-512",
	}
	allowedCanonicalizations = map[string]bool{
		string(dsig.CanonicalXML10ExclusiveAlgorithmId):             true,
		string(dsig.CanonicalXML10ExclusiveWithCommentsAlgorithmId): true,
		string(dsig.CanonicalXML10RecAlgorithmId):                   true,
		string(dsig.CanonicalXML10WithCommentsAlgorithmId):          true,
		string(dsig.CanonicalXML11AlgorithmId):                      true,
		string(dsig.CanonicalXML11WithCommentsAlgorithmId):          true,
	}
	weakAlgorithms = map[string]bool{
		dsig.RSASHA1SignatureMethod:              true,
		dsig.ECDSASHA1SignatureMethod:            true,
		"http://www.w3.org/2000/09/xmldsig#sha1": true,
	}
)

// signatureInfo is what the structural checks established about the one
// Signature that may be verified. Everything in it is unverified.
type signatureInfo struct {
	el              *etree.Element // the Signature, a direct child of the root
	signatureMethod string
	digestMethod    string
	signatureValue  string // whitespace removed
	keyInfoPresent  bool
	keyInfoCert     []byte // first X509Certificate in KeyInfo, if any
}

// inspectSignature enforces the rules the trusted verifiers apply before any
// cryptography: exactly one Signature, a direct child of the root, shaped as
// the XML Signature schema says, whose single Reference points at the root's
// ID, using only allow-listed algorithms. It returns error findings for every
// rule broken, or the signature to verify.
func inspectSignature(root *etree.Element, kind Kind) (*signatureInfo, []Finding) {
	sig, f := theSignature(root, kind)
	if f != nil {
		return nil, []Finding{*f}
	}
	return inspectSignatureElementAs(root, sig, kind)
}

// inspectSignatureElement applies the shape, reference and algorithm rules
// to sig, a Signature that is a direct child of root. Callers have already
// made sure it is the only signature that covers root. It judges what Entra
// sent (check-signin), so its words are those for Entra's files.
func inspectSignatureElement(root, sig *etree.Element) (*signatureInfo, []Finding) {
	return inspectSignatureElementAs(root, sig, KindEntraApp)
}

// inspectSignatureElementAs is inspectSignatureElement for a file of kind.
func inspectSignatureElementAs(root, sig *etree.Element, kind Kind) (*signatureInfo, []Finding) {
	in := &inspection{kind: kind, si: &signatureInfo{el: sig}}
	signedInfo, ok := in.signatureChildren(sig)
	if !ok {
		return nil, in.problems
	}
	ref, ok := in.signedInfo(signedInfo)
	if !ok {
		return nil, in.problems
	}
	in.referenceTarget(root, ref)
	in.referenceChildren(ref)
	if len(in.problems) > 0 {
		return nil, in.problems
	}
	return in.si, nil
}

// theSignature returns the one Signature that is a direct child of the
// root, or the finding that says why there is none to check.
func theSignature(root *etree.Element, kind Kind) (*etree.Element, *Finding) {
	var all, direct []*etree.Element
	var walk func(el *etree.Element, depth int)
	walk = func(el *etree.Element, depth int) {
		for _, c := range el.ChildElements() {
			if c.Tag == "Signature" && c.NamespaceURI() == nsDSig {
				all = append(all, c)
				if depth == 0 {
					direct = append(direct, c)
				}
				continue // a Signature's insides are not signatures of the document
			}
			// In an aggregate, each entity may carry its own signature; only
			// the aggregate's own signature matters here.
			if kind == KindAggregate && depth == 0 && c.Tag == "EntityDescriptor" {
				continue
			}
			walk(c, depth+1)
		}
	}
	walk(root, 0)

	// Entra's files are told what Entra does; others what the assistant
	// accepts, which is the same rule.
	whole, once := "The assistant accepts only a signature over the whole file", "the assistant accepts metadata signed exactly once, over the whole file"
	if isEntra(kind) {
		whole, once = "Entra signs the whole file", "Entra signs its metadata exactly once, over the whole file"
	}
	switch {
	case len(all) == 0:
		msg := "The file has no XML signature, so nothing proves it came from its issuer unchanged."
		if isEntra(kind) {
			msg = "The file has no XML signature, so nothing proves it came from Microsoft Entra ID unchanged. Federation Metadata XML downloaded from Entra is always signed."
		}
		return nil, &Finding{Code: CodeSignatureMissing, Severity: SeverityError, Message: msg, Hint: downloadHint}
	case len(direct) == 0:
		return nil, &Finding{Code: CodeSignatureMisplaced, Severity: SeverityError,
			Message: fmt.Sprintf("The file's signature sits inside <%s> instead of directly under the document's root, so it does not cover the whole file. %s; this is how forged files hide unsigned content.", all[0].Parent().Tag, whole),
			Hint:    alteredHint(kind)}
	case len(direct) > 1 || len(all) > len(direct):
		return nil, &Finding{Code: CodeSignatureMultiple, Severity: SeverityError,
			Message: fmt.Sprintf("The file contains %d signatures; %s. Extra signatures are how forged files make a verifier check one part while a reader uses another.", len(all), once),
			Hint:    alteredHint(kind)}
	}
	return direct[0], nil
}

// inspection collects what inspectSignature finds wrong with one Signature.
type inspection struct {
	kind     Kind
	si       *signatureInfo
	problems []Finding
}

func (in *inspection) malformed(format string, args ...any) {
	in.problems = append(in.problems, Finding{Code: CodeSignatureMalformed, Severity: SeverityError,
		Message: "The signature is malformed: " + fmt.Sprintf(format, args...) + ".",
		Hint:    untouchedHint})
}

// algorithm reads el's Algorithm attribute, refusing a prefixed twin.
func (in *inspection) algorithm(el *etree.Element) string {
	v, _, ambiguous := sigAttr(el, "Algorithm")
	if ambiguous {
		in.malformed("<%s> has more than one Algorithm attribute", el.Tag)
	}
	return v
}

// signatureChildren checks the Signature's own children (SignedInfo,
// SignatureValue, optional KeyInfo, in that order and nothing else: XML
// Signature, section 4.1; Object is never used here), reads the
// SignatureValue and the KeyInfo certificate, and returns SignedInfo.
func (in *inspection) signatureChildren(sig *etree.Element) (*etree.Element, bool) {
	children := sig.ChildElements()
	want := []string{"SignedInfo", "SignatureValue", "KeyInfo"}
	for i, c := range children {
		if c.NamespaceURI() != nsDSig || i >= len(want) || c.Tag != want[i] {
			in.malformed("unexpected element <%s> inside the Signature", c.Tag)
			return nil, false
		}
	}
	if len(children) < 2 {
		in.malformed("it lacks SignedInfo or SignatureValue")
		return nil, false
	}
	if len(children) == 3 {
		in.si.keyInfoPresent = true
		for _, xd := range childrenNS(children[2], nsDSig, "X509Data") {
			for _, xc := range childrenNS(xd, nsDSig, "X509Certificate") {
				if in.si.keyInfoCert != nil {
					break
				}
				der, ok := decodeBase64Loose([]byte(xc.Text()))
				if !ok || len(der) == 0 {
					in.problems = append(in.problems, Finding{Code: CodeSignatureCertificate, Severity: SeverityError,
						Message: "The certificate inside the signature is damaged (its text is not valid base64).",
						Hint:    untouchedHint})
					return nil, false
				}
				in.si.keyInfoCert = der
			}
		}
	}
	in.si.signatureValue = strings.Join(strings.Fields(children[1].Text()), "")
	if _, err := base64.StdEncoding.DecodeString(in.si.signatureValue); err != nil || in.si.signatureValue == "" {
		in.malformed("the SignatureValue is not valid base64")
	}
	return children[0], true
}

// signedInfo checks SignedInfo (CanonicalizationMethod, SignatureMethod,
// one Reference) and its algorithms, and returns the Reference.
func (in *inspection) signedInfo(signedInfo *etree.Element) (*etree.Element, bool) {
	var refs []*etree.Element
	var c14nMethod, signatureMethod *etree.Element
	for _, c := range signedInfo.ChildElements() {
		if c.NamespaceURI() != nsDSig {
			in.malformed("unexpected element <%s> in SignedInfo", c.Tag)
			return nil, false
		}
		switch c.Tag {
		case "CanonicalizationMethod":
			if c14nMethod != nil {
				in.malformed("two CanonicalizationMethod elements")
			}
			c14nMethod = c
		case "SignatureMethod":
			if signatureMethod != nil {
				in.malformed("two SignatureMethod elements")
			}
			signatureMethod = c
		case "Reference":
			refs = append(refs, c)
		default:
			in.malformed("unexpected element <%s> in SignedInfo", c.Tag)
		}
	}
	if c14nMethod == nil || signatureMethod == nil || len(refs) == 0 {
		in.malformed("SignedInfo lacks its CanonicalizationMethod, SignatureMethod or Reference")
		return nil, false
	}
	if alg := in.algorithm(c14nMethod); !allowedCanonicalizations[alg] {
		in.problems = append(in.problems, algorithmFinding("canonicalization method", alg, in.kind))
	}
	in.si.signatureMethod = in.algorithm(signatureMethod)
	if _, ok := allowedSignatureMethods[in.si.signatureMethod]; !ok {
		in.problems = append(in.problems, algorithmFinding("signature method", in.si.signatureMethod, in.kind))
	}
	if len(refs) > 1 {
		msg := fmt.Sprintf("The signature has %d references; the assistant accepts exactly one, to the whole file.", len(refs))
		if isEntra(in.kind) {
			msg = fmt.Sprintf("The signature has %d references; Entra's signature has exactly one, to the whole file.", len(refs))
		}
		in.problems = append(in.problems, Finding{Code: CodeSignatureReference, Severity: SeverityError,
			Message: msg,
			Hint:    alteredHint(in.kind)})
		return nil, false
	}
	return refs[0], true
}

// referenceTarget checks that the Reference names the root by its ID; the
// ID must be the root's own, unprefixed and unique, so no other element can
// answer to it.
func (in *inspection) referenceTarget(root, ref *etree.Element) {
	rootID, idProblem := rootIdentifier(root)
	uri, hasURI, ambiguousURI := sigAttr(ref, "URI")
	switch {
	case ambiguousURI:
		in.problems = append(in.problems, referenceFinding("its reference carries more than one URI attribute", in.kind))
	case hasURI && uri == "":
		in.problems = append(in.problems, wholeDocumentReference(in.kind))
	case idProblem != "":
		in.problems = append(in.problems, referenceFinding(idProblem, in.kind))
	case !hasURI || uri != "#"+rootID:
		got := "no URI"
		if hasURI {
			got = fmt.Sprintf("URI %q", uri)
		}
		in.problems = append(in.problems, referenceFinding(fmt.Sprintf("its reference has %s, but the document's root has ID %q", got, rootID), in.kind))
	default:
		if n := countID(root, rootID); n > 1 {
			in.problems = append(in.problems, referenceFinding(fmt.Sprintf("%d elements carry the ID %q the signature refers to", n, rootID), in.kind))
		}
	}
}

// referenceChildren checks the Reference's Transforms, DigestMethod and
// DigestValue, and its transforms and digest against the allow-lists.
func (in *inspection) referenceChildren(ref *etree.Element) {
	var transforms, digestMethods, digestValues []*etree.Element
	for _, c := range ref.ChildElements() {
		if c.NamespaceURI() != nsDSig {
			in.malformed("unexpected element <%s> in Reference", c.Tag)
			continue
		}
		switch c.Tag {
		case "Transforms":
			transforms = append(transforms, c)
		case "DigestMethod":
			digestMethods = append(digestMethods, c)
		case "DigestValue":
			digestValues = append(digestValues, c)
		default:
			in.malformed("unexpected element <%s> in Reference", c.Tag)
		}
	}
	if len(transforms) > 1 || len(digestMethods) != 1 || len(digestValues) != 1 {
		in.malformed("the Reference must hold one Transforms, one DigestMethod and one DigestValue")
		return
	}
	enveloped := false
	if len(transforms) == 1 {
		for _, t := range transforms[0].ChildElements() {
			alg := in.algorithm(t)
			switch {
			case t.Tag != "Transform" || t.NamespaceURI() != nsDSig:
				in.malformed("unexpected element <%s> in Transforms", t.Tag)
			case alg == string(dsig.EnvelopedSignatureAltorithmId):
				enveloped = true
			case allowedCanonicalizations[alg]:
			default:
				in.problems = append(in.problems, Finding{Code: CodeSignatureTransform, Severity: SeverityError,
					Message: fmt.Sprintf("The signature uses the transform %q, which is not on the allow-list (enveloped signature and canonicalisation only). Transforms like XPath and XSLT let a signature cover something other than what is read.", alg),
					Hint:    alteredHint(in.kind)})
			}
		}
	}
	if !enveloped {
		in.problems = append(in.problems, Finding{Code: CodeSignatureTransform, Severity: SeverityError,
			Message: "The signature does not use the enveloped-signature transform, so it cannot be a signature over the whole file that contains it.",
			Hint:    alteredHint(in.kind)})
	}
	in.si.digestMethod = in.algorithm(digestMethods[0])
	if _, ok := allowedDigestMethods[in.si.digestMethod]; !ok {
		in.problems = append(in.problems, algorithmFinding("digest method", in.si.digestMethod, in.kind))
	}
}

func algorithmFinding(what, alg string, kind Kind) Finding {
	if alg == "" {
		alg = "(none)"
	}
	return Finding{Code: CodeSignatureAlgorithm, Severity: SeverityError,
		Message: fmt.Sprintf("The signature's %s %q is not one the assistant accepts (Entra uses RSA-SHA256 with exclusive canonicalisation).", what, alg),
		Hint:    alteredHint(kind)}
}

func referenceFinding(detail string, kind Kind) Finding {
	return Finding{Code: CodeSignatureReference, Severity: SeverityError,
		Message: "The signature does not point at the whole file: " + detail + ". A signature that refers to another element is how forged files reuse a genuine signature.",
		Hint:    alteredHint(kind)}
}

// wholeDocumentReference explains a Reference with URI="": legal in XML
// Signature (it means the whole document), but refused, because the
// assistant accepts only the form Entra writes, a reference to the root's
// ID, which leaves no doubt about which element was signed.
func wholeDocumentReference(kind Kind) Finding {
	msg := "The signature's reference is URI=\"\", which XML Signature allows and which means the whole document. The assistant accepts only a reference to the root element's ID, the form Entra writes, so it did not check this signature."
	if isEntra(kind) {
		msg = "The signature's reference is URI=\"\" (the whole document). Entra writes a reference to the root element's ID, and the assistant accepts only that form, so it did not check this signature."
	}
	return Finding{Code: CodeSignatureReference, Severity: SeverityError, Message: msg, Hint: alteredHint(kind)}
}

// rootIdentifier returns the root's ID attribute. A prefixed attribute named
// ID next to it would make "the root's ID" ambiguous (goxmldsig's lookup
// ignores prefixes), so it is a problem.
func rootIdentifier(root *etree.Element) (id, problem string) {
	found := false
	for _, a := range root.Attr {
		if a.Key != "ID" {
			continue
		}
		if a.Space != "" {
			return "", fmt.Sprintf("the root carries a prefixed attribute %s:ID", a.Space)
		}
		id, found = a.Value, true
	}
	switch {
	case !found:
		return "", "the document's root has no ID attribute"
	case id == "":
		return "", "the document's root has an empty ID"
	}
	return id, ""
}

// countID counts the elements whose ID-like attribute equals id.
func countID(root *etree.Element, id string) int {
	n := 0
	var walk func(el *etree.Element)
	walk = func(el *etree.Element) {
		for _, a := range el.Attr {
			if (a.Key == "ID" || a.Key == "Id" || a.Key == "id") && a.Value == id {
				n++
				break
			}
		}
		for _, c := range el.ChildElements() {
			walk(c)
		}
	}
	walk(root)
	return n
}
