package samlcheck

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/beevik/etree"

	"github.com/pymetrics/sso-assistant/internal/sentence"
)

// verifyAndRead verifies the signature of a metadata document and, only when
// it holds, reads the values the report vouches for from the verified
// element.
func (c *checker) verifyAndRead(text []byte, unverifiedRoot *etree.Element, kind Kind) {
	si, problems := inspectSignature(unverifiedRoot, kind)
	c.r.Signature.Present = true
	for _, p := range problems {
		if p.Code == CodeSignatureMissing {
			c.r.Signature.Present = false
		}
	}
	c.r.Findings = append(c.r.Findings, problems...)
	if si == nil {
		if kind == KindEntraApp && c.r.Signature.Present {
			c.reformatted(text)
		}
		return
	}
	c.r.Signature.SignatureAlgorithm = allowedSignatureMethods[si.signatureMethod]
	c.r.Signature.DigestAlgorithm = allowedDigestMethods[si.digestMethod]

	candidates := c.candidates(unverifiedRoot, si)
	if len(candidates) == 0 {
		c.r.Signature.Reason = "no certificate to check the signature with"
		c.r.add(Finding{Code: CodeSignatureUnverifiable, Severity: SeverityError,
			Message: noKeyMessage(unverifiedRoot, c.certs),
			Hint:    untouchedHint})
		return
	}
	vr := verifySignature(unverifiedRoot, si, candidates, c.now)
	if vr.verifiedRoot == nil {
		c.r.Signature.Reason = vr.reason
		if vr.unverifiable != "" {
			c.r.add(Finding{Code: CodeSignatureUnverifiable, Severity: SeverityError,
				Message: "The signature could not be checked: " + vr.unverifiable + ". Without a check, nothing in the file can be trusted.",
				Hint:    untouchedHint})
			return
		}
		msg := "The signature does not match the file's content: the file was changed after it was signed, or damaged. Nothing in it can be trusted."
		if isEntra(kind) {
			msg = "The signature does not match the file's content: the file was changed after Entra signed it, or damaged. Nothing in it can be trusted."
		}
		c.r.add(Finding{Code: CodeSignatureInvalid, Severity: SeverityError, Message: msg, Hint: untouchedHint})
		c.reformatted(text)
		return
	}

	// Trust boundary: from here on, values come from verifiedRoot only.
	verifiedRoot := vr.verifiedRoot
	c.r.Signature.Valid = true
	c.r.Signature.SignerSHA1Thumbprint = vr.signer.info.SHA1Thumbprint
	if weakAlgorithms[si.signatureMethod] || weakAlgorithms[si.digestMethod] {
		c.r.add(Finding{Code: CodeSignatureWeakAlgorithm, Severity: SeverityWarning,
			Message: fmt.Sprintf("The file is signed with SHA-1 (%s, digest %s). The signature holds, but SHA-1 is weak and Entra signs with SHA-256.", c.r.Signature.SignatureAlgorithm, c.r.Signature.DigestAlgorithm),
			Hint:    "Files from Entra ID are signed with SHA-256; a SHA-1 file is old or from another system. " + downloadHint})
	}
	if verifiedKind := classify(verifiedRoot, c.certs); verifiedKind != kind {
		// classify reads only what the signature covers, so the verified
		// root gives the same kind; should that ever change, the verified
		// content wins and its explanation is added.
		c.r.Kind = verifiedKind
		kind = verifiedKind
		c.kindFindings(kind)
	}
	if kind == KindAggregate {
		c.r.Certificates = append(c.r.Certificates, c.signerEntry(vr.signer))
	} else {
		c.readEntity(verifiedRoot, kind, vr.signer)
	}
	c.certificateFindings(kind)
	c.pinFindings(vr.signer, kind)
}

// candidates returns the certificates the signature may be checked with: the
// one in the signature's KeyInfo, or when there is none, each signing
// certificate the IdP lists, and any certificate the caller pinned.
func (c *checker) candidates(unverifiedRoot *etree.Element, si *signatureInfo) []parsedCert {
	if si.keyInfoCert != nil {
		return []parsedCert{c.certs.describe(si.keyInfoCert, "", "signature")}
	}
	var out []parsedCert
	seen := map[string]bool{}
	addDER := func(der []byte, source string) {
		pc := c.certs.describe(der, "signing", source)
		if !seen[pc.info.SHA1Thumbprint] {
			seen[pc.info.SHA1Thumbprint] = true
			out = append(out, pc)
		}
	}
	if unverifiedRoot.Tag == "EntityDescriptor" {
		// The identity provider's signing certificates first, then those
		// of its other roles (a service provider signs its metadata with
		// its own): each is only a candidate key, as KeyInfo's would be.
		kds := keyDescriptors(unverifiedRoot, c.certs)
		for _, idpFirst := range []bool{true, false} {
			for _, kd := range kds {
				if kd.der != nil && kd.use != "encryption" && (kd.role == "IDPSSODescriptor") == idpFirst {
					addDER(kd.der, "metadata")
				}
			}
		}
	}
	for _, der := range c.opts.Certificates {
		addDER(der, "signature")
	}
	return out
}

