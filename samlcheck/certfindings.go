package samlcheck

import (
	"fmt"
	"math"
)

// expiryWarningDays matches the notices Entra mails before a SAML signing
// certificate expires (60, 30 and 7 days).
const expiryWarningDays = 60

// certificateFindings judges the certificates read from the verified file:
// the one that signed it must be valid now; the others are mentioned when
// they matter for the admin's next step.
func (c *checker) certificateFindings(kind Kind) {
	signing := 0
	for _, cert := range c.r.Certificates {
		if cert.Use == "encryption" {
			continue
		}
		if cert.Source == "metadata" {
			signing++
		}
		if cert.ParseError != "" {
			c.r.add(unparseableFinding(cert))
		}
		if cert.Key.Type == "RSA" && cert.Key.Bits > 0 && cert.Key.Bits < 2048 {
			c.r.add(Finding{Code: CodeCertWeakKey, Severity: SeverityWarning,
				Message: fmt.Sprintf("The signing certificate %s has a %d-bit RSA key; 2048 bits is the minimum considered safe, and what Entra creates.", cert.SHA1Thumbprint, cert.Key.Bits),
				Hint:    "Create a new SAML signing certificate for the pymetrics application (Single sign-on page, \"SAML Certificates\"), make it Active, and download Federation Metadata XML again."})
		}
		if cert.NotAfter.IsZero() {
			continue
		}
		days := int(math.Floor(cert.NotAfter.Sub(c.now).Hours() / 24))
		switch {
		case cert.SignedThisFile && c.now.After(cert.NotAfter):
			hint := "On the pymetrics application's Single sign-on page, under \"SAML Certificates\", add a new certificate and make it Active, then download \"Federation Metadata XML\" again."
			if next := c.validSuccessor(); next != nil {
				hint = fmt.Sprintf("The file also lists certificate %s, valid until %s. On the pymetrics application's Single sign-on page, under \"SAML Certificates\", make that certificate Active, then download \"Federation Metadata XML\" again.", next.SHA1Thumbprint, next.NotAfter.Format("2 January 2006"))
			}
			c.r.add(Finding{Code: CodeCertExpired, Severity: SeverityError,
				Message: fmt.Sprintf("The certificate that signed this file (thumbprint %s) expired on %s. Sign-ins signed with it are refused.", cert.SHA1Thumbprint, cert.NotAfter.Format("2 January 2006")),
				Hint:    hint})
		case cert.SignedThisFile && c.now.Before(cert.NotBefore):
			c.r.add(Finding{Code: CodeCertNotYetValid, Severity: SeverityWarning,
				Message: fmt.Sprintf("The certificate that signed this file (thumbprint %s) only becomes valid on %s.", cert.SHA1Thumbprint, cert.NotBefore.Format("2 January 2006 15:04 MST")),
				Hint:    "Check your computer's clock; if it is right, wait until then or make another certificate Active."})
		case cert.SignedThisFile && days < expiryWarningDays:
			c.r.add(Finding{Code: CodeCertExpiringSoon, Severity: SeverityWarning,
				Message: fmt.Sprintf("The certificate that signed this file (thumbprint %s) expires on %s, %s.", cert.SHA1Thumbprint, cert.NotAfter.Format("2 January 2006"), inDays(days)),
				Hint:    "Sign-in to pymetrics stops working when it expires. Renew it without an outage: on the Single sign-on page, under \"SAML Certificates\", add a new certificate and leave it Inactive, send pymetrics a rollover bundle (File > Renew the signing certificate, or pymetrics-sso rollover), and make the new certificate Active only after pymetrics confirms."})
		case !cert.SignedThisFile && c.now.After(cert.NotAfter):
			c.r.add(c.inactiveExpired(kind, cert))
		}
	}
	if signing > 1 && (kind == KindEntraApp || kind == KindIdP || kind == KindADFS) {
		if s := c.r.SignerCertificate(); s != nil {
			c.r.add(Finding{Code: CodeCertMultiple, Severity: SeverityInfo,
				Message: fmt.Sprintf("The file lists %d signing certificates. The one that signed it (thumbprint %s, valid until %s) is the active one.", signing, s.SHA1Thumbprint, s.NotAfter.Format("2 January 2006")),
				Hint:    "On the Single sign-on page, under \"SAML Certificates\", the certificate marked Active must show this thumbprint."})
		}
	}
}

// inactiveExpired is the finding for an expired listed certificate that
// did not sign the file. Entra signs sign-ins with the certificate that
// signs its metadata, so another one does not affect sign-in. Other issuers
// may sign metadata and sign-ins with different keys: when the signer is
// not listed, the listed certificates are the ones sign-ins are checked
// with.
func (c *checker) inactiveExpired(kind Kind, cert Certificate) Finding {
	expired := fmt.Sprintf("The file also lists certificate %s, which expired on %s.", cert.SHA1Thumbprint, cert.NotAfter.Format("2 January 2006"))
	switch {
	case isEntra(kind) || kind == KindAggregate:
		return Finding{Code: CodeCertInactiveExpired, Severity: SeverityInfo,
			Message: expired + " It did not sign this file, so it does not affect sign-in."}
	case kind == KindSP:
		// A service provider's certificates sign its requests, not sign-ins.
		return Finding{Code: CodeCertInactiveExpired, Severity: SeverityInfo,
			Message: expired + " It did not sign this file."}
	case !c.signerListed():
		return Finding{Code: CodeCertInactiveExpired, Severity: SeverityWarning,
			Message: expired + " It did not sign this file, but the file lists it for signing, and the listed certificates are what sign-ins from this issuer are checked with: sign-ins signed with it are refused."}
	}
	return Finding{Code: CodeCertInactiveExpired, Severity: SeverityInfo,
		Message: expired + " It did not sign this file; if the issuer still signs sign-ins with it, they are refused."}
}

