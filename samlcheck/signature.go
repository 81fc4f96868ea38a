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

	switch {
	case len(all) == 0:
		return nil, []Finding{{Code: CodeSignatureMissing, Severity: SeverityError,
			Message: "The file has no XML signature, so nothing proves it came from Microsoft Entra ID unchanged. Federation Metadata XML downloaded from Entra is always signed.",
			Hint:    downloadHint}}
	case len(direct) == 0:
		return nil, []Finding{{Code: CodeSignatureMisplaced, Severity: SeverityError,
			Message: fmt.Sprintf("The file's signature sits inside <%s> instead of directly under the document's root, so it does not cover the whole file. Entra signs the whole file; this is how forged files hide unsigned content.", all[0].Parent().Tag),
			Hint:    "This file is not as Entra produced it. " + downloadHint}}
	case len(direct) > 1 || len(all) > len(direct):
		return nil, []Finding{{Code: CodeSignatureMultiple, Severity: SeverityError,
			Message: fmt.Sprintf("The file contains %d signatures; Entra signs its metadata exactly once, over the whole file. Extra signatures are how forged files make a verifier check one part while a reader uses another.", len(all)),
			Hint:    "This file is not as Entra produced it. " + downloadHint}}
	}

	return inspectSignatureElement(root, direct[0])
}