// readEntity fills entity ID, tenant, endpoints and certificates from the
// verified EntityDescriptor, and checks them the way Entra writes them.
func (c *checker) readEntity(verifiedRoot *etree.Element, kind Kind, signer *parsedCert) {
	verifiedEntityID := attr(verifiedRoot, "entityID")
	c.r.EntityID = verifiedEntityID
	if m := entraEntityID.FindStringSubmatch(verifiedEntityID); m != nil && (kind == KindEntraApp || kind == KindEntraTenant) {
		c.r.TenantID = strings.ToLower(m[1])
	}
	for _, idp := range childrenNS(verifiedRoot, nsMetadata, "IDPSSODescriptor") {
		for _, s := range childrenNS(idp, nsMetadata, "SingleSignOnService") {
			c.r.SSOURLs = append(c.r.SSOURLs, Endpoint{Binding: attr(s, "Binding"), Location: attr(s, "Location")})
		}
		for _, s := range childrenNS(idp, nsMetadata, "SingleLogoutService") {
			c.r.LogoutURLs = append(c.r.LogoutURLs, Endpoint{Binding: attr(s, "Binding"), Location: attr(s, "Location")})
		}
	}

	// Every KeyDescriptor of every role, once per certificate and use. The
	// same Entra certificate appears in all three roles.
	signerListed := false
	seen := map[string]int{}
	for _, kd := range keyDescriptors(verifiedRoot, c.certs) {
		if kd.der == nil {
			c.r.add(Finding{Code: CodeCertUnparseable, Severity: SeverityWarning,
				Message: fmt.Sprintf("A certificate listed in <%s> is damaged: %s.", kd.role, kd.bad)})
			continue
		}
		pc := c.certs.describe(kd.der, kd.use, "metadata")
		key := pc.info.SHA1Thumbprint + "|" + kd.use
		if _, dup := seen[key]; dup {
			continue
		}
		seen[key] = len(c.r.Certificates)
		if sameKey(pc.pub, signer.pub) {
			pc.info.SignedThisFile = true
			signerListed = true
		}
		c.r.Certificates = append(c.r.Certificates, pc.info)
	}
	// The listed certificate is signed content; the KeyInfo copy is not. Name
	// the signer by the listed one when its key matches.
	for _, cert := range c.r.Certificates {
		if cert.SignedThisFile {
			c.r.Signature.SignerSHA1Thumbprint = cert.SHA1Thumbprint
			break
		}
	}
	if !signerListed {
		c.r.Certificates = append(c.r.Certificates, c.signerEntry(signer))
		c.signerNotListed(kind)
	}

	if kind != KindEntraApp {
		return
	}
	if len(c.r.SSOURLs) == 0 {
		c.r.add(Finding{Code: CodeMetadataNoSSO, Severity: SeverityError,
			Message: "The metadata lists no Login URL (SingleSignOnService), so pymetrics would not know where to send users to sign in.",
			Hint:    downloadHint})
	}
	hasSigning := false
	for _, cert := range c.r.Certificates {
		if cert.Source == "metadata" && cert.Use != "encryption" {
			hasSigning = true
		}
	}
	if !hasSigning {
		c.r.add(Finding{Code: CodeMetadataNoSigningCert, Severity: SeverityError,
			Message: "The metadata lists no signing certificate, so pymetrics could not check the sign-ins Entra sends.",
			Hint:    downloadHint})
	}
	for _, e := range c.r.SSOURLs {
		c.checkEndpoint("Login URL", e.Location)
	}
	for _, e := range c.r.LogoutURLs {
		c.checkEndpoint("Logout URL", e.Location)
	}
}

// signerNotListed explains a file signed with a certificate it does not
// list. Entra signs with the listed, active certificate; other identity
// providers may sign their metadata with a separate key, and then the
// listed certificates, not the signer, are what their sign-ins are checked
// with.
func (c *checker) signerNotListed(kind Kind) {
	if isEntra(kind) {
		c.r.add(Finding{Code: CodeMetadataSignerNotListed, Severity: SeverityWarning,
			Message: "The certificate that signed the file is not among the signing certificates the file lists. Entra always signs with a listed certificate.",
			Hint:    downloadHint})
		return
	}
	if kind == KindSP {
		// A service provider receives sign-ins; it signs only its requests.
		c.r.add(Finding{Code: CodeMetadataSignerNotListed, Severity: SeverityInfo,
			Message: "The certificate that signed the file is not among the signing certificates the file lists: this service provider signs its metadata with a separate key."})
		return
	}
	c.r.add(Finding{Code: CodeMetadataSignerNotListed, Severity: SeverityWarning,
		Message: "The certificate that signed the file is not among the signing certificates the file lists: this issuer signs its metadata with a separate key. Sign-ins are checked with the listed signing certificates, not with the one that signed the file.",
		Hint:    "If your organisation signs in through this identity provider, contact pymetrics support with this file: the certificates it lists for signing are the ones to trust for sign-ins."})
}

