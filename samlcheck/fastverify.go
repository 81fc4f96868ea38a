package samlcheck

import (
	"bufio"
	"bytes"
	"crypto"
	"crypto/x509"
	"encoding/base64"
	"encoding/xml"
	"errors"

	"github.com/beevik/etree"
	dsig "github.com/russellhaering/goxmldsig"
	"github.com/russellhaering/goxmldsig/etreeutils"
	"github.com/russellhaering/goxmldsig/types"
)

// x509Algorithms and digestHashes are goxmldsig's tables (unexported there)
// for the methods the allow-lists admit.
var (
	x509Algorithms = map[string]x509.SignatureAlgorithm{
		dsig.RSASHA1SignatureMethod:     x509.SHA1WithRSA,
		dsig.RSASHA256SignatureMethod:   x509.SHA256WithRSA,
		dsig.RSASHA384SignatureMethod:   x509.SHA384WithRSA,
		dsig.RSASHA512SignatureMethod:   x509.SHA512WithRSA,
		dsig.ECDSASHA1SignatureMethod:   x509.ECDSAWithSHA1,
		dsig.ECDSASHA256SignatureMethod: x509.ECDSAWithSHA256,
		dsig.ECDSASHA384SignatureMethod: x509.ECDSAWithSHA384,
		dsig.ECDSASHA512SignatureMethod: x509.ECDSAWithSHA512,
	}
	digestHashes = map[string]crypto.Hash{
		"http://www.w3.org/2000/09/xmldsig#sha1":        crypto.SHA1,
		"http://www.w3.org/2001/04/xmlenc#sha256":       crypto.SHA256,
		"http://www.w3.org/2001/04/xmldsig-more#sha384": crypto.SHA384,
		"http://www.w3.org/2001/04/xmlenc#sha512":       crypto.SHA512,
	}
)

// fastVerifier verifies the document's enveloped signature step for step as
// goxmldsig's ValidationContext.Validate does (the same canonical SignedInfo,
// the same signature check, the reference read from the verified SignedInfo
// only, the same digest, the same error texts, and the verified element
// parsed again from the bytes that were digested), for documents signed with
// exclusive canonicalisation, which is what Entra, AD FS and federation
// feeds use.
//
// What it does not do is what makes Validate slow on large files: copy the
// tree three times, rewrite a copy in place and canonicalise it per
// certificate tried. It canonicalises the parsed tree once (see
// excCanonicalizer) and digests that once, however many candidate
// certificates are tried. Anything else returns errNoFastPath, and the
// caller uses Validate.
type fastVerifier struct {
	root, sig *etree.Element
	// canonicalSignedInfo is the exclusive canonical form of SignedInfo
	// goxmldsig computes in findSignature.
	canonicalSignedInfo []byte
	sizeHint            int
	// rootOnly: the caller reads nothing below the root (an aggregate,
	// whose report vouches for no entity in it), so the verified element
	// is the root alone, parsed from its digested start tag, and the
	// canonical form is never held in memory whole.
	rootOnly bool

	digested bool
	verified *etree.Element
	err      error
}

// newFastVerifier prepares the fast path for the signature inspectSignature
// accepted, or returns errNoFastPath.
func newFastVerifier(root *etree.Element, si *signatureInfo, sizeHint int, rootOnly bool) (*fastVerifier, error) {
	children := si.el.ChildElements()
	if len(children) == 0 || children[0].Tag != "SignedInfo" {
		return nil, errNoFastPath
	}
	signedInfo := children[0]
	var c14n *etree.Element
	for _, c := range signedInfo.ChildElements() {
		if c.Tag == "CanonicalizationMethod" {
			c14n = c
		}
	}
	if c14n == nil {
		return nil, errNoFastPath
	}
	var comments bool
	switch dsig.AlgorithmID(c14n.SelectAttrValue("Algorithm", "")) {
	case dsig.CanonicalXML10ExclusiveAlgorithmId:
	case dsig.CanonicalXML10ExclusiveWithCommentsAlgorithmId:
		comments = true
	default:
		return nil, errNoFastPath
	}
	// goxmldsig walks at most 1000 elements while finding and detaching
	// SignedInfo; stay well inside that so both refuse the same documents.
	if countElements(signedInfo, 900) > 900 {
		return nil, errNoFastPath
	}
	ctx, err := etreeutils.NSBuildParentContext(signedInfo)
	if err != nil {
		return nil, errNoFastPath
	}
	detached, err := etreeutils.NSDetatch(ctx, signedInfo)
	if err != nil {
		return nil, errNoFastPath
	}
	if err := etreeutils.TransformExcC14n(detached, "", comments); err != nil {
		return nil, errNoFastPath
	}
	doc := etree.NewDocument()
	doc.SetRoot(detached)
	doc.WriteSettings = etree.WriteSettings{CanonicalAttrVal: true, CanonicalEndTags: true, CanonicalText: true}
	canonical, err := doc.WriteToBytes()
	if err != nil {
		return nil, errNoFastPath
	}
	return &fastVerifier{root: root, sig: si.el, canonicalSignedInfo: canonical, sizeHint: sizeHint, rootOnly: rootOnly}, nil
}