// signerListed reports whether the certificate that signed the file is one
// the file lists.
func (c *checker) signerListed() bool {
	for _, cert := range c.r.Certificates {
		if cert.SignedThisFile && cert.Source == "metadata" {
			return true
		}
	}
	return false
}

// validSuccessor returns a listed signing certificate, other than the signer,
// that is valid now and lasts longest: the one to make Active.
func (c *checker) validSuccessor() *Certificate {
	var best *Certificate
	for i := range c.r.Certificates {
		cert := &c.r.Certificates[i]
		if cert.SignedThisFile || cert.Use == "encryption" || cert.Source != "metadata" ||
			c.now.Before(cert.NotBefore) || c.now.After(cert.NotAfter) {
			continue
		}
		if best == nil || cert.NotAfter.After(best.NotAfter) {
			best = cert
		}
	}
	return best
}

func unparseableFinding(cert Certificate) Finding {
	return Finding{Code: CodeCertUnparseable, Severity: SeverityInfo,
		Message: fmt.Sprintf("Certificate %s is encoded in a way strict parsers refuse (%s); its details were read leniently and its thumbprints are exact.", cert.SHA1Thumbprint, cert.ParseError)}
}

// pinFindings compares the signer with the thumbprints and certificates the
// caller trusts. Without a pin, a valid signature proves only that the file
// is intact: the certificate that checks it travels in the same file.
func (c *checker) pinFindings(signer *parsedCert, kind Kind) {
	var pins []string
	for _, t := range c.opts.Thumbprints {
		n, err := NormalizeThumbprint(t)
		if err != nil {
			c.r.add(Finding{Code: CodePinInvalid, Severity: SeverityError,
				Message: fmt.Sprintf("The expected thumbprint %q is not a SHA-1 thumbprint (40 hexadecimal digits).", t),
				Hint:    "Copy the Thumbprint shown under \"SAML Certificates\" on the pymetrics application's Single sign-on page."})
			continue
		}
		pins = append(pins, n)
	}
	pinnedCerts := make([]parsedCert, 0, len(c.opts.Certificates))
	for _, der := range c.opts.Certificates {
		pc := describeCertificate(der, "", "pin")
		pinnedCerts = append(pinnedCerts, pc)
		pins = append(pins, pc.info.SHA1Thumbprint)
	}

	thumb := signer.info.SHA1Thumbprint
	if len(pins) == 0 {
		f := Finding{Code: CodeSignatureSelfSignedOnly, Severity: SeverityInfo,
			Message: fmt.Sprintf("The signature is valid: the file is intact and was signed with the certificate whose thumbprint is %s. That certificate travels inside the file, so this proves the file was not changed, not who made it.", thumb)}
		// The Entra portal shows the thumbprints of Entra's certificates
		// only; there is nothing to compare another issuer's with.
		if isEntra(kind) {
			f.Hint = "Compare this thumbprint with the Thumbprint shown under \"SAML Certificates\" on the pymetrics application's Single sign-on page; they must be identical."
		}
		c.r.add(f)
		return
	}
	// Names the signer may go by: its own thumbprint and that of any listed
	// certificate carrying the same key.
	names := map[string]bool{thumb: true}
	for _, cert := range c.r.Certificates {
		if cert.SignedThisFile {
			names[cert.SHA1Thumbprint] = true
		}
	}
	for _, p := range pins {
		if names[p] {
			c.r.Signature.Pinned = true
		}
	}
	for _, pc := range pinnedCerts {
		if sameKey(pc.pub, signer.pub) {
			c.r.Signature.Pinned = true
		}
	}
	if c.r.Signature.Pinned {
		c.r.add(Finding{Code: CodeSignaturePinnedSigner, Severity: SeverityInfo,
			Message: fmt.Sprintf("The file was signed by the expected certificate (thumbprint %s): it is intact and authentic.", thumb)})
		return
	}
	c.r.add(Finding{Code: CodeSignatureUntrustedSigner, Severity: SeverityError,
		Message: fmt.Sprintf("The file was signed by certificate %s, not by the expected one (%s). It may come from another application or tenant, or be forged.", thumb, joinMax(pins, 3)),
		Hint:    "Check that the expected thumbprint is the one shown under \"SAML Certificates\" on the pymetrics application's Single sign-on page, and that the file was downloaded from that same page."})
}

func inDays(n int) string {
	switch {
	case n < 1:
		return "within a day"
	case n == 1:
		return "in 1 day"
	}
	return fmt.Sprintf("in %d days", n)
}

func joinMax(ss []string, n int) string {
	if len(ss) <= n {
		return fmt.Sprint(joinComma(ss))
	}
	return joinComma(ss[:n]) + fmt.Sprintf(" and %d more", len(ss)-n)
}

func joinComma(ss []string) string {
	out := ""
	for i, s := range ss {
		if i > 0 {
			out += ", "
		}
		out += s
	}
	return out
}
