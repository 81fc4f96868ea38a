package samlcheck

// certCache remembers, for one check, the certificates already decoded and
// parsed. Entra lists its signing certificate in all three roles, and
// classification (of the unverified and then the verified tree), the choice
// of candidate keys and the reading of the verified tree each look at every
// listed certificate: without it, an Entra file would parse the same
// certificate ten times. A nil *certCache parses every time.
type certCache struct {
	parsed  map[string]parsedCert // by DER
	decoded map[string]decodedB64 // by certificate text
}

type decodedB64 struct {
	der []byte
	ok  bool
}

func newCertCache() *certCache {
	return &certCache{parsed: map[string]parsedCert{}, decoded: map[string]decodedB64{}}
}

// describe is describeCertificate, parsing each DER once.
func (cc *certCache) describe(der []byte, use, source string) parsedCert {
	if cc == nil {
		return describeCertificate(der, use, source)
	}
	pc, ok := cc.parsed[string(der)]
	if !ok {
		pc = describeCertificate(der, use, source)
		cc.parsed[string(der)] = pc
	}
	// Only use and source depend on where the certificate was found.
	pc.info.Use, pc.info.Source = use, source
	return pc
}

// decode is decodeBase64Loose, decoding each text once.
func (cc *certCache) decode(text string) ([]byte, bool) {
	if cc == nil {
		return decodeBase64Loose([]byte(text))
	}
	d, ok := cc.decoded[text]
	if !ok {
		d.der, d.ok = decodeBase64Loose([]byte(text))
		cc.decoded[text] = d
	}
	return d.der, d.ok
}