// verify checks the signature value (base64, as handed to goxmldsig) with
// cert and, when it holds, the digest. It returns the verified element, an
// error as goxmldsig words it, or errNoFastPath.
func (f *fastVerifier) verify(cert *x509.Certificate, signatureMethod, value string) (*etree.Element, error) {
	algo, ok := x509Algorithms[signatureMethod]
	if !ok {
		return nil, errNoFastPath
	}
	decoded, err := base64.StdEncoding.DecodeString(value)
	if err != nil {
		//lint:ignore ST1005 goxmldsig's wording, kept for the reasons it gives
		return nil, errors.New("Could not decode signature")
	}
	if err := cert.CheckSignature(algo, f.canonicalSignedInfo, decoded); err != nil {
		return nil, err
	}
	if !f.digested {
		f.verified, f.err = f.digest()
		f.digested = true
	}
	return f.verified, f.err
}

// digest checks the reference of the verified SignedInfo against the
// document and returns the element parsed from the digested bytes.
func (f *fastVerifier) digest() (*etree.Element, error) {
	// Only the verified bytes say what is referenced and how.
	var signedInfo types.SignedInfo
	if err := xml.Unmarshal(f.canonicalSignedInfo, &signedInfo); err != nil {
		return nil, err
	}
	id := ""
	if a := f.root.SelectAttr(dsig.DefaultIdAttr); a != nil {
		id = a.Value
	}
	var ref *types.Reference
	for i := range signedInfo.References {
		if uri := signedInfo.References[i].URI; uri == "" || uri[1:] == id {
			ref = &signedInfo.References[i]
			break
		}
	}
	if ref == nil {
		//lint:ignore ST1005 goxmldsig's wording, kept for the reasons it gives
		return nil, errors.New("Missing reference")
	}
	want, err := base64.StdEncoding.DecodeString(ref.DigestValue)
	if err != nil {
		return nil, err
	}
	enveloped, exclusive := 0, 0
	var comments bool
	var prefixList string
	for _, t := range ref.Transforms.Transforms {
		switch dsig.AlgorithmID(t.Algorithm) {
		case dsig.EnvelopedSignatureAltorithmId:
			enveloped++
		case dsig.CanonicalXML10ExclusiveAlgorithmId, dsig.CanonicalXML10ExclusiveWithCommentsAlgorithmId:
			exclusive++
			comments = dsig.AlgorithmID(t.Algorithm) == dsig.CanonicalXML10ExclusiveWithCommentsAlgorithmId
			if t.InclusiveNamespaces != nil {
				prefixList = t.InclusiveNamespaces.PrefixList
			}
		default:
			return nil, errNoFastPath
		}
	}
	hash, ok := digestHashes[ref.DigestAlgo.Algorithm]
	if enveloped != 1 || exclusive != 1 || !ok {
		return nil, errNoFastPath
	}

	h := hash.New()
	var canonical bytes.Buffer
	var c *excCanonicalizer
	if f.rootOnly {
		// Nothing below the root will be read: stream the canonical
		// form into the hash, keeping only the root's start tag.
		bw := bufio.NewWriterSize(h, 64<<10)
		c = newExcCanonicalizer(bw, prefixList, comments, f.sig)
		c.keepRootTag = true
		if err := c.element(f.root); err != nil {
			return nil, err
		}
		bw.Flush()
	} else {
		canonical.Grow(f.sizeHint + f.sizeHint/16)
		c = newExcCanonicalizer(&canonical, prefixList, comments, f.sig)
		if err := c.element(f.root); err != nil {
			return nil, err
		}
		h.Write(canonical.Bytes())
	}
	if got := h.Sum(nil); !bytes.Equal(got, want) {
		//lint:ignore ST1005 goxmldsig's wording, kept for the reasons it gives
		return nil, errors.New("Signature could not be verified")
	} else if len(got) < 20 {
		//lint:ignore ST1005 goxmldsig's wording, kept for the reasons it gives
		return nil, errors.New("Computed digest is less than 20 something went wrong")
	}
	// As goxmldsig does: what is read next comes from the digested bytes,
	// never from the tree they were made from (comments, for one, are not
	// signed and must not cut a signed text short).
	verifiedBytes := canonical.Bytes()
	if f.rootOnly {
		// The start tag as digested, closed where it ends ("<x …>" is
		// followed by content, "<x …/>" is a complete document).
		tag := c.rootTag.Bytes()
		verifiedBytes = append(tag[:len(tag)-1:len(tag)-1], "/>"...)
	}
	if doc, ok := parseCanonical(verifiedBytes); ok {
		return doc.Root(), nil
	}
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(verifiedBytes); err != nil {
		return nil, err
	}
	return doc.Root(), nil
}

// countElements counts el and its descendants, stopping past limit.
func countElements(el *etree.Element, limit int) int {
	n := 1
	for _, c := range el.ChildElements() {
		if n > limit {
			break
		}
		n += countElements(c, limit-n)
	}
	return n
}