// inspectSignatureElement applies the shape, reference and algorithm rules
// to sig, a Signature that is a direct child of root. Callers have already
// made sure it is the only signature that covers root.
func inspectSignatureElement(root, sig *etree.Element) (*signatureInfo, []Finding) {
	si := &signatureInfo{el: sig}
	var problems []Finding
	malformed := func(format string, args ...any) {
		problems = append(problems, Finding{Code: CodeSignatureMalformed, Severity: SeverityError,
			Message: "The signature is malformed: " + fmt.Sprintf(format, args...) + ".",
			Hint:    untouchedHint})
	}

	// Signature: SignedInfo, SignatureValue, optional KeyInfo, in that order,
	// nothing else (XML Signature, section 4.1; Object is never used here).
	children := sig.ChildElements()
	want := []string{"SignedInfo", "SignatureValue", "KeyInfo"}
	for i, c := range children {
		if c.NamespaceURI() != nsDSig || i >= len(want) || c.Tag != want[i] {
			malformed("unexpected element <%s> inside the Signature", c.Tag)
			return nil, problems
		}
	}
	if len(children) < 2 {
		malformed("it lacks SignedInfo or SignatureValue")
		return nil, problems
	}
	signedInfo, sigValue := children[0], children[1]
	if len(children) == 3 {
		si.keyInfoPresent = true
		for _, xd := range dsChildren(children[2], "X509Data") {
			for _, xc := range dsChildren(xd, "X509Certificate") {
				if si.keyInfoCert != nil {
					break
				}
				der, ok := decodeBase64Loose([]byte(xc.Text()))
				if !ok || len(der) == 0 {
					problems = append(problems, Finding{Code: CodeSignatureCertificate, Severity: SeverityError,
						Message: "The certificate inside the signature is damaged (its text is not valid base64).",
						Hint:    untouchedHint})
					return nil, problems
				}
				si.keyInfoCert = der
			}
		}
	}
	si.signatureValue = strings.Join(strings.Fields(sigValue.Text()), "")
	if _, err := base64.StdEncoding.DecodeString(si.signatureValue); err != nil || si.signatureValue == "" {
		malformed("the SignatureValue is not valid base64")
	}

	// SignedInfo: CanonicalizationMethod, SignatureMethod, one Reference.
	si2 := signedInfo.ChildElements()
	var refs []*etree.Element
	var c14n, sm *etree.Element
	for _, c := range si2 {
		if c.NamespaceURI() != nsDSig {
			malformed("unexpected element <%s> in SignedInfo", c.Tag)
			return nil, problems
		}
		switch c.Tag {
		case "CanonicalizationMethod":
			if c14n != nil {
				malformed("two CanonicalizationMethod elements")
			}
			c14n = c
		case "SignatureMethod":
			if sm != nil {
				malformed("two SignatureMethod elements")
			}
			sm = c
		case "Reference":
			refs = append(refs, c)
		default:
			malformed("unexpected element <%s> in SignedInfo", c.Tag)
		}
	}
	if c14n == nil || sm == nil || len(refs) == 0 {
		malformed("SignedInfo lacks its CanonicalizationMethod, SignatureMethod or Reference")
		return nil, problems
	}
	algorithm := func(el *etree.Element) string {
		v, _, ambiguous := sigAttr(el, "Algorithm")
		if ambiguous {
			malformed("<%s> has more than one Algorithm attribute", el.Tag)
		}
		return v
	}
	if alg := algorithm(c14n); !allowedCanonicalizations[alg] {
		problems = append(problems, algorithmFinding("canonicalization method", alg))
	}
	si.signatureMethod = algorithm(sm)
	if _, ok := allowedSignatureMethods[si.signatureMethod]; !ok {
		problems = append(problems, algorithmFinding("signature method", si.signatureMethod))
	}
	if len(refs) > 1 {
		problems = append(problems, Finding{Code: CodeSignatureReference, Severity: SeverityError,
			Message: fmt.Sprintf("The signature has %d references; Entra's signature has exactly one, to the whole file.", len(refs)),
			Hint:    "This file is not as Entra produced it. " + downloadHint})
		return nil, problems
	}
	ref := refs[0]

	// The Reference must name the root by its ID; the ID must be the root's
	// own, unprefixed and unique, so no other element can answer to it.
	rootID, idProblem := rootIdentifier(root)
	uri, hasURI, ambiguousURI := sigAttr(ref, "URI")
	switch {
	case ambiguousURI:
		problems = append(problems, referenceFinding("its reference carries more than one URI attribute"))
	case idProblem != "":
		problems = append(problems, referenceFinding(idProblem))
	case !hasURI || uri != "#"+rootID:
		got := "no URI"
		if hasURI {
			got = fmt.Sprintf("URI %q", uri)
		}
		problems = append(problems, referenceFinding(fmt.Sprintf("its reference has %s, but the document's root has ID %q", got, rootID)))
	default:
		if n := countID(root, rootID); n > 1 {
			problems = append(problems, referenceFinding(fmt.Sprintf("%d elements carry the ID %q the signature refers to", n, rootID)))
		}
	}

	var transforms, digestMethods, digestValues []*etree.Element
	for _, c := range ref.ChildElements() {
		if c.NamespaceURI() != nsDSig {
			malformed("unexpected element <%s> in Reference", c.Tag)
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
			malformed("unexpected element <%s> in Reference", c.Tag)
		}
	}
	if len(transforms) > 1 || len(digestMethods) != 1 || len(digestValues) != 1 {
		malformed("the Reference must hold one Transforms, one DigestMethod and one DigestValue")
		return nil, problems
	}
	enveloped := false
	if len(transforms) == 1 {
		for _, t := range transforms[0].ChildElements() {
			alg := algorithm(t)
			switch {
			case t.Tag != "Transform" || t.NamespaceURI() != nsDSig:
				malformed("unexpected element <%s> in Transforms", t.Tag)
			case alg == string(dsig.EnvelopedSignatureAltorithmId):
				enveloped = true
			case allowedCanonicalizations[alg]:
			default:
				problems = append(problems, Finding{Code: CodeSignatureTransform, Severity: SeverityError,
					Message: fmt.Sprintf("The signature uses the transform %q, which is not on the allow-list (enveloped signature and canonicalisation only). Transforms like XPath and XSLT let a signature cover something other than what is read.", alg),
					Hint:    "This file is not as Entra produced it. " + downloadHint})
			}
		}
	}
	if !enveloped {
		problems = append(problems, Finding{Code: CodeSignatureTransform, Severity: SeverityError,
			Message: "The signature does not use the enveloped-signature transform, so it cannot be a signature over the whole file that contains it.",
			Hint:    "This file is not as Entra produced it. " + downloadHint})
	}
	si.digestMethod = algorithm(digestMethods[0])
	if _, ok := allowedDigestMethods[si.digestMethod]; !ok {
		problems = append(problems, algorithmFinding("digest method", si.digestMethod))
	}
	if len(problems) > 0 {
		return nil, problems
	}
	return si, nil
}

func algorithmFinding(what, alg string) Finding {
	if alg == "" {
		alg = "(none)"
	}
	return Finding{Code: CodeSignatureAlgorithm, Severity: SeverityError,
		Message: fmt.Sprintf("The signature's %s %q is not one the assistant accepts (Entra uses RSA-SHA256 with exclusive canonicalisation).", what, alg),
		Hint:    "This file is not as Entra produced it. " + downloadHint}
}

func referenceFinding(detail string) Finding {
	return Finding{Code: CodeSignatureReference, Severity: SeverityError,
		Message: "The signature does not point at the whole file: " + detail + ". A signature that refers to another element is how forged files reuse a genuine signature.",
		Hint:    "This file is not as Entra produced it. " + downloadHint}
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
