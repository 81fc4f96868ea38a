package samlcheck

// CertStatus is a certificate's state when the file was checked. The
// certificate table shows it in these words, in the window and in `check`:
// "active" alone used to stand for "signed this file", which an expired
// signer also did.
type CertStatus string

const (
	// CertActive: it signed this file and is valid at the check's time.
	CertActive CertStatus = "active"
	// CertListed: valid at the check's time, listed, did not sign this file.
	CertListed CertStatus = "listed"
	// CertExpired: its validity ended before the check's time.
	CertExpired CertStatus = "expired"
	// CertNotYetValid: its validity starts after the check's time.
	CertNotYetValid CertStatus = "not-yet-valid"
	// CertUnknown: its dates could not be read.
	CertUnknown CertStatus = "unknown"
)

// StatusText is the status in the words of the certificate table:
// "active (signed this file)", "listed", "expired", "not yet valid",
// with "(signed this file)" also after an expired or not yet valid signer.
func (c Certificate) StatusText() string {
	text := string(c.Status)
	switch c.Status {
	case CertActive:
		return "active (signed this file)"
	case CertNotYetValid:
		text = "not yet valid"
	case "":
		text = string(CertUnknown)
	}
	if c.SignedThisFile {
		text += " (signed this file)"
	}
	return text
}

// certificateStatuses sets every certificate's Status at the check's time.
func (c *checker) certificateStatuses() {
	for i := range c.r.Certificates {
		cert := &c.r.Certificates[i]
		switch {
		case cert.NotAfter.IsZero() || cert.NotBefore.IsZero():
			cert.Status = CertUnknown
		case c.now.After(cert.NotAfter):
			cert.Status = CertExpired
		case c.now.Before(cert.NotBefore):
			cert.Status = CertNotYetValid
		case cert.SignedThisFile:
			cert.Status = CertActive
		default:
			cert.Status = CertListed
		}
	}
}