// noKeyMessage says why a signature without KeyInfo has no key to be
// checked with, from what the file lists.
func noKeyMessage(root *etree.Element, certs *certCache) string {
	if root.Tag == "EntitiesDescriptor" {
		return "The signature carries no certificate, and an aggregate does not list its own signer (the federation publishes its signing certificate separately), so there is no key to check it with."
	}
	if root.Tag != "EntityDescriptor" {
		return "The signature carries no certificate, and the file lists none, so there is no key to check it with."
	}
	listed, damaged := 0, 0
	for _, kd := range keyDescriptors(root, certs) {
		switch {
		case kd.der == nil:
			damaged++
		default:
			listed++
		}
	}
	switch {
	case damaged > 0 && listed > 0:
		return "The signature carries no certificate, and the certificates the file lists are damaged or for encryption only, so there is no key to check it with."
	case damaged > 0:
		return "The signature carries no certificate, and the certificates the file lists are damaged, so there is no key to check it with."
	case listed > 0:
		return "The signature carries no certificate, and the file lists only encryption certificates, so there is no key to check it with."
	}
	return "The signature carries no certificate and the file lists no signing certificate, so there is no key to check it with."
}

var guidPattern = regexp.MustCompile(`(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

// checkEndpoint compares an Entra endpoint with what Entra publishes for the
// tenant: https://login.microsoftonline.com/<tenant>/saml2.
func (c *checker) checkEndpoint(label, location string) {
	want := "https://login.microsoftonline.com/" + c.r.TenantID + "/saml2"
	if strings.EqualFold(location, want) {
		return
	}
	if g := guidPattern.FindString(location); g != "" && !strings.EqualFold(g, c.r.TenantID) {
		c.r.add(Finding{Code: CodeMetadataEndpointMismatch, Severity: SeverityError,
			Message: fmt.Sprintf("The %s %s names tenant %s, but the file's Entra Identifier names tenant %s. The two must agree.", label, location, strings.ToLower(g), c.r.TenantID),
			Hint:    downloadHint})
		return
	}
	u, err := url.Parse(location)
	if err != nil || u.Scheme != "https" {
		c.r.add(Finding{Code: CodeMetadataEndpointMismatch, Severity: SeverityError,
			Message: fmt.Sprintf("The %s %q is not an https address of your tenant (expected %s).", label, location, want),
			Hint:    downloadHint})
		return
	}
	c.r.add(Finding{Code: CodeMetadataEndpointHost, Severity: SeverityWarning,
		Message: fmt.Sprintf("The %s is %s; Entra ID normally publishes %s. This happens with older files and national clouds.", label, location, want),
		Hint:    "If your tenant is in the worldwide Entra ID cloud, " + sentence.LowerFirst(downloadHint)})
}

// signerEntry describes the certificate that verified the signature when the
// metadata does not list it.
func (c *checker) signerEntry(signer *parsedCert) Certificate {
	info := signer.info
	info.Source = "signature"
	info.SignedThisFile = true
	if info.Use == "" || info.Use == "signing" {
		info.Use = "signing"
	}
	return info
}

// reformatted adds the "edited after download" explanation when the bytes
// show the typical marks of an editor or XML pretty-printer: Windows line
// endings, or line breaks and indentation between elements, which Entra
// never writes inside the document.
func (c *checker) reformatted(text []byte) {
	crlf := strings.Count(string(text), "\r\n")
	body := text
	if i := indexRootStart(text); i >= 0 {
		body = text[i:]
	}
	trimmed := strings.TrimRight(string(body), " \t\r\n")
	breaks := len(interElementBreak.FindAllStringIndex(trimmed, 10))
	var marks []string
	if crlf > 0 {
		marks = append(marks, "Windows line endings (CRLF)")
	}
	if breaks >= 3 {
		marks = append(marks, "line breaks and indentation between elements")
	}
	if len(marks) == 0 {
		return
	}
	c.r.add(Finding{Code: CodeInputReformatted, Severity: SeverityWarning,
		Message: "The file was reformatted after it was downloaded: it contains " + strings.Join(marks, " and ") + ", which Entra never writes. Opening and saving the file in an editor or XML tool changes its bytes and breaks the signature.",
		Hint:    untouchedHint})
}

var interElementBreak = regexp.MustCompile(`>[ \t]*\r?\n[ \t\r\n]*<`)

// indexRootStart returns the offset of the root element's start tag, after
// the XML declaration and any comments.
func indexRootStart(text []byte) int {
	s := string(text)
	i := 0
	for i < len(s) {
		j := strings.IndexByte(s[i:], '<')
		if j < 0 {
			return -1
		}
		i += j
		switch {
		case strings.HasPrefix(s[i:], "<?"):
			k := strings.Index(s[i:], "?>")
			if k < 0 {
				return -1
			}
			i += k + 2
		case strings.HasPrefix(s[i:], "<!--"):
			k := strings.Index(s[i:], "-->")
			if k < 0 {
				return -1
			}
			i += k + 3
		default:
			return i
		}
	}
	return -1
}
